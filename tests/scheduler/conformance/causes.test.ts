/**
 * The causes the trace records, against CPython 3.11's own objects, case by case: which waiter each
 * Lock.release (or a cancelled waiter's hand-off), Event.set, Condition.notify, Semaphore.release
 * and Queue.put or get wakes, in which tick and in which order; and every accepted Task.cancel(),
 * who made it, in which tick and in which order; and the tick in which each message of the loop's
 * exception handler is written ("Task exception was never retrieved"), in the cases whose log
 * does not depend on when CPython's reference counting drops a task (compareLogs). CPython's side comes from wrapping asyncio's
 * locks, queues and Task.cancel in tools/cpython_ticks.py (--causes), stored in
 * cpython-causes.json and re-checked against the live interpreter where python3 >= 3.11 exists.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { forEachEvent } from '../../../scheduler/trace/decode.ts';
import type { Trace } from '../../../scheduler/trace/format.ts';
import { allCases } from './all-cases.ts';
import { modelRun } from './framework.ts';
import { cpython, runPythonJson } from '../../support/python.ts';

const goldenPath = fileURLToPath(new URL('./cpython-causes.json', import.meta.url));
const golden: Record<string, string[]> = existsSync(goldenPath) ? JSON.parse(readFileSync(goldenPath, 'utf8')) : {};

/** The model's causes in the form tools/cpython_ticks.py --causes writes CPython's. */
export function causesOf(trace: Trace): string[] {
  const names: string[] = [];
  const out: string[] = [];
  const pending = new Map<number, { at: number; text: string }>();
  let tick = 0;
  forEachEvent(trace, (event) => {
    switch (event.op) {
      case 'tick':
        tick = event.index;
        break;
      case 'task-new':
      case 'task-rename':
        names[event.task] = event.name;
        break;
      case 'wake':
        // Named once the waiter's wake-up is queued (the task that awaits the future).
        pending.set(event.future, { at: out.length, text: `${tick} wake ${event.cause}` });
        out.push('');
        break;
      case 'queue-wakeup': {
        const wake = pending.get(event.future);
        if (wake !== undefined) {
          out[wake.at] = `${wake.text} ${names[event.task] ?? '?'}`;
          pending.delete(event.future);
        }
        break;
      }
      case 'log':
        // The loop's exception handler's messages (Python's warnings are not in CPython's log).
        if (event.kind !== 'never-awaited') out.push(`${tick} log ${event.text.split('; ')[0]} ${event.task >= 0 ? (names[event.task] ?? '?') : '-'}`);
        break;
      case 'task-cancel':
        out.push(`${tick} cancel ${names[event.task] ?? '?'} by ${event.by >= 0 ? (names[event.by] ?? '?') : '-'}`);
        break;
      default:
        break;
    }
  });
  for (const wake of pending.values()) out[wake.at] = `${wake.text} ?`;
  return out;
}

describe('who woke and who cancelled whom, as CPython 3.11 does it', () => {
  for (const testCase of allCases) {
    test(`${testCase.title} [${testCase.id}]`, () => {
      const expected = golden[testCase.id];
      expect(expected, `no CPython cause log for ${testCase.id}: run npm run golden:cpython`).toBeDefined();
      // Log lines only where their timing does not depend on reference counting (compareLogs).
      const keep = (line: string): boolean => (testCase.compareLogTicks ?? testCase.compareLogs) === true || !/^\d+ log /.test(line);
      expect(causesOf(modelRun(testCase).played.trace).filter(keep)).toEqual((expected as string[]).filter(keep));
    });
  }

  test('the cases exercise every kind of wake-up and cancellation', () => {
    const kinds = new Set(Object.values(golden).flatMap((lines) => lines.map((line) => line.split(' ').slice(1, 3).join(' ').replace(/^cancel .*/, 'cancel'))));
    for (const kind of ['wake lock-release', 'wake lock-handoff', 'wake event-set', 'wake condition-notify', 'wake semaphore-release', 'wake semaphore-handoff', 'wake queue-put', 'wake queue-get', 'wake queue-handoff', 'cancel']) {
      expect([...kinds], kind).toContain(kind);
    }
  });
});

const python = cpython();
describe('the cause log is what CPython says today', () => {
  test.skipIf(!python.ok)(`live CPython agrees with cpython-causes.json${python.ok ? '' : ` (skipped: ${python.why})`}`, () => {
    const live = runPythonJson<Record<string, string[]>>('tools/cpython_ticks.py', Object.fromEntries(allCases.map((c) => [c.id, c.python])), 600_000, ['--causes']);
    const changed = Object.keys(live).filter((id) => JSON.stringify(live[id]) !== JSON.stringify(golden[id]));
    if (changed.length > 0) writeFileSync(goldenPath.replace(/\.json$/, '.changed.json'), `${JSON.stringify(live, null, 1)}\n`);
    expect(changed, 'cases whose CPython cause log differs from cpython-causes.json (see cpython-causes.changed.json)').toEqual([]);
  }, 300_000);
  if (!python.ok) console.log(`CPython cause check skipped: ${python.why}`);
});
