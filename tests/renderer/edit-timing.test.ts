/**
 * The logic that keeps typing cheap: an edit is played once the person pauses (Debounced), and a
 * run still going when a newer one is asked for is stopped by terminating its worker
 * (WorkerRuns). Fake timers and fake workers: no browser.
 */
import { describe, expect, it } from 'vitest';
import { Debounced, type Timers } from '../../renderer/app/debounce.ts';
import { RECYCLE_AFTER_WORDS, WorkerRuns, type WorkerEventLike, type WorkerLike } from '../../renderer/app/worker-runs.ts';
import type { RunReply, RunRequest } from '../../renderer/app/run-protocol.ts';

/** Timers driven by hand: `advance(ms)` fires what falls due, in order. */
class FakeTimers implements Timers {
  now = 0;
  private queue: { at: number; callback: () => void; id: number }[] = [];
  private ids = 0;
  set(callback: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.queue.push({ at: this.now + ms, callback, id });
    return id;
  }
  clear(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.queue[0];
      if (next === undefined || next.at > end) break;
      this.queue.shift();
      this.now = next.at;
      next.callback();
    }
    this.now = end;
  }
}

describe('an edit is played once typing pauses', () => {
  function setup() {
    const timers = new FakeTimers();
    const played: { text: string; at: number }[] = [];
    const debounced = new Debounced<string>(300, (text) => played.push({ text, at: timers.now }), timers);
    return { timers, played, debounced };
  }

  it('a burst of keystrokes plays once, 300 ms after the last, with the last text', () => {
    const { timers, played, debounced } = setup();
    for (const [i, text] of ['a', 'as', 'asy', 'asyn'].entries()) {
      if (i > 0) timers.advance(120);
      debounced.push(text);
    }
    timers.advance(299);
    expect(played).toEqual([]);
    expect(debounced.pending).toBe(true);
    timers.advance(1);
    expect(played).toEqual([{ text: 'asyn', at: 660 }]);
    expect(debounced.pending).toBe(false);
    timers.advance(5000);
    expect(played).toHaveLength(1);
  });

  it('pauses longer than the delay play each text', () => {
    const { timers, played, debounced } = setup();
    debounced.push('a');
    timers.advance(400);
    debounced.push('ab');
    timers.advance(400);
    expect(played.map((p) => p.text)).toEqual(['a', 'ab']);
  });

  it('flush plays at once; cancel forgets', () => {
    const { timers, played, debounced } = setup();
    debounced.push('x');
    debounced.flush();
    expect(played.map((p) => p.text)).toEqual(['x']);
    debounced.flush();
    expect(played).toHaveLength(1);
    debounced.push('y');
    debounced.cancel();
    timers.advance(1000);
    expect(played).toHaveLength(1);
    expect(debounced.pending).toBe(false);
  });
});

class FakeWorker implements WorkerLike {
  static made: FakeWorker[] = [];
  posted: RunRequest[] = [];
  terminated = false;
  private readonly listeners = new Map<string, (event: WorkerEventLike) => void>();
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(message: RunRequest): void {
    if (this.terminated) throw new Error('posted to a terminated worker');
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: WorkerEventLike) => void): void {
    this.listeners.set(type, listener);
  }
  reply(reply: RunReply): void {
    this.listeners.get('message')?.({ data: reply });
  }
  crash(message: string): void {
    this.listeners.get('error')?.({ message });
  }
  finish(id: number, source: string): void {
    this.reply({ id, kind: 'done', timing: { load: 1, run: 1 }, loaded: { file: 'f.py', name: 'f.py', source, reload: false, outcome: { kind: 'error', error: { kind: 'syntax', file: 'f.py', line: 1, column: 1, endLine: 1, endColumn: 2, message: 'x' } } } });
  }
}

describe('a newer run stops the one still going', () => {
  function setup() {
    FakeWorker.made = [];
    const delivered: RunReply[] = [];
    const failures: string[] = [];
    const runs = new WorkerRuns(() => new FakeWorker(), (reply) => delivered.push(reply), (message) => failures.push(message));
    return { runs, delivered, failures };
  }
  const request = (source: string) => ({ kind: 'run' as const, file: 'f.py', name: 'f.py', source, edit: true });

  it('an idle worker is reused: no start-up cost after a run has ended', () => {
    const { runs, delivered } = setup();
    runs.warm();
    const first = runs.start(request('a'));
    FakeWorker.made[0]!.finish(first, 'a');
    const second = runs.start(request('b'));
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.posted.map((r) => (r.kind === 'run' ? r.source : ''))).toEqual(['a', 'b']);
    FakeWorker.made[0]!.finish(second, 'b');
    expect(delivered.map((r) => (r.kind === 'done' ? r.loaded.source : ''))).toEqual(['a', 'b']);
    expect(runs.terminated).toBe(0);
  });

  const bigResult = (id: number): RunReply => {
    const events = new Int32Array(RECYCLE_AFTER_WORDS);
    const trace = { format: 'loopscope-trace', version: 2, source: 'f.py', strings: [], events, floats: new Float64Array(0), steps: 0, end: null };
    return { id, kind: 'done', timing: { load: 1, run: 1 }, loaded: { file: 'f.py', name: 'f.py', source: 'big', reload: false, outcome: { kind: 'trace', trace } as never } };
  };

  it('after a large result, its worker (whose heap held the run) is replaced by a fresh, idle one, in a task of its own', async () => {
    const { runs, delivered } = setup();
    const id = runs.start(request('big'));
    FakeWorker.made[0]!.reply(bigResult(id));
    expect(delivered).toHaveLength(1);
    // Not in the task that delivered the result (the longest of a large trace's opening)...
    expect(FakeWorker.made.map((w) => w.terminated)).toEqual([false]);
    // ...but in the next.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(FakeWorker.made.map((w) => w.terminated)).toEqual([true, false]);
    expect(runs.terminated).toBe(1);
    expect(runs.running).toBe(false);
    // The next run goes to the fresh worker; a small result keeps it.
    const next = runs.start(request('small'));
    FakeWorker.made[1]!.finish(next, 'small');
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1]!.terminated).toBe(false);
  });

  it('a run asked for right after a large result goes to a fresh worker, never to the one that built it', async () => {
    const { runs } = setup();
    const id = runs.start(request('big'));
    FakeWorker.made[0]!.reply(bigResult(id));
    runs.start(request('next'));
    expect(FakeWorker.made.map((w) => w.terminated)).toEqual([true, false]);
    expect(FakeWorker.made[1]!.posted.map((r) => (r.kind === 'run' ? r.source : ''))).toEqual(['next']);
    // The replacement already made is not repeated.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(FakeWorker.made).toHaveLength(2);
    expect(runs.terminated).toBe(1);
  });

  it('a run still going is terminated, and only the newest run is delivered', () => {
    const { runs, delivered } = setup();
    const slow = runs.start(request('while True: pass'));
    const [first] = FakeWorker.made;
    first!.reply({ id: slow, kind: 'progress', ticks: 4096, time: 0 });
    expect(runs.running).toBe(true);
    const fresh = runs.start(request('print(1)'));
    expect(first!.terminated).toBe(true);
    expect(runs.terminated).toBe(1);
    const second = FakeWorker.made[1]!;
    expect(second.posted.map((r) => (r.kind === 'run' ? r.source : ''))).toEqual(['print(1)']);
    // Whatever the terminated worker still manages to send is dropped.
    first!.finish(slow, 'while True: pass');
    second.finish(fresh, 'print(1)');
    expect(delivered.map((r) => r.kind)).toEqual(['progress', 'done']);
    expect(delivered[1]!.kind === 'done' && delivered[1]!.loaded.source).toBe('print(1)');
    expect(runs.running).toBe(false);
  });

  it('three edits in a row while each run is still going: two terminated, the last delivered', () => {
    const { runs, delivered } = setup();
    runs.start(request('1'));
    runs.start(request('2'));
    const last = runs.start(request('3'));
    expect(FakeWorker.made.map((w) => w.terminated)).toEqual([true, true, false]);
    FakeWorker.made[2]!.finish(last, '3');
    expect(delivered).toHaveLength(1);
  });

  it('a reply with an old id from the live worker is dropped too', () => {
    const { runs, delivered } = setup();
    const a = runs.start(request('a'));
    FakeWorker.made[0]!.finish(a, 'a');
    const b = runs.start(request('b'));
    FakeWorker.made[0]!.finish(a, 'a');
    expect(delivered).toHaveLength(1);
    FakeWorker.made[0]!.finish(b, 'b');
    expect(delivered).toHaveLength(2);
  });

  it('a worker that fails during a run ends that run with a diagnosis, and the next run gets a new worker', () => {
    const { runs, delivered, failures } = setup();
    runs.start(request('a'));
    FakeWorker.made[0]!.crash('Out of memory');
    expect(failures).toEqual(["the scenario's worker ran out of memory and was stopped"]);
    expect(FakeWorker.made[0]!.terminated).toBe(true);
    expect(runs.running).toBe(false);
    const second = runs.start(request('b'));
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[1]!.finish(second, 'b');
    expect(delivered).toHaveLength(1);
  });

  it('Stop terminates the run going, drops what it would still send, and keeps what it sent before', () => {
    const { runs, delivered } = setup();
    const slow = runs.start(request('while True: pass'));
    const [worker] = FakeWorker.made;
    worker!.reply({ id: slow, kind: 'progress', ticks: 4096, time: 0 });
    expect(runs.stop()).toBe(true);
    expect(worker!.terminated).toBe(true);
    expect(runs.running).toBe(false);
    worker!.finish(slow, 'while True: pass');
    expect(delivered.map((r) => r.kind)).toEqual(['progress']);
    // Nothing is going now: Stop has nothing to end, and the next run gets a fresh worker.
    expect(runs.stop()).toBe(false);
    const next = runs.start(request('print(1)'));
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[1]!.finish(next, 'print(1)');
    expect(delivered.map((r) => r.kind)).toEqual(['progress', 'done']);
  });

  it('an idle worker that fails is replaced without a diagnosis (no run was going)', () => {
    const { runs, failures } = setup();
    runs.warm();
    FakeWorker.made[0]!.crash('boom');
    expect(failures).toEqual([]);
    runs.start(request('a'));
    expect(FakeWorker.made).toHaveLength(2);
  });
});

describe('the worker times a run in two phases', () => {
  it('onLoaded is called once, after parsing and compiling and before the first statement runs', async () => {
    const { runScenario } = await import('../../scheduler/python/scenario.ts');
    const order: string[] = [];
    const result = runScenario('print("hi")\n', { file: 'p.py', onLoaded: () => order.push('loaded') });
    expect(result.error).toBeNull();
    expect(order).toEqual(['loaded']);
    const broken = runScenario('print("hi"\n', { file: 'p.py', onLoaded: () => order.push('again') });
    expect(broken.error).not.toBeNull();
    expect(order).toEqual(['loaded']);
  });
});
