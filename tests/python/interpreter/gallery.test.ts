/**
 * THE conformance test of the interpreter: every scenario of the gallery, played by
 * runScenario, prints exactly CPython's transcript (tests/reference/expected/*.txt, produced by
 * tools/cpython_reference.py). LOG lines are optional in the transcript format, so the main
 * comparison leaves them out; a second test checks that they match too, as they do today.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../../scheduler/python/scenario.ts';
import { transcriptLines } from '../../../scheduler/trace/transcript.ts';

const root = new URL('../../../', import.meta.url);
const scenarios = readdirSync(new URL('scenarios/', root))
  .filter((f) => f.endsWith('.py'))
  .sort();

function expected(name: string): string[] {
  return readFileSync(new URL(`tests/reference/expected/${name}.txt`, root), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

const noLog = (lines: string[]) => lines.filter((l) => !l.startsWith('LOG\t'));

describe('gallery: runScenario equals CPython, line for line', () => {
  test('the gallery has scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of scenarios) {
    const name = file.replace(/\.py$/, '');
    test(name, () => {
      const source = readFileSync(new URL(`scenarios/${file}`, root), 'utf8');
      const result = runScenario(source, { file });
      expect(result.error).toBeNull();
      const lines = transcriptLines(result.trace);
      expect(noLog(lines)).toEqual(noLog(expected(name)));
      // The optional LOG lines (loop warnings) match CPython's too.
      expect(lines).toEqual(expected(name));
    });
  }
});
