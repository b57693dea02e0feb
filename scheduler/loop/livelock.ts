/**
 * Livelock: the loop keeps turning but nothing moves. A task that busy-polls a flag with
 * `await asyncio.sleep(0)` always leaves itself in the ready queue, so the selector never waits
 * and virtual time never passes; left alone, such a run spins to the tick limit (a million
 * iterations, about ten seconds). The reference runner has no other way to stop it, so the CLI
 * keeps that limit for conformance; the app turns this detector on and diagnoses it at once.
 *
 * Livelock, as detected: `threshold` loop iterations in a row in which the clock did not move and
 * the same handles ran each time, at the same lines: the ticks' fingerprints (which task or
 * callback ran, and the line its coroutine stopped at) repeat with a short period (up to
 * MAX_PERIOD ticks: one poller, two tasks ping-ponging, a few in turn). A program that makes
 * progress without time passing changes what runs (new tasks, tasks that finish, other lines) or
 * ends its burst long before: many tasks doing sleep(0) a few thousand times each take a few
 * thousand iterations, whatever their number. The price: one task doing sleep(0) more than
 * `threshold` times in a row, with nothing else to do, is called a livelock too (it would look
 * like one on screen).
 */
import type { Handle } from './handle.ts';
import { HandleKind, type Callback } from './handle.ts';

/** The longest cycle of ticks recognised as repeating. */
const MAX_PERIOD = 8;

/** What ran in one handle, for the diagnosis. */
interface Ran {
  /** `Task-2`, or the callback's label. */
  who: string;
  line: number;
  task: number;
}

export interface Livelock {
  message: string;
  line: number;
  task: number;
}

export class LivelockDetector {
  private still = 0;
  private lastClock = Number.NaN;
  private hash = 0;
  private readonly recent = new Int32Array(MAX_PERIOD + 1);
  private readonly runs = new Int32Array(MAX_PERIOD + 1);
  private ticks = 0;
  /** The handles of the current tick (only the first few are kept, for the message). */
  private ran: Ran[] = [];

  constructor(readonly threshold: number) {}

  /** A handle just ran. For a task, `line` is where its coroutine stopped; a callback's label
   *  (`again() at poll.py:5`) says where it is defined. */
  noteRun(handle: Handle, name: string, serial: number, line: number): void {
    if (handle.kind === HandleKind.Callback) {
      const label = (handle.target as Callback).label ?? 'callback';
      const defined = Number(/:(\d+)$/.exec(label)?.[1] ?? 0);
      this.hash = (Math.imul(this.hash ^ stringHash(label), 0x01000193) + defined) | 0;
      if (this.ran.length < 4) this.ran.push({ who: `the callback ${label.replace(/ at [^ ]*$/, '')}`, line: defined, task: -1 });
      return;
    }
    this.hash = (Math.imul(this.hash ^ (serial + 1), 0x01000193) + line) | 0;
    if (this.ran.length < 4) this.ran.push({ who: name, line, task: serial });
  }

  /** The tick ended with the clock at `clock`: a diagnosis if the loop is livelocked, else null. */
  endTick(clock: number): Livelock | null {
    const fingerprint = this.hash;
    this.hash = 0;
    const ran = this.ran;
    this.ran = [];
    if (clock !== this.lastClock) {
      this.lastClock = clock;
      this.still = 0;
      this.runs.fill(0);
    } else this.still++;
    const slot = this.ticks % (MAX_PERIOD + 1);
    let longest = 0;
    for (let p = 1; p <= MAX_PERIOD; p++) {
      const earlier = this.recent[(this.ticks - p + (MAX_PERIOD + 1) * 2) % (MAX_PERIOD + 1)]!;
      this.runs[p] = this.ticks >= p && earlier === fingerprint ? this.runs[p]! + 1 : 0;
      if (this.runs[p]! > longest) longest = this.runs[p]!;
    }
    this.recent[slot] = fingerprint;
    this.ticks++;
    if (this.still < this.threshold || longest < this.threshold - MAX_PERIOD) return null;
    const spinning = ran.filter((r) => r.line > 0);
    const who = spinning.length === 0 ? 'the loop spins' : `${spinning.map((r) => `${r.who} at line ${r.line}`).join(', ')} ${spinning.length > 1 ? 'spin' : 'spins'}`;
    return {
      message: `${who}: ${this.still.toLocaleString('en-US')} loop iterations without virtual time passing, the same steps repeating (a busy-wait, such as a loop polling with await asyncio.sleep(0) for something that never happens)`,
      line: spinning[0]?.line ?? 0,
      task: (spinning[0] ?? ran[0])?.task ?? -1,
    };
  }
}

function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}
