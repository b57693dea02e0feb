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
  /**
   * Stop recording; the main thread's CPU time (ms) in each span from a `from` mark to the next `to`
   * mark, in order. A task counts in the span its end falls in: the task that ends a span and goes on
   * to start the next (a bench loop's) is mostly the next span's work.
   */
  stopPerSpan(from: string, to: string): Promise<number[]>;
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
  const finish = async (): Promise<{ tasks: TraceEvent[]; marks: (name: string) => number[] }> => {
    await session.send('Tracing.end');
    await complete;
    await session.detach();
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const tasks = main === undefined ? [] : events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === 'RunTask');
    return { tasks, marks: (name) => events.filter((e) => e.name === name).map((e) => e.ts).sort((a, b) => a - b) };
  };
  return {
    async stop(from, to) {
      const { tasks, marks } = await finish();
      const start = Math.min(...marks(from));
      const end = Math.max(...marks(to));
      if (!Number.isFinite(start) || !Number.isFinite(end)) return [];
      return tasks.filter((e) => e.ts + (e.dur ?? 0) >= start && e.ts <= end).map((e) => ({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? Number.NaN) / 1000 }));
    },
    async stopPerSpan(from, to) {
      const { tasks, marks } = await finish();
      const starts = marks(from);
      const ends = marks(to);
      return starts.map((start, i) => {
        const end = ends.find((t) => t >= start) ?? Number.POSITIVE_INFINITY;
        const next = starts[i + 1] ?? Number.POSITIVE_INFINITY;
        // Up to the next span's start: the task that ends the span may end after its mark.
        const until = Math.min(next, end + 50_000);
        let cpu = 0;
        for (const e of tasks) {
          const taskEnd = e.ts + (e.dur ?? 0);
          if (taskEnd >= start && taskEnd < until) cpu += (e.tdur ?? 0) / 1000;
        }
        return cpu;
      });
    },
  };
}
