/**
 * The corpus (tests/corpus/): asyncio programs written in the idioms of the Python documentation,
 * CPython's asyncio tests, books and tutorials, with the imports, decorators, standard library
 * and asyncio patterns teaching code uses. Each is played by Loopscope and by CPython's real
 * asyncio (tools/cpython_reference.py, virtual clock) and must give the same stdout transcript
 * and the same stderr lines (logging, print(file=sys.stderr)), line for line.
 *
 * The programs Loopscope does not play yet are listed in NOT_YET with the reason; for each, the
 * test checks that it still differs, so the list (and the README's count, which a test below
 * keeps honest) cannot go stale when one starts to play.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { referenceEndLine, stderrLines, transcriptLines } from '../../scheduler/trace/transcript.ts';
import { cpython } from '../support/python.ts';

const run = promisify(execFile);
const python = cpython();
const DIR = 'tests/corpus';
const files = readdirSync(DIR)
  .filter((name) => name.endsWith('.py'))
  .sort();

/** Programs that do not play as CPython plays them yet, and why (the README lists them too). */
export const NOT_YET: Readonly<Record<string, string>> = {};

/** What a transcript shows of an address: CPython's runner writes `at 0x?` for any. */
const sanitize = (line: string): string => line.replace(/at 0x[0-9a-fA-F]+/g, 'at 0x?');

interface Played {
  lines: string[];
  stderr: string[];
}

const reference = new Map<string, Played>();

function ours(file: string): Played | string {
  const result = runScenario(readFileSync(`${DIR}/${file}`, 'utf8'), { file: `${DIR}/${file}` });
  if (result.error !== null) return result.error.format();
  return {
    lines: transcriptLines(result.trace, { logs: false }).map(referenceEndLine).map(sanitize),
    stderr: stderrLines(result.trace).map(sanitize),
  };
}

beforeAll(async () => {
  if (!python.ok) return;
  // Two at a time: the machine has two cores.
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const { stdout } = await run('python3', ['tools/cpython_reference.py', `${DIR}/${file}`, '--no-log', '--json'], { maxBuffer: 1 << 26 });
      const json = JSON.parse(stdout) as { lines: string[]; stderr: string[]; end: { line: string } };
      reference.set(file, { lines: [...json.lines, json.end.line], stderr: json.stderr });
    }
  };
  await Promise.all([worker(), worker()]);
}, 900_000);

describe('the corpus plays as CPython plays it', () => {
  test('the corpus has at least 60 programs, and every NOT_YET entry is one of them', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
    for (const name of Object.keys(NOT_YET)) expect(files).toContain(name);
  });

  test("the README's figures are the corpus's", () => {
    const readme = readFileSync('README.md', 'utf8');
    const playing = files.length - Object.keys(NOT_YET).length;
    expect(readme).toContain(`${playing} of the ${files.length} programs of the corpus`);
    for (const name of Object.keys(NOT_YET)) expect(readme).toContain(name);
  });

  for (const file of files) {
    const gap = NOT_YET[file];
    const title = gap === undefined ? file : `${file} (does not play yet: ${gap})`;
    test.skipIf(!python.ok)(`${title}${python.ok ? '' : ` (skipped: ${python.why})`}`, () => {
      const played = ours(file);
      if (gap !== undefined) {
        // Still a gap: when it plays, move it out of NOT_YET (and the README).
        expect(played).not.toEqual(reference.get(file));
        return;
      }
      expect(typeof played === 'string' ? played : null).toBeNull();
      expect(played).toEqual(reference.get(file));
    });
  }
});

/**
 * tests/corpus/warnings/: programs about the loop's warnings ("never awaited", "never retrieved",
 * async generators closed by the finalizer hook), compared with their LOG lines, which say when
 * CPython's garbage collection ran them.
 */
describe('the corpus\'s warnings come at the step CPython writes them', () => {
  const WARNINGS = `${DIR}/warnings`;
  const programs = readdirSync(WARNINGS)
    .filter((name) => name.endsWith('.py'))
    .sort();
  test('there are warning programs', () => {
    expect(programs.length).toBeGreaterThanOrEqual(3);
  });
  for (const file of programs) {
    test.skipIf(!python.ok)(file, async () => {
      const path = `${WARNINGS}/${file}`;
      const { stdout } = await run('python3', ['tools/cpython_reference.py', path], { maxBuffer: 1 << 26 });
      const result = runScenario(readFileSync(path, 'utf8'), { file: path });
      expect(result.error).toBeNull();
      expect(transcriptLines(result.trace).map(referenceEndLine).map(sanitize)).toEqual(stdout.trimEnd().split('\n'));
    });
  }
});

if (!python.ok) console.log(`CPython conformance of the corpus skipped: ${python.why}`);
