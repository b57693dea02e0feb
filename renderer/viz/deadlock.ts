/**
 * How a run ended, told in plain language: which tasks are stuck, on what, and why nothing will
 * ever wake them; or which exception or limit stopped it.
 */
import type { TraceEnd } from '../../scheduler/trace/format.ts';
import { formatTime3 } from '../../scheduler/python/format.ts';

export interface BlockedLine {
  task: string;
  kind: string;
  label: string;
  waitsFor: string[];
  /** "alice waits for Lock#2 (held by bob)" */
  text: string;
  inCycle: boolean;
}

export interface EndStory {
  kind: TraceEnd['kind'];
  /** One-line headline: "Deadlock at t = 0.100 s". */
  title: string;
  /** Plain-language explanation, a few sentences. */
  explanation: string;
  blocked: BlockedLine[];
  cycle: string[] | null;
  /** "Cycle: alice → bob → alice" */
  cycleText: string | null;
}

const and = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`;

function whyNobodyWakes(blocked: BlockedLine[]): string {
  const reasons: string[] = [];
  const seen = new Set<string>();
  for (const b of blocked) {
    const key = `${b.kind}:${b.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    switch (b.kind) {
      case 'event':
        reasons.push(`nobody will call ${b.label}.set()`);
        break;
      case 'queue-get':
        reasons.push(`nothing will ever be put into ${b.label.replace(/\.get\(\)$/, '')}`);
        break;
      case 'queue-put':
        reasons.push(`nothing will ever take from the full ${b.label.replace(/\.put\(\)$/, '')}`);
        break;
      case 'condition':
        reasons.push(`nobody will notify ${b.label.replace(/\.wait\(\)$/, '')}`);
        break;
      case 'future':
        reasons.push(`nobody will set the result of ${b.label}`);
        break;
      default:
        break;
    }
  }
  return reasons.length === 0 ? '' : ` Here ${and(reasons)}.`;
}

/** What the other kinds of limit usually mean, after the run's own message (scheduler/loop/loop.ts LimitReason). */
const LIMIT_WHY: Record<string, string> = {
  tasks: 'The program kept creating tasks faster than they finished (for example a task that starts a copy of itself); a real program would run out of memory.',
  'trace-size': 'The steps recorded up to that point are shown.',
  'wall-clock': 'The steps recorded up to that point are shown.',
  worker: 'Nothing of the run could be kept. A program that keeps allocating memory does this; usually the memory limit stops it first, with a MemoryError at the line.',
};

/**
 * Why a run was stopped, by the limit that stopped it. A runaway that never awaits and a busy
 * poll that never lets time pass are the two a teacher types in on purpose; each gets its name.
 */
function limitStory(reason: string, message: string, at: string): { title: string; explanation: string } {
  const what = message.charAt(0).toUpperCase() + message.slice(1);
  switch (reason) {
    case 'statement-budget':
      return {
        title: `Runaway code at t = ${at} s: the event loop never gets control back`,
        explanation: `${what}. A task that never reaches an await keeps the event loop from running anything else: every other task, timer and callback waits. Python would hang here; Loopscope stopped it.`,
      };
    case 'livelock':
      return {
        title: `Livelock at t = ${at} s: busy, but time never passes`,
        explanation: `${what}. The loop runs the same handles again and again while the clock stands still: a busy poll (such as awaiting asyncio.sleep(0) until a flag changes) waits for something nothing will ever do. Python would spin here forever; Loopscope stopped it.`,
      };
    case 'ticks':
      return {
        title: `Stopped at the tick limit at t = ${at} s`,
        explanation: `The run was stopped because ${message}. A loop that always has work queued (for example a busy poll with asyncio.sleep(0)) never ends on its own.`,
      };
    case 'stopped':
      return {
        title: `You stopped the run at t = ${at} s`,
        explanation: `${what}. The lanes show what was traced before Stop; the program itself had not finished. Open it again, or edit it, to play it to the end.`,
      };
    case 'virtual-time':
      return {
        title: `Stopped at the time limit at t = ${at} s`,
        explanation: `The run was stopped because ${message}: nothing else would happen before then.`,
      };
    default:
      return { title: `Stopped at a limit at t = ${at} s`, explanation: `The run was stopped because ${message}. ${LIMIT_WHY[reason] ?? ''}`.trimEnd() };
  }
}

export function explainEnd(end: TraceEnd): EndStory {
  const at = formatTime3(end.time);
  switch (end.kind) {
    case 'ok':
      return { kind: 'ok', title: `Finished at t = ${at} s`, explanation: 'Every task ran to completion.', blocked: [], cycle: null, cycleText: null };
    case 'error':
      return {
        kind: 'error',
        title: `Stopped by ${end.type} at t = ${at} s`,
        explanation: `The program raised ${end.exception}, and nothing caught it.`,
        blocked: [],
        cycle: null,
        cycleText: null,
      };
    case 'limit':
      return { kind: 'limit', ...limitStory(end.reason, end.message, at), blocked: [], cycle: null, cycleText: null };
    case 'deadlock': {
      const cycle = end.graph.cycle;
      const inCycle = new Set(cycle ?? []);
      const blocked = end.graph.blocked.map((b) => ({
        task: b.task,
        kind: b.awaits.kind,
        label: b.awaits.label,
        waitsFor: b.waitsFor,
        text: `${b.task} waits for ${b.awaits.label}`,
        inCycle: inCycle.has(b.task),
      }));
      const cycleText = cycle === null || cycle.length === 0 ? null : `Cycle: ${[...cycle, cycle[0] as string].join(' → ')}`;
      let explanation: string;
      if (cycle !== null && cycle.length > 0) {
        const pairs = cycle.map((task, i) => `${task} waits for ${cycle[(i + 1) % cycle.length] as string}`);
        explanation =
          `${and(cycle)} wait for each other in a circle: ${and(pairs)}. ` +
          `None of them can go on until another one does, so none ever will. ` +
          `The ready queue is empty and no timer is pending, so the event loop has nothing left to run and the program hangs forever.`;
      } else {
        explanation =
          `Every unfinished task is waiting, the ready queue is empty and no timer is pending: nothing left can wake them, so the program hangs forever.` +
          whyNobodyWakes(blocked);
      }
      return { kind: 'deadlock', title: `Deadlock at t = ${at} s`, explanation, blocked, cycle, cycleText };
    }
  }
}
