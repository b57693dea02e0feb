/** Rules 12-18: gather, wait_for, timeout, shield, wait, as_completed and TaskGroup. */
import {
  ALL_COMPLETED,
  CancelledError,
  ExceptionGroup,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  PyBaseException,
  RuntimeError,
  TaskGroup,
  TimeoutError,
  TypeError as PyTypeError,
  ValueError,
  asCompleted,
  asyncWith,
  createTask,
  gather,
  gatherWith,
  getRunningLoop,
  named,
  shield,
  sleep,
  timeout,
  timeoutAt,
  wait,
  waitFor,
  type CoroutineGen,
  type Task,
  type Timeout,
} from '../../../../scheduler/index.ts';
import { print } from '../../../support/play.ts';
import { py, type ConformanceCase } from '../framework.ts';

/** str(bool) in Python. */
const pyBool = (value: boolean): string => (value ? 'True' : 'False');

/** Rethrow anything but a CancelledError (`except asyncio.CancelledError:`). */
function expectCancelled(e: unknown): void {
  if (!(e instanceof CancelledError)) throw e;
}

/** Rethrow anything but a TimeoutError (`except TimeoutError:`). */
function expectTimeout(e: unknown): void {
  if (!(e instanceof TimeoutError)) throw e;
}

/** `except ExceptionGroup as eg:` printing the group and each member. */
function printGroup(e: unknown): void {
  if (!(e instanceof ExceptionGroup)) throw e;
  print(e.pyName, e.message);
  for (const sub of e.exceptions) print('-', sub.pyName, sub.message);
}

/** async def job(name, d): sleep d, print, return name */
function* job(name: string, d: number): CoroutineGen<string> {
  yield* sleep(d);
  print(name, 'done');
  return name;
}

/** The Python twin of job(), inserted after `import asyncio`. */
function withJob(source: string): string {
  const job = ['async def job(name, d):', '    await asyncio.sleep(d)', "    print(name, 'done')", '    return name'].join('\n');
  return source.replace('import asyncio\n', `import asyncio\n${job}\n`);
}

export const combinatorCases: ConformanceCase[] = [
  // ---- rule 12: gather -------------------------------------------------------------------
  {
    id: 'gather-results-argument-order',
    rules: [12],
    title: 'gather: the last child finishes at T, _done_callback at T+1, the awaiter at T+2; results in argument order',
    python: withJob(py`
      import asyncio
      async def main():
          r = await asyncio.gather(job('slow', 0.3), job('fast', 0.1))
          print(*r)
      asyncio.run(main())
    `),
    model: function* () {
      const r = yield* gather(named('job', job('slow', 0.3)), named('job', job('fast', 0.1)));
      print(...r);
    },
  },
  {
    id: 'gather-same-coroutine-twice',
    rules: [12],
    title: 'gather: a coroutine object passed twice is wrapped into one task',
    python: withJob(py`
      import asyncio
      async def main():
          c = job('once', 0.1)
          r = await asyncio.gather(c, c, job('other', 0.1))
          print(*r)
      asyncio.run(main())
    `),
    model: function* () {
      const c = named('job', job('once', 0.1));
      const r = yield* gather(c, c, named('job', job('other', 0.1)));
      print(...r);
    },
  },
  {
    id: 'gather-children-already-done',
    rules: [12],
    title: 'gather of children all finished before the call still resumes the awaiter two ticks later',
    python: py`
      import asyncio
      async def quick(name):
          print(name)
          return name
      async def main():
          a = asyncio.create_task(quick('a'))
          b = asyncio.create_task(quick('b'))
          await asyncio.sleep(0)
          print('both done', a.done(), b.done())
          r = await asyncio.gather(a, b)
          print(*r)
      asyncio.run(main())
    `,
    model: function* () {
      function* quick(name: string): CoroutineGen<string> {
        print(name);
        return name;
      }
      const a = createTask(named('quick', quick('a')));
      const b = createTask(named('quick', quick('b')));
      yield* sleep(0);
      print('both done', pyBool(a.done()), pyBool(b.done()));
      const r = yield* gather(a, b);
      print(...r);
    },
  },
  {
    id: 'gather-first-exception-others-continue',
    rules: [12],
    title: 'gather: the first exception reaches the awaiter at T+2; the others keep running and a later exception is swallowed',
    compareLogs: true,
    python: py`
      import asyncio
      async def fail(name, d):
          await asyncio.sleep(d)
          print(name, 'raises')
          raise ValueError(name)
      async def work(name, d):
          await asyncio.sleep(d)
          print(name, 'finishes')
          return name
      async def main():
          try:
              await asyncio.gather(fail('first', 0.1), work('worker', 0.3), fail('second', 0.2))
          except ValueError as e:
              print('main caught', e)
          await asyncio.sleep(0.5)
          print('main done')
      asyncio.run(main())
    `,
    model: function* () {
      function* fail(name: string, d: number): CoroutineGen<never> {
        yield* sleep(d);
        print(name, 'raises');
        throw new ValueError(name);
      }
      function* work(name: string, d: number): CoroutineGen<string> {
        yield* sleep(d);
        print(name, 'finishes');
        return name;
      }
      try {
        yield* gather(named('fail', fail('first', 0.1)), named('work', work('worker', 0.3)), named('fail', fail('second', 0.2)));
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        print('main caught', e.message);
      }
      yield* sleep(0.5);
      print('main done');
    },
  },
  {
    id: 'gather-return-exceptions',
    rules: [12],
    title: "gather(return_exceptions=True): a value, the exception, and CancelledError('') for a child cancelled with a message",
    compareLogs: true,
    python: py`
      import asyncio
      async def ok():
          await asyncio.sleep(0.1)
          return 1
      async def bad():
          await asyncio.sleep(0.1)
          raise ValueError('bad')
      async def forever():
          await asyncio.sleep(10)
      async def main():
          t = asyncio.create_task(forever())
          g = asyncio.gather(ok(), bad(), t, return_exceptions=True)
          await asyncio.sleep(0.05)
          t.cancel('stop')
          results = await g
          for r in results:
              print(type(r).__name__, '[%s]' % r)
      asyncio.run(main())
    `,
    model: function* () {
      function* ok(): CoroutineGen<number> {
        yield* sleep(0.1);
        return 1;
      }
      function* bad(): CoroutineGen<never> {
        yield* sleep(0.1);
        throw new ValueError('bad');
      }
      function* forever(): CoroutineGen<void> {
        yield* sleep(10);
      }
      const t = createTask(named('forever', forever()));
      const g = gatherWith({ returnExceptions: true }, named('ok', ok()), named('bad', bad()), t);
      yield* sleep(0.05);
      t.cancel('stop');
      const results = yield* g;
      for (const r of results) {
        if (r instanceof PyBaseException) print(r.pyName, `[${r.message}]`);
        else print('int', `[${String(r)}]`);
      }
    },
  },
  {
    id: 'gather-nested-numbering',
    rules: [12, 11],
    title: "nested gather: the inner gather's coroutines are wrapped first and get the lower task numbers",
    python: py`
      import asyncio
      async def tag(name):
          print(name)
          return name
      async def main():
          r = await asyncio.gather(tag('a'), asyncio.gather(tag('b'), tag('c')), tag('d'))
          print(r[0], *r[1], r[2])
      asyncio.run(main())
    `,
    model: function* () {
      function* tag(name: string): CoroutineGen<string> {
        print(name);
        return name;
      }
      const a = named('tag', tag('a'));
      const inner = gather(named('tag', tag('b')), named('tag', tag('c')));
      const r = yield* gather(a, inner, named('tag', tag('d')));
      print(r[0], ...(r[1] as string[]), r[2]);
    },
  },
  {
    id: 'gather-cancel-outer-future',
    rules: [12],
    title: 'cancelling the gather future cancels the unfinished children in argument order; the awaiter gets CancelledError',
    python: py`
      import asyncio
      async def child(name, d):
          try:
              await asyncio.sleep(d)
              print(name, 'finished')
          except asyncio.CancelledError:
              print(name, 'cancelled')
              raise
      async def main():
          g = asyncio.gather(child('a', 1), child('quick', 0.05), child('b', 1))
          await asyncio.sleep(0.1)
          print('cancel returns', g.cancel())
          try:
              await g
          except asyncio.CancelledError:
              print('main got CancelledError')
      asyncio.run(main())
    `,
    model: function* () {
      function* child(name: string, d: number): CoroutineGen<void> {
        try {
          yield* sleep(d);
          print(name, 'finished');
        } catch (e) {
          expectCancelled(e);
          print(name, 'cancelled');
          throw e;
        }
      }
      const g = gather(named('child', child('a', 1)), named('child', child('quick', 0.05)), named('child', child('b', 1)));
      yield* sleep(0.1);
      print('cancel returns', pyBool(g.cancel()));
      try {
        yield* g;
      } catch (e) {
        expectCancelled(e);
        print('main got CancelledError');
      }
    },
  },
  {
    id: 'gather-cancel-awaiting-task',
    rules: [12],
    title: 'cancelling the task awaiting a gather cancels the unfinished children in argument order',
    python: py`
      import asyncio
      async def child(name, d):
          try:
              await asyncio.sleep(d)
              print(name, 'finished')
          except asyncio.CancelledError:
              print(name, 'cancelled')
              raise
      async def waiter():
          try:
              await asyncio.gather(child('a', 1), child('quick', 0.05), child('b', 1))
          except asyncio.CancelledError:
              print('waiter cancelled')
              raise
      async def main():
          w = asyncio.create_task(waiter())
          await asyncio.sleep(0.1)
          w.cancel()
          try:
              await w
          except asyncio.CancelledError:
              print('main: waiter cancelled', w.cancelled())
      asyncio.run(main())
    `,
    model: function* () {
      function* child(name: string, d: number): CoroutineGen<void> {
        try {
          yield* sleep(d);
          print(name, 'finished');
        } catch (e) {
          expectCancelled(e);
          print(name, 'cancelled');
          throw e;
        }
      }
      function* waiter(): CoroutineGen<void> {
        try {
          yield* gather(named('child', child('a', 1)), named('child', child('quick', 0.05)), named('child', child('b', 1)));
        } catch (e) {
          expectCancelled(e);
          print('waiter cancelled');
          throw e;
        }
      }
      const w = createTask(named('waiter', waiter()));
      yield* sleep(0.1);
      w.cancel();
      try {
        yield* w;
      } catch (e) {
        expectCancelled(e);
        print('main: waiter cancelled', pyBool(w.cancelled()));
      }
    },
  },
  {
    id: 'gather-child-cancelled',
    rules: [12],
    title: 'gather: a cancelled child gives the awaiter CancelledError at T+2; the other child keeps running',
    python: py`
      import asyncio
      async def child(name, d):
          try:
              await asyncio.sleep(d)
              print(name, 'finished')
          except asyncio.CancelledError:
              print(name, 'cancelled')
              raise
      async def waiter(a, b):
          try:
              await asyncio.gather(a, b)
          except asyncio.CancelledError:
              print('waiter got CancelledError')
      async def main():
          a = asyncio.create_task(child('a', 1))
          b = asyncio.create_task(child('b', 0.5))
          w = asyncio.create_task(waiter(a, b))
          await asyncio.sleep(0.1)
          a.cancel()
          await b
          print('waiter done', w.done())
      asyncio.run(main())
    `,
    model: function* () {
      function* child(name: string, d: number): CoroutineGen<void> {
        try {
          yield* sleep(d);
          print(name, 'finished');
        } catch (e) {
          expectCancelled(e);
          print(name, 'cancelled');
          throw e;
        }
      }
      function* waiter(a: Task<void>, b: Task<void>): CoroutineGen<void> {
        try {
          yield* gather(a, b);
        } catch (e) {
          expectCancelled(e);
          print('waiter got CancelledError');
        }
      }
      const a = createTask(named('child', child('a', 1)));
      const b = createTask(named('child', child('b', 0.5)));
      const w = createTask(named('waiter', waiter(a, b)));
      yield* sleep(0.1);
      a.cancel();
      yield* b;
      print('waiter done', pyBool(w.done()));
    },
  },
  {
    id: 'gather-return-exceptions-outer-cancelled',
    rules: [12],
    title: 'gather(return_exceptions=True) cancelled as a whole still raises CancelledError once the children finish',
    python: py`
      import asyncio
      async def child(name):
          try:
              await asyncio.sleep(1)
              return name
          except asyncio.CancelledError:
              print(name, 'cancelled')
              raise
      async def main():
          g = asyncio.gather(child('a'), child('b'), return_exceptions=True)
          await asyncio.sleep(0.1)
          print('cancel returns', g.cancel())
          try:
              print('results', await g)
          except asyncio.CancelledError:
              print('gather raised CancelledError')
      asyncio.run(main())
    `,
    model: function* () {
      function* child(name: string): CoroutineGen<string> {
        try {
          yield* sleep(1);
          return name;
        } catch (e) {
          expectCancelled(e);
          print(name, 'cancelled');
          throw e;
        }
      }
      const g = gatherWith({ returnExceptions: true }, named('child', child('a')), named('child', child('b')));
      yield* sleep(0.1);
      print('cancel returns', pyBool(g.cancel()));
      try {
        print('results', String(yield* g));
      } catch (e) {
        expectCancelled(e);
        print('gather raised CancelledError');
      }
    },
  },
  // ---- rule 13: wait_for -----------------------------------------------------------------
  {
    id: 'wait-for-success',
    rules: [13],
    title: 'wait_for success: inner finishes at T, _release_waiter at T+1, caller at T+2; the timer is cancelled',
    python: py`
      import asyncio
      async def work():
          await asyncio.sleep(0.2)
          print('work done')
          return 'result'
      async def main():
          r = await asyncio.wait_for(work(), 1)
          print('main got', r)
          await asyncio.sleep(2)
          print('no timer fired meanwhile')
      asyncio.run(main())
    `,
    model: function* () {
      function* work(): CoroutineGen<string> {
        yield* sleep(0.2);
        print('work done');
        return 'result';
      }
      const r = yield* waitFor(named('work', work()), 1);
      print('main got', r);
      yield* sleep(2);
      print('no timer fired meanwhile');
    },
  },
  {
    id: 'wait-for-timeout',
    rules: [13],
    title: 'wait_for timeout: timer, caller cancels, inner except/finally, _release_waiter, TimeoutError: 5 ticks at one time',
    python: py`
      import asyncio
      async def work():
          try:
              await asyncio.sleep(10)
          except asyncio.CancelledError:
              print('work cancelled')
              raise
          finally:
              print('work finally')
      async def main():
          try:
              await asyncio.wait_for(work(), 0.5)
          except TimeoutError as e:
              print('main caught', type(e).__name__)
      asyncio.run(main())
    `,
    model: function* () {
      function* work(): CoroutineGen<void> {
        try {
          yield* sleep(10);
        } catch (e) {
          expectCancelled(e);
          print('work cancelled');
          throw e;
        } finally {
          print('work finally');
        }
      }
      try {
        yield* waitFor(named('work', work()), 0.5);
      } catch (e) {
        expectTimeout(e);
        print('main caught', (e as TimeoutError).pyName);
      }
    },
  },
  {
    id: 'wait-for-inner-swallows-cancel',
    rules: [13],
    title: 'wait_for timeout whose inner task swallows the cancellation returns the inner value',
    python: py`
      import asyncio
      async def stubborn():
          try:
              await asyncio.sleep(10)
          except asyncio.CancelledError:
              print('stubborn swallows the cancellation')
          return 'late value'
      async def main():
          r = await asyncio.wait_for(stubborn(), 0.5)
          print('main got', r)
      asyncio.run(main())
    `,
    model: function* () {
      function* stubborn(): CoroutineGen<string> {
        try {
          yield* sleep(10);
        } catch (e) {
          expectCancelled(e);
          print('stubborn swallows the cancellation');
        }
        return 'late value';
      }
      const r = yield* waitFor(named('stubborn', stubborn()), 0.5);
      print('main got', r);
    },
  },
  {
    id: 'wait-for-timeout-not-positive',
    rules: [13],
    title: 'wait_for(timeout <= 0): the task is cancelled before its first step and TimeoutError is raised; a done future is returned',
    python: py`
      import asyncio
      async def never():
          print('never printed')
      async def main():
          loop = asyncio.get_running_loop()
          for t in (0, -1):
              try:
                  await asyncio.wait_for(never(), t)
              except TimeoutError:
                  print('TimeoutError for timeout', t)
          f = loop.create_future()
          f.set_result('ready')
          print('done future:', await asyncio.wait_for(f, 0))
      asyncio.run(main())
    `,
    model: function* () {
      function* never(): CoroutineGen<void> {
        print('never printed');
      }
      const loop = getRunningLoop();
      for (const t of [0, -1]) {
        try {
          yield* waitFor(named('never', never()), t);
        } catch (e) {
          expectTimeout(e);
          print('TimeoutError for timeout', t);
        }
      }
      const f = loop.createFuture<string>();
      f.setResult('ready');
      print('done future:', yield* waitFor(f, 0));
    },
  },
  {
    id: 'wait-for-caller-cancelled',
    rules: [13],
    title: 'cancelling the task blocked in wait_for cancels the inner task and waits for it before re-raising',
    python: py`
      import asyncio
      async def work():
          try:
              await asyncio.sleep(10)
          except asyncio.CancelledError:
              print('work cancelled')
              raise
      async def caller():
          try:
              await asyncio.wait_for(work(), 5)
          except asyncio.CancelledError:
              print('caller cancelled')
              raise
      async def main():
          c = asyncio.create_task(caller())
          await asyncio.sleep(0.1)
          c.cancel()
          try:
              await c
          except asyncio.CancelledError:
              print('main: caller cancelled', c.cancelled())
      asyncio.run(main())
    `,
    model: function* () {
      function* work(): CoroutineGen<void> {
        try {
          yield* sleep(10);
        } catch (e) {
          expectCancelled(e);
          print('work cancelled');
          throw e;
        }
      }
      function* caller(): CoroutineGen<void> {
        try {
          yield* waitFor(named('work', work()), 5);
        } catch (e) {
          expectCancelled(e);
          print('caller cancelled');
          throw e;
        }
      }
      const c = createTask(named('caller', caller()));
      yield* sleep(0.1);
      c.cancel();
      try {
        yield* c;
      } catch (e) {
        expectCancelled(e);
        print('main: caller cancelled', pyBool(c.cancelled()));
      }
    },
  },
  // ---- rule 14: asyncio.timeout ----------------------------------------------------------
  {
    id: 'timeout-two-ticks',
    rules: [14],
    title: 'asyncio.timeout: no task; Timeout._on_timeout at the deadline, the body gets CancelledError next tick, TimeoutError',
    python: py`
      import asyncio
      async def main():
          try:
              async with asyncio.timeout(0.5):
                  try:
                      await asyncio.sleep(10)
                  except asyncio.CancelledError:
                      print('body cancelled')
                      raise
          except TimeoutError:
              print('TimeoutError')
          print('cancelling', asyncio.current_task().cancelling())
      asyncio.run(main())
    `,
    model: function* () {
      try {
        yield* asyncWith(timeout(0.5), function* () {
          try {
            yield* sleep(10);
          } catch (e) {
            expectCancelled(e);
            print('body cancelled');
            throw e;
          }
        });
      } catch (e) {
        expectTimeout(e);
        print('TimeoutError');
      }
      print('cancelling', getRunningLoop().currentTask?.cancelling());
    },
  },
  {
    id: 'timeout-reschedule',
    rules: [14],
    title: 'Timeout.reschedule moves the deadline: the old timer never fires, the new one does',
    python: py`
      import asyncio
      async def main():
          loop = asyncio.get_running_loop()
          try:
              async with asyncio.timeout(0.2) as cm:
                  await asyncio.sleep(0.1)
                  cm.reschedule(loop.time() + 0.5)
                  print('rescheduled, expired:', cm.expired())
                  await asyncio.sleep(1)
          except TimeoutError:
              print('TimeoutError, expired:', cm.expired())
      asyncio.run(main())
    `,
    model: function* () {
      const loop = getRunningLoop();
      const cm = timeout(0.2);
      try {
        yield* asyncWith(cm, function* (t: Timeout) {
          yield* sleep(0.1);
          t.reschedule(loop.time() + 0.5);
          print('rescheduled, expired:', pyBool(t.expired()));
          yield* sleep(1);
        });
      } catch (e) {
        expectTimeout(e);
        print('TimeoutError, expired:', pyBool(cm.expired()));
      }
    },
  },
  {
    id: 'timeout-at-and-past-deadline',
    rules: [14],
    title: 'timeout_at: met and expired deadlines; a deadline rescheduled into the past fires via call_soon',
    python: py`
      import asyncio
      async def main():
          loop = asyncio.get_running_loop()
          async with asyncio.timeout_at(loop.time() + 1):
              await asyncio.sleep(0.1)
              print('finished in time')
          try:
              async with asyncio.timeout_at(loop.time() + 0.3):
                  await asyncio.sleep(1)
          except TimeoutError:
              print('timeout_at expired')
          try:
              async with asyncio.timeout(None) as cm:
                  cm.reschedule(loop.time() - 1)
                  print('rescheduled into the past')
                  await asyncio.sleep(1)
          except TimeoutError:
              print('past deadline expired')
      asyncio.run(main())
    `,
    model: function* () {
      const loop = getRunningLoop();
      yield* asyncWith(timeoutAt(loop.time() + 1), function* () {
        yield* sleep(0.1);
        print('finished in time');
      });
      try {
        yield* asyncWith(timeoutAt(loop.time() + 0.3), function* () {
          yield* sleep(1);
        });
      } catch (e) {
        expectTimeout(e);
        print('timeout_at expired');
      }
      try {
        yield* asyncWith(timeout(null), function* (cm: Timeout) {
          cm.reschedule(loop.time() - 1);
          print('rescheduled into the past');
          yield* sleep(1);
        });
      } catch (e) {
        expectTimeout(e);
        print('past deadline expired');
      }
    },
  },
  // ---- rule 15: shield -------------------------------------------------------------------
  {
    id: 'shield-awaiter-cancelled',
    rules: [15],
    title: 'shield: cancelling the awaiter cancels only the outer future; the inner task runs to completion',
    python: py`
      import asyncio
      async def inner():
          await asyncio.sleep(0.5)
          print('inner finished')
          return 'inner result'
      async def awaiter():
          try:
              await asyncio.shield(inner())
          except asyncio.CancelledError:
              print('awaiter cancelled')
              raise
      async def main():
          a = asyncio.create_task(awaiter())
          await asyncio.sleep(0.1)
          a.cancel()
          await asyncio.sleep(1)
          print('awaiter cancelled?', a.cancelled())
      asyncio.run(main())
    `,
    model: function* () {
      function* inner(): CoroutineGen<string> {
        yield* sleep(0.5);
        print('inner finished');
        return 'inner result';
      }
      function* awaiter(): CoroutineGen<void> {
        try {
          yield* shield(named('inner', inner()));
        } catch (e) {
          expectCancelled(e);
          print('awaiter cancelled');
          throw e;
        }
      }
      const a = createTask(named('awaiter', awaiter()));
      yield* sleep(0.1);
      a.cancel();
      yield* sleep(1);
      print('awaiter cancelled?', pyBool(a.cancelled()));
    },
  },
  {
    id: 'shield-wait-for-timeout',
    rules: [15, 13],
    title: 'wait_for(shield(coro)) times out while the shielded task runs to completion',
    python: py`
      import asyncio
      async def inner():
          await asyncio.sleep(0.5)
          print('inner finished')
          return 'inner result'
      async def main():
          try:
              await asyncio.wait_for(asyncio.shield(inner()), 0.2)
          except TimeoutError:
              print('wait_for timed out')
          await asyncio.sleep(1)
          print('main done')
      asyncio.run(main())
    `,
    model: function* () {
      function* inner(): CoroutineGen<string> {
        yield* sleep(0.5);
        print('inner finished');
        return 'inner result';
      }
      try {
        yield* waitFor(shield(named('inner', inner())), 0.2);
      } catch (e) {
        expectTimeout(e);
        print('wait_for timed out');
      }
      yield* sleep(1);
      print('main done');
    },
  },
  {
    id: 'shield-inner-fails-and-done-shortcut',
    rules: [15],
    title: "shield passes the inner task's exception on; shield of a finished task returns the task itself",
    python: py`
      import asyncio
      async def inner():
          await asyncio.sleep(0.1)
          raise ValueError('inner failed')
      async def main():
          try:
              await asyncio.shield(inner())
          except ValueError as e:
              print('main caught', e)
          t = asyncio.create_task(asyncio.sleep(0.1, 'slept'))
          await asyncio.sleep(0.2)
          s = asyncio.shield(t)
          print('shield of a done task is the task:', s is t, await s)
      asyncio.run(main())
    `,
    compareLogs: true,
    model: function* () {
      function* inner(): CoroutineGen<never> {
        yield* sleep(0.1);
        throw new ValueError('inner failed');
      }
      try {
        yield* shield(named('inner', inner()));
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        print('main caught', e.message);
      }
      const t = createTask(sleep(0.1, 'slept'));
      yield* sleep(0.2);
      const s = shield(t);
      print('shield of a done task is the task:', pyBool(s === t), yield* s);
    },
  },
  // ---- rule 16: wait ---------------------------------------------------------------------
  {
    id: 'wait-bare-coroutines-typeerror',
    rules: [16],
    title: 'asyncio.wait with a bare coroutine raises TypeError in 3.11',
    python: py`
      import asyncio
      async def job():
          print('never runs')
      async def main():
          try:
              await asyncio.wait([job()])
          except TypeError as e:
              print('TypeError:', e)
          await asyncio.sleep(0)
          print('main done')
      asyncio.run(main())
    `,
    model: function* () {
      function* job(): CoroutineGen<void> {
        print('never runs');
      }
      try {
        yield* wait([named('job', job())]);
      } catch (e) {
        if (!(e instanceof PyTypeError)) throw e;
        print('TypeError:', e.message);
      }
      yield* sleep(0);
      print('main done');
    },
  },
  {
    id: 'wait-first-completed-same-tick',
    rules: [16],
    title: 'wait FIRST_COMPLETED: two tasks finishing in the same tick are both in done; the caller resumes at T+2',
    python: withJob(py`
      import asyncio
      async def main():
          a = asyncio.create_task(job('a', 0.1))
          b = asyncio.create_task(job('b', 0.1))
          c = asyncio.create_task(job('c', 1))
          done, pending = await asyncio.wait([a, b, c], return_when=asyncio.FIRST_COMPLETED)
          print('done', *sorted(t.result() for t in done), 'pending', len(pending))
          await c
      asyncio.run(main())
    `),
    model: function* () {
      const a = createTask(named('job', job('a', 0.1)));
      const b = createTask(named('job', job('b', 0.1)));
      const c = createTask(named('job', job('c', 1)));
      const [done, pending] = yield* wait([a, b, c], { returnWhen: FIRST_COMPLETED });
      print('done', ...done.map((t) => t.result() as string).sort(), 'pending', pending.length);
      yield* c;
    },
  },
  {
    id: 'wait-first-exception',
    rules: [16],
    title: 'wait FIRST_EXCEPTION returns at the first exception (which stays in the task) or when all are done',
    compareLogs: true,
    python: withJob(py`
      import asyncio
      async def fail():
          await asyncio.sleep(0.1)
          raise ValueError('boom')
      async def main():
          a = asyncio.create_task(fail())
          b = asyncio.create_task(job('b', 0.5))
          done, pending = await asyncio.wait([a, b], return_when=asyncio.FIRST_EXCEPTION)
          print('done', len(done), 'pending', len(pending))
          print('a exception:', a.exception())
          c = asyncio.create_task(job('c', 0.1))
          d = asyncio.create_task(job('d', 0.2))
          done, pending = await asyncio.wait([c, d], return_when=asyncio.FIRST_EXCEPTION)
          print('done', len(done), 'pending', len(pending))
          print('b result:', await b)
      asyncio.run(main())
    `),
    model: function* () {
      function* fail(): CoroutineGen<never> {
        yield* sleep(0.1);
        throw new ValueError('boom');
      }
      const a = createTask(named('fail', fail()));
      const b = createTask(named('job', job('b', 0.5)));
      let [done, pending] = yield* wait([a, b], { returnWhen: FIRST_EXCEPTION });
      print('done', done.length, 'pending', pending.length);
      print('a exception:', a.exception()?.message);
      const c = createTask(named('job', job('c', 0.1)));
      const d = createTask(named('job', job('d', 0.2)));
      [done, pending] = yield* wait([c, d], { returnWhen: FIRST_EXCEPTION });
      print('done', done.length, 'pending', pending.length);
      print('b result:', yield* b);
    },
  },
  {
    id: 'wait-all-completed',
    rules: [16],
    title: 'wait ALL_COMPLETED: _wait._on_completion one tick after the last task, the caller one tick later',
    python: withJob(py`
      import asyncio
      async def main():
          a = asyncio.create_task(job('a', 0.1))
          b = asyncio.create_task(job('b', 0.3))
          done, pending = await asyncio.wait([a, b], return_when=asyncio.ALL_COMPLETED)
          print('done', len(done), 'pending', len(pending))
      asyncio.run(main())
    `),
    model: function* () {
      const a = createTask(named('job', job('a', 0.1)));
      const b = createTask(named('job', job('b', 0.3)));
      const [done, pending] = yield* wait([a, b], { returnWhen: ALL_COMPLETED });
      print('done', done.length, 'pending', pending.length);
    },
  },
  {
    id: 'wait-timeout-returns-pending',
    rules: [16],
    title: 'wait(timeout=) returns (done, pending) at the deadline without cancelling the pending task',
    python: withJob(py`
      import asyncio
      async def main():
          a = asyncio.create_task(job('a', 0.1))
          b = asyncio.create_task(job('b', 1))
          done, pending = await asyncio.wait([a, b], timeout=0.3)
          print('done', len(done), 'pending', len(pending), 'b cancelled', b.cancelled())
          print('b result', await b)
      asyncio.run(main())
    `),
    model: function* () {
      const a = createTask(named('job', job('a', 0.1)));
      const b = createTask(named('job', job('b', 1)));
      const [done, pending] = yield* wait([a, b], { timeout: 0.3 });
      print('done', done.length, 'pending', pending.length, 'b cancelled', pyBool(b.cancelled()));
      print('b result', yield* b);
    },
  },
  // ---- rule 17: as_completed -------------------------------------------------------------
  {
    id: 'as-completed-completion-order',
    rules: [17, 11],
    title: 'as_completed wraps a coroutine at the first iteration, not at the call; results in completion order',
    python: withJob(py`
      import asyncio
      async def main():
          t1 = asyncio.create_task(job('slow', 0.3))
          it = asyncio.as_completed([t1, job('fast', 0.1)])
          t3 = asyncio.create_task(job('mid', 0.2))
          print('created', t3.get_name())
          for f in it:
              print('got', await f)
          await t3
      asyncio.run(main())
    `),
    model: function* () {
      const t1 = createTask(named('job', job('slow', 0.3)));
      const it = asCompleted([t1, named('job', job('fast', 0.1))]);
      const t3 = createTask(named('job', job('mid', 0.2)));
      print('created', t3.getName());
      for (const f of it) print('got', yield* f);
      yield* t3;
    },
  },
  {
    id: 'as-completed-timeout',
    rules: [17],
    title: 'as_completed(timeout=) raises TimeoutError; the pending task runs on and is cancelled by asyncio.run',
    python: py`
      import asyncio
      async def job(name, d):
          try:
              await asyncio.sleep(d)
              print(name, 'done')
              return name
          except asyncio.CancelledError:
              print(name, 'cancelled')
              raise
      async def main():
          a = asyncio.create_task(job('fast', 0.1))
          b = asyncio.create_task(job('slow', 5))
          try:
              for f in asyncio.as_completed([a, b], timeout=0.5):
                  print('got', await f)
          except TimeoutError:
              print('as_completed timed out')
          print('slow still running:', not b.done())
      asyncio.run(main())
    `,
    model: function* () {
      function* job2(name: string, d: number): CoroutineGen<string> {
        try {
          yield* sleep(d);
          print(name, 'done');
          return name;
        } catch (e) {
          expectCancelled(e);
          print(name, 'cancelled');
          throw e;
        }
      }
      const a = createTask(named('job', job2('fast', 0.1)));
      const b = createTask(named('job', job2('slow', 5)));
      try {
        for (const f of asCompleted([a, b], { timeout: 0.5 })) print('got', yield* f);
      } catch (e) {
        expectTimeout(e);
        print('as_completed timed out');
      }
      print('slow still running:', pyBool(!b.done()));
    },
  },
  // ---- rule 18: TaskGroup ----------------------------------------------------------------
  {
    id: 'taskgroup-children-start-order',
    rules: [18],
    title: 'TaskGroup: the body continues first, children start next tick in creation order, async with waits for all',
    python: py`
      import asyncio
      async def child(name, d):
          print(name, 'starts')
          await asyncio.sleep(d)
          print(name, 'ends')
      async def main():
          async with asyncio.TaskGroup() as tg:
              tg.create_task(child('a', 0.2))
              tg.create_task(child('b', 0.1))
              print('body continues')
          print('group done')
      asyncio.run(main())
    `,
    model: function* () {
      function* child(name: string, d: number): CoroutineGen<void> {
        print(name, 'starts');
        yield* sleep(d);
        print(name, 'ends');
      }
      yield* asyncWith(new TaskGroup(), function* (tg) {
        tg.createTask(named('child', child('a', 0.2)));
        tg.createTask(named('child', child('b', 0.1)));
        print('body continues');
      });
      print('group done');
    },
  },
  {
    id: 'taskgroup-failing-child-cancels-siblings',
    rules: [18],
    title: 'TaskGroup: a child failing at T; _on_task_done at T+1 cancels the siblings in creation order, then the body; all wake at T+2',
    python: py`
      import asyncio
      async def sibling(name):
          try:
              await asyncio.sleep(1)
          except asyncio.CancelledError:
              print(name, 'cancelled')
              raise
      async def failing():
          await asyncio.sleep(0.1)
          print('failing raises')
          raise ValueError('boom')
      async def main():
          try:
              async with asyncio.TaskGroup() as tg:
                  tg.create_task(sibling('first'))
                  tg.create_task(failing())
                  tg.create_task(sibling('third'))
                  try:
                      await asyncio.sleep(1)
                  except asyncio.CancelledError:
                      print('body cancelled')
                      raise
          except ExceptionGroup as eg:
              print(type(eg).__name__, str(eg))
              for e in eg.exceptions:
                  print('-', type(e).__name__, e)
      asyncio.run(main())
    `,
    model: function* () {
      function* sibling(name: string): CoroutineGen<void> {
        try {
          yield* sleep(1);
        } catch (e) {
          expectCancelled(e);
          print(name, 'cancelled');
          throw e;
        }
      }
      function* failing(): CoroutineGen<never> {
        yield* sleep(0.1);
        print('failing raises');
        throw new ValueError('boom');
      }
      try {
        yield* asyncWith(new TaskGroup(), function* (tg) {
          tg.createTask(named('sibling', sibling('first')));
          tg.createTask(named('failing', failing()));
          tg.createTask(named('sibling', sibling('third')));
          try {
            yield* sleep(1);
          } catch (e) {
            expectCancelled(e);
            print('body cancelled');
            throw e;
          }
        });
      } catch (e) {
        printGroup(e);
      }
    },
  },
  {
    id: 'taskgroup-several-errors',
    rules: [18],
    title: 'TaskGroup: two children failing in the same tick both land in one ExceptionGroup',
    python: py`
      import asyncio
      async def fail(kind, d):
          await asyncio.sleep(d)
          print('raising', kind.__name__)
          raise kind('from ' + kind.__name__)
      async def sibling(name):
          try:
              await asyncio.sleep(1)
          except asyncio.CancelledError:
              print(name, 'cancelled')
              raise
      async def main():
          try:
              async with asyncio.TaskGroup() as tg:
                  tg.create_task(fail(ValueError, 0.1))
                  tg.create_task(fail(TypeError, 0.1))
                  tg.create_task(sibling('other'))
          except ExceptionGroup as eg:
              print(type(eg).__name__, str(eg))
              for e in eg.exceptions:
                  print('-', type(e).__name__, e)
      asyncio.run(main())
    `,
    model: function* () {
      function* fail(kind: typeof ValueError | typeof PyTypeError, d: number): CoroutineGen<never> {
        yield* sleep(d);
        print('raising', kind.pyName);
        throw new kind(`from ${kind.pyName}`);
      }
      function* sibling(name: string): CoroutineGen<void> {
        try {
          yield* sleep(1);
        } catch (e) {
          expectCancelled(e);
          print(name, 'cancelled');
          throw e;
        }
      }
      try {
        yield* asyncWith(new TaskGroup(), function* (tg) {
          tg.createTask(named('fail', fail(ValueError, 0.1)));
          tg.createTask(named('fail', fail(PyTypeError, 0.1)));
          tg.createTask(named('sibling', sibling('other')));
        });
      } catch (e) {
        printGroup(e);
      }
    },
  },
  {
    id: 'taskgroup-error-during-cancellation',
    rules: [18],
    title: 'TaskGroup: an exception raised by a child while being cancelled joins the ExceptionGroup',
    python: py`
      import asyncio
      async def bad_cleanup():
          try:
              await asyncio.sleep(1)
          except asyncio.CancelledError:
              print('cleanup raises')
              raise RuntimeError('cleanup failed')
      async def failing():
          await asyncio.sleep(0.1)
          print('failing raises')
          raise ValueError('boom')
      async def main():
          try:
              async with asyncio.TaskGroup() as tg:
                  tg.create_task(bad_cleanup())
                  tg.create_task(failing())
                  print('body done')
          except ExceptionGroup as eg:
              print(type(eg).__name__, str(eg))
              for e in eg.exceptions:
                  print('-', type(e).__name__, e)
      asyncio.run(main())
    `,
    model: function* () {
      function* badCleanup(): CoroutineGen<void> {
        try {
          yield* sleep(1);
        } catch (e) {
          expectCancelled(e);
          print('cleanup raises');
          throw new RuntimeError('cleanup failed');
        }
      }
      function* failing(): CoroutineGen<never> {
        yield* sleep(0.1);
        print('failing raises');
        throw new ValueError('boom');
      }
      try {
        yield* asyncWith(new TaskGroup(), function* (tg) {
          tg.createTask(named('bad_cleanup', badCleanup()));
          tg.createTask(named('failing', failing()));
          print('body done');
        });
      } catch (e) {
        printGroup(e);
      }
    },
  },
  {
    id: 'taskgroup-body-raises',
    rules: [18],
    title: 'TaskGroup: an exception in the async with body cancels the children and joins the ExceptionGroup',
    python: py`
      import asyncio
      async def child(name):
          try:
              await asyncio.sleep(1)
          except asyncio.CancelledError:
              print(name, 'cancelled')
              raise
      async def main():
          try:
              async with asyncio.TaskGroup() as tg:
                  tg.create_task(child('a'))
                  tg.create_task(child('b'))
                  await asyncio.sleep(0.1)
                  print('body raises')
                  raise ValueError('from body')
          except ExceptionGroup as eg:
              print(type(eg).__name__, str(eg))
              for e in eg.exceptions:
                  print('-', type(e).__name__, e)
      asyncio.run(main())
    `,
    model: function* () {
      function* child(name: string): CoroutineGen<void> {
        try {
          yield* sleep(1);
        } catch (e) {
          expectCancelled(e);
          print(name, 'cancelled');
          throw e;
        }
      }
      try {
        yield* asyncWith(new TaskGroup(), function* (tg) {
          tg.createTask(named('child', child('a')));
          tg.createTask(named('child', child('b')));
          yield* sleep(0.1);
          print('body raises');
          throw new ValueError('from body');
        });
      } catch (e) {
        printGroup(e);
      }
    },
  },
];
