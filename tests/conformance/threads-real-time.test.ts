/**
 * Worker threads against CPython in real time. The virtual-clock reference runner cannot run
 * threads, so the programs of tests/corpus/threads/ (asyncio.to_thread, loop.run_in_executor,
 * ThreadPoolExecutor) run on CPython's stock loop with real threads and the real clock
 * (`tools/cpython_reference.py --real-time`), and Loopscope's virtual threads must agree:
 *
 * - the same lines, from the same tasks and threads (asyncio_0, ...);
 * - in the same order, wherever CPython's own order is not a race (lines more than RACE apart);
 * - at the same times, within TOLERANCE (real threads start late and sleep long by a few ms,
 *   and the machine is shared).
 *
 * A run that misses the tolerance on a busy machine is tried once more before it fails.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { transcriptLines } from '../../scheduler/trace/transcript.ts';
import { cpython } from '../support/python.ts';

const run = promisify(execFile);
const python = cpython();
const DIR = 'tests/corpus/threads';
const files = readdirSync(DIR)
  .filter((name) => name.endsWith('.py'))
  .sort();

/** Seconds: how far a real line's time may be from the virtual one (plus 10% of the time). */
const TOLERANCE = 0.08;
/** Seconds: real lines closer than this may come in either order (two threads racing). */
const RACE = 0.04;

interface Line {
  time: number;
  who: string;
  text: string;
}

function parse(lines: string[]): { lines: Line[]; end: string } {
  const out: Line[] = [];
  let end = '';
  for (const line of lines) {
    const fields = line.split('\t');
    if (fields[0] === 'END') {
      end = fields[2] ?? '';
      continue;
    }
    if (fields[0] === 'LOG') continue;
    out.push({ time: Number(fields[0]), who: fields[1]!, text: fields.slice(2).join('\t') });
  }
  return { lines: out, end };
}

/** Differences between Loopscope's run and CPython's real-time one (empty when they agree). */
function compare(ours: { lines: Line[]; end: string }, real: { lines: Line[]; end: string }): string[] {
  const problems: string[] = [];
  if (ours.end !== real.end) problems.push(`END ${ours.end} vs ${real.end}`);
  const key = (l: Line) => `${l.who}\t${l.text}`;
  const a = ours.lines.map(key).sort();
  const b = real.lines.map(key).sort();
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    problems.push(`different lines:\n${ours.lines.map(key).join('\n')}\n--- CPython ---\n${real.lines.map(key).join('\n')}`);
    return problems;
  }
  // Each of our lines, matched to CPython's same line (in order, for repeated ones).
  const used = new Set<number>();
  const realIndex = ours.lines.map((l) => {
    const i = real.lines.findIndex((r, k) => !used.has(k) && key(r) === key(l));
    used.add(i);
    return i;
  });
  ours.lines.forEach((l, i) => {
    const r = real.lines[realIndex[i]!]!;
    if (Math.abs(r.time - l.time) > TOLERANCE + 0.1 * l.time) problems.push(`${key(l)}: ${l.time.toFixed(3)} s here, ${r.time.toFixed(3)} s in CPython`);
  });
  for (let i = 0; i < ours.lines.length; i++) {
    for (let j = i + 1; j < ours.lines.length; j++) {
      const [ri, rj] = [real.lines[realIndex[i]!]!, real.lines[realIndex[j]!]!];
      if (realIndex[i]! > realIndex[j]! && ri.time - rj.time > RACE) problems.push(`order: ${key(ours.lines[i]!)} before ${key(ours.lines[j]!)} here, after it in CPython`);
    }
  }
  return problems;
}

describe('worker threads agree with CPython running the same file in real time', () => {
  test('there are thread programs to compare', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  for (const file of files) {
    test.skipIf(!python.ok)(`${file}${python.ok ? '' : ` (skipped: ${python.why})`}`, async () => {
      const path = `${DIR}/${file}`;
      const result = runScenario(readFileSync(path, 'utf8'), { file: path });
      expect(result.error).toBeNull();
      const ours = parse(transcriptLines(result.trace, { logs: false }));
      let problems: string[] = [];
      for (let attempt = 0; attempt < 2; attempt++) {
        const { stdout } = await run('python3', ['tools/cpython_reference.py', path, '--no-log', '--real-time']);
        problems = compare(ours, parse(stdout.trimEnd().split('\n')));
        if (problems.length === 0) break;
      }
      expect(problems).toEqual([]);
    }, 60_000);
  }

  test('the comparison fails on a wrong order and on a wrong time', () => {
    const real = { lines: [{ time: 0, who: 'a', text: 'x' }, { time: 0.5, who: 'b', text: 'y' }], end: 'ok' };
    expect(compare({ lines: [real.lines[1]!, real.lines[0]!], end: 'ok' }, real)).not.toEqual([]);
    expect(compare({ lines: [real.lines[0]!, { ...real.lines[1]!, time: 0.7 }], end: 'ok' }, real)).not.toEqual([]);
    expect(compare(real, real)).toEqual([]);
  });
});
