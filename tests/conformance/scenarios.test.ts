/**
 * Fidelity, end to end: every scenario in scenarios/ played by Loopscope and by CPython's real
 * asyncio (tools/cpython_reference.py, virtual clock) must give the same transcript, line for
 * line: times, task names, printed text and the END line. LOG lines (loop warnings) are optional
 * in the transcript format and are left out on both sides.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { referenceEndLine, transcriptLines } from '../../scheduler/trace/transcript.ts';
import { cpython } from '../support/python.ts';

const run = promisify(execFile);
const python = cpython();
const files = readdirSync('scenarios')
  .filter((name) => name.endsWith('.py'))
  .sort()
  .map((name) => `scenarios/${name}`);

const reference = new Map<string, string[]>();

beforeAll(async () => {
  if (!python.ok) return;
  // Two at a time: the machine has two cores.
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const { stdout } = await run('python3', ['tools/cpython_reference.py', file, '--no-log'], { maxBuffer: 1 << 26 });
      reference.set(file, stdout.trimEnd().split('\n'));
    }
  };
  await Promise.all([worker(), worker()]);
}, 600_000);

describe('scenarios play as CPython plays them', () => {
  test('the gallery has at least 25 scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of files) {
    test.skipIf(!python.ok)(`${file}${python.ok ? '' : ` (skipped: ${python.why})`}`, () => {
      const result = runScenario(readFileSync(file, 'utf8'), { file });
      expect(result.error, result.error?.format()).toBeNull();
      // The reference's END line of a limit stops at `limit`; ours adds the reason.
      const ours = transcriptLines(result.trace, { logs: false }).map(referenceEndLine);
      expect(ours).toEqual(reference.get(file));
    });
  }
});

if (!python.ok) console.log(`CPython conformance of the gallery skipped: ${python.why}`);
