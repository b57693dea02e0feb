/**
 * What the fuzzer mutates: the gallery (scenarios/*.py) and the language corpus (tests/corpus,
 * every .py under it, if it is there), in a fixed order so that a seed names the same cases on
 * every machine.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CorpusFile {
  /** Relative to the project, e.g. scenarios/05-producer-consumer-bounded-queue.py. */
  name: string;
  source: string;
}

function pythonFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) out.push(...pythonFiles(path));
    else if (entry.endsWith('.py')) out.push(path);
  }
  return out;
}

export function loadCorpus(root: string): CorpusFile[] {
  return [...pythonFiles(join(root, 'scenarios')), ...pythonFiles(join(root, 'tests', 'corpus'))].map((path) => ({
    name: relative(root, path),
    source: readFileSync(path, 'utf8'),
  }));
}
