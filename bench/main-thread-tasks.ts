/**
 * The page's main-thread tasks between two of its performance marks, with their wall time and
 * their CPU time, from a Chrome timeline trace (Chrome DevTools Protocol, Tracing domain).
 *
 * Wall time is what a person waits. On this 2-core machine, shared with other work, it is often
 * several times the CPU time: while a trace opens, the worker that reads it, Chromium's compositor
 * and other processes take turns on the same two cores, and a task descheduled halfway through
 * counts the wait. A task's CPU time is its own cost, which load does not inflate: the figure to
 * compare between runs, printed beside the wall time.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';

/** An event of a Chrome timeline trace (the Trace Event Format), as far as the bench reads it. */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event (µs): wall time less the time the OS gave to other processes. */
  tdur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
}

export interface TaskTimes {
  /** Wall time (ms). */
  wall: number;
  /** The main thread's CPU time in it (ms). */
  cpu: number;
}

export interface TaskRecording {
  /** Stop recording; the tasks that overlap the span from the first `from` mark to the last `to` mark. */
  stop(from: string, to: string): Promise<TaskTimes[]>;
}

/** Start recording the page's tasks (call before the action to measure). */
export async function recordTasks(context: BrowserContext, page: Page): Promise<TaskRecording> {
  const session: CDPSession = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (data) => void events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((done) => session.once('Tracing.tracingComplete', () => done()));
  // RunTask (with its thread time) is in the timeline's disabled-by-default category; the page's
  // performance marks are user timing.
  await session.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline', 'blink.user_timing'] }, transferMode: 'ReportEvents' });
  return {
    async stop(from, to) {
      await session.send('Tracing.end');
      await complete;
      await session.detach();
      const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
      const marks = (name: string): number[] => events.filter((e) => e.name === name).map((e) => e.ts);
      const start = Math.min(...marks(from));
      const end = Math.max(...marks(to));
      if (main === undefined || !Number.isFinite(start) || !Number.isFinite(end)) return [];
      return events
        .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === 'RunTask' && e.ts + (e.dur ?? 0) >= start && e.ts <= end)
        .map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? Number.NaN) / 1000 }));
    },
  };
}
