/** Rules 19-21: cancelling tasks, cancelling before the first step, and a task awaiting itself. */
import { CancelledError, RuntimeError, createTask, gather, gatherWith, getRunningLoop, named, sleep, type CoroutineGen, type Task } from '../../../../scheduler/index.ts';
import { print } from '../../../support/play.ts';
import { py, type ConformanceCase } from '../framework.ts';

/** str() of a Python bool. */
const tf = (value: boolean): string => (value ? 'True' : 'False');

/** `except asyncio.CancelledError` */
function isCancel(error: unknown): error is CancelledError {
  return error instanceof CancelledError;
}

function current(): Task<unknown> {
  const task = getRunningLoop().currentTask;
  if (task === null) throw new Error('no current task');
  return task;
}

export const cancellationCases: ConformanceCase[] = [
  {
    id: 'cancel-waiting-task-next-tick',
    rules: [19],
    title: 'cancel(msg) on a sleeping task: CancelledError(msg) next tick; re-raised, the awaiter gets the same error a tick later',
    python: py`
      import asyncio
      async def worker():
          try:
              await asyncio.sleep(10)
          except asyncio.CancelledError as e:
              print('worker cancelled:', str(e))
              raise
      async def main():
          t = asyncio.create_task(worker())
          await asyncio.sleep(1)
          print('cancel ->', t.cancel('stop!'))
          try:
              await t
          except asyncio.CancelledError as e:
              print('main saw CancelledError:', str(e))
          print('cancelled:', t.cancelled(), 'done:', t.done())
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(): CoroutineGen<void> {
        try {
          yield* sleep(10);
        } catch (e) {
          if (!isCancel(e)) throw e;
          print('worker cancelled:', e.message);
          throw e;
        }
      }
      const t = createTask(named('worker', worker()));
      yield* sleep(1);
      print('cancel ->', tf(t.cancel('stop!')));
      try {
        yield* t;
      } catch (e) {
        if (!isCancel(e)) throw e;
        print('main saw CancelledError:', e.message);
      }
      print('cancelled:', tf(t.cancelled()), 'done:', tf(t.done()));
    },
  },
  {
    id: 'cancel-except-and-finally-sleep',
    rules: [19],
    title: 'except and finally blocks of a cancelled task may await: their sleeps take virtual time',
    python: py`
      import asyncio
      async def worker():
          try:
              try:
                  await asyncio.sleep(10)
              except asyncio.CancelledError:
                  print('except: cleaning up')
                  await asyncio.sleep(0.5)
                  print('except: done')
                  raise
          finally:
              print('finally: closing')
              await asyncio.sleep(0.25)
              print('finally: closed')
      async def main():
          t = asyncio.create_task(worker())
          await asyncio.sleep(1)
          t.cancel()
          try:
              await t
          except asyncio.CancelledError:
              print('main: worker ended cancelled')
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(): CoroutineGen<void> {
        try {
          try {
            yield* sleep(10);
          } catch (e) {
            if (!isCancel(e)) throw e;
            print('except: cleaning up');
            yield* sleep(0.5);
            print('except: done');
            throw e;
          }
        } finally {
          print('finally: closing');
          yield* sleep(0.25);
          print('finally: closed');
        }
      }
      const t = createTask(named('worker', worker()));
      yield* sleep(1);
      t.cancel();
      try {
        yield* t;
      } catch (e) {
        if (!isCancel(e)) throw e;
        print('main: worker ended cancelled');
      }
    },
  },
  {
    id: 'cancel-swallowed-returns-value',
    rules: [19],
    title: 'a task that swallows CancelledError finishes normally with its return value; cancelling() and uncancel()',
    python: py`
      import asyncio
      async def worker():
          try:
              await asyncio.sleep(10)
          except asyncio.CancelledError as e:
              task = asyncio.current_task()
              print('swallowed', repr(str(e)), 'cancelling =', task.cancelling())
              await asyncio.sleep(0)
              return 'recovered'
          return 'finished'
      async def stubborn():
          try:
              await asyncio.sleep(10)
          except asyncio.CancelledError:
              print('uncancel ->', asyncio.current_task().uncancel())
          return 'kept going'
      async def main():
          t = asyncio.create_task(worker())
          u = asyncio.create_task(stubborn())
          await asyncio.sleep(0)
          t.cancel()
          u.cancel()
          print('result:', await t, 'cancelled:', t.cancelled(), 'cancelling:', t.cancelling())
          print('result:', await u, 'cancelled:', u.cancelled(), 'cancelling:', u.cancelling())
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(): CoroutineGen<string> {
        try {
          yield* sleep(10);
        } catch (e) {
          if (!isCancel(e)) throw e;
          print('swallowed', `'${e.message}'`, 'cancelling =', current().cancelling());
          yield* sleep(0);
          return 'recovered';
        }
        return 'finished';
      }
      function* stubborn(): CoroutineGen<string> {
        try {
          yield* sleep(10);
        } catch (e) {
          if (!isCancel(e)) throw e;
          print('uncancel ->', current().uncancel());
        }
        return 'kept going';
      }
      const t = createTask(named('worker', worker()));
      const u = createTask(named('stubborn', stubborn()));
      yield* sleep(0);
      t.cancel();
      u.cancel();
      print('result:', yield* t, 'cancelled:', tf(t.cancelled()), 'cancelling:', t.cancelling());
      print('result:', yield* u, 'cancelled:', tf(u.cancelled()), 'cancelling:', u.cancelling());
    },
  },
  {
    id: 'cancel-return-values-and-count',
    rules: [19],
    title: 'cancel() is True twice on a pending task (first message wins), False once done; cancelling() counts requests',
    python: py`
      import asyncio
      async def worker():
          try:
              await asyncio.sleep(10)
          except asyncio.CancelledError as e:
              print('worker got', str(e))
              raise
      async def quick():
          return 42
      async def main():
          t = asyncio.create_task(worker())
          q = asyncio.create_task(quick())
          await asyncio.sleep(0)
          print('before:', t.cancelling())
          first = t.cancel('first')
          second = t.cancel('second')
          print(first, second, 'cancelling =', t.cancelling())
          await asyncio.sleep(0)
          print('done:', t.done(), 'cancelled:', t.cancelled())
          print('again:', t.cancel('third'), 'cancelling =', t.cancelling())
          print('finished task:', q.done(), q.cancel(), q.cancelling(), q.result())
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(): CoroutineGen<void> {
        try {
          yield* sleep(10);
        } catch (e) {
          if (!isCancel(e)) throw e;
          print('worker got', e.message);
          throw e;
        }
      }
      function* quick(): CoroutineGen<number> {
        return 42;
      }
      const t = createTask(named('worker', worker()));
      const q = createTask(named('quick', quick()));
      yield* sleep(0);
      print('before:', t.cancelling());
      const first = t.cancel('first');
      const second = t.cancel('second');
      print(tf(first), tf(second), 'cancelling =', t.cancelling());
      yield* sleep(0);
      print('done:', tf(t.done()), 'cancelled:', tf(t.cancelled()));
      print('again:', tf(t.cancel('third')), 'cancelling =', t.cancelling());
      print('finished task:', tf(q.done()), tf(q.cancel()), q.cancelling(), q.result());
    },
  },
  {
    id: 'cancel-task-queued-after-sleep0',
    rules: [19, 7],
    title: 'cancelling a task whose step is already queued (after sleep(0)) delivers CancelledError at that step',
    python: py`
      import asyncio
      async def spinner():
          n = 0
          try:
              while True:
                  await asyncio.sleep(0)
                  n += 1
                  print('spin', n)
          finally:
              print('spinner stopped after', n)
      async def main():
          t = asyncio.create_task(spinner())
          await asyncio.sleep(0)
          await asyncio.sleep(0)
          print('cancel ->', t.cancel())
          await asyncio.sleep(0)
          print('cancelled:', t.cancelled())
      asyncio.run(main())
    `,
    model: function* () {
      function* spinner(): CoroutineGen<void> {
        let n = 0;
        try {
          for (;;) {
            yield* sleep(0);
            n += 1;
            print('spin', n);
          }
        } finally {
          print('spinner stopped after', n);
        }
      }
      const t = createTask(named('spinner', spinner()));
      yield* sleep(0);
      yield* sleep(0);
      print('cancel ->', tf(t.cancel()));
      yield* sleep(0);
      print('cancelled:', tf(t.cancelled()));
    },
  },
  {
    id: 'cancel-awaiter-cancels-awaited-task',
    rules: [19, 10],
    title: 'cancelling a task that awaits another task cancels the awaited task too; each wakes a tick apart',
    python: py`
      import asyncio
      async def inner():
          try:
              await asyncio.sleep(10)
          finally:
              print('inner finally')
      async def outer(child):
          try:
              await child
          except asyncio.CancelledError:
              print('outer cancelled, child cancelled:', child.cancelled())
              raise
      async def main():
          child = asyncio.create_task(inner())
          parent = asyncio.create_task(outer(child))
          await asyncio.sleep(1)
          parent.cancel()
          await asyncio.gather(parent, return_exceptions=True)
          print('parent cancelled:', parent.cancelled(), 'child cancelled:', child.cancelled())
      asyncio.run(main())
    `,
    model: function* () {
      function* inner(): CoroutineGen<void> {
        try {
          yield* sleep(10);
        } finally {
          print('inner finally');
        }
      }
      function* outer(child: Task<void>): CoroutineGen<void> {
        try {
          yield* child;
        } catch (e) {
          if (!isCancel(e)) throw e;
          print('outer cancelled, child cancelled:', tf(child.cancelled()));
          throw e;
        }
      }
      const child = createTask(named('inner', inner()));
      const parent = createTask(named('outer', outer(child)));
      yield* sleep(1);
      parent.cancel();
      yield* gatherWith({ returnExceptions: true }, parent);
      print('parent cancelled:', tf(parent.cancelled()), 'child cancelled:', tf(child.cancelled()));
    },
  },
  {
    id: 'cancel-before-first-step',
    rules: [20],
    title: 'a task cancelled before its first step never runs: no output, no finally; it ends cancelled next tick',
    python: py`
      import asyncio
      async def worker():
          try:
              print('worker started')
              await asyncio.sleep(1)
          finally:
              print('worker finally')
      async def main():
          t = asyncio.create_task(worker())
          print('cancel ->', t.cancel())
          print('done right away:', t.done())
          await asyncio.sleep(0)
          print('after one tick: done', t.done(), 'cancelled', t.cancelled())
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(): CoroutineGen<void> {
        try {
          print('worker started');
          yield* sleep(1);
        } finally {
          print('worker finally');
        }
      }
      const t = createTask(named('worker', worker()));
      print('cancel ->', tf(t.cancel()));
      print('done right away:', tf(t.done()));
      yield* sleep(0);
      print('after one tick: done', tf(t.done()), 'cancelled', tf(t.cancelled()));
    },
  },
  {
    id: 'cancel-before-first-step-awaited',
    rules: [20, 19],
    title: 'awaiting a task cancelled before it started: the awaiter gets CancelledError(msg) a tick after it ends',
    python: py`
      import asyncio
      async def worker():
          print('never printed')
      async def main():
          t = asyncio.create_task(worker())
          t.cancel('too early')
          try:
              await t
          except asyncio.CancelledError as e:
              print('main caught:', str(e))
          print('cancelling:', t.cancelling())
      asyncio.run(main())
    `,
    model: function* () {
      function* worker(): CoroutineGen<void> {
        print('never printed');
      }
      const t = createTask(named('worker', worker()));
      t.cancel('too early');
      try {
        yield* t;
      } catch (e) {
        if (!isCancel(e)) throw e;
        print('main caught:', e.message);
      }
      print('cancelling:', t.cancelling());
    },
  },
  {
    id: 'await-current-task',
    rules: [21],
    title: 'await asyncio.current_task() raises RuntimeError inside the task at its next step',
    python: py`
      import asyncio
      async def selfish():
          print('about to await myself')
          try:
              await asyncio.current_task()
          except RuntimeError as e:
              print(type(e).__name__, str(e).split(':')[0])
          return 'survived'
      async def main():
          t = asyncio.create_task(selfish())
          print(await t)
      asyncio.run(main())
    `,
    model: function* () {
      function* selfish(): CoroutineGen<string> {
        print('about to await myself');
        try {
          yield* current();
        } catch (e) {
          if (!(e instanceof RuntimeError)) throw e;
          print(e.pyName, e.message.split(':')[0]);
        }
        return 'survived';
      }
      const t = createTask(named('selfish', selfish()));
      print(yield* t);
    },
  },
  {
    id: 'gather-self-deadlock',
    rules: [21, 29],
    title: 'main awaiting gather(current_task()) is not detected: END deadlock',
    python: py`
      import asyncio
      async def main():
          print('gathering myself')
          await asyncio.gather(asyncio.current_task())
          print('never printed')
      asyncio.run(main())
    `,
    model: function* () {
      print('gathering myself');
      yield* gather(current());
      print('never printed');
    },
  },
  {
    id: 'gather-circular-deadlock',
    rules: [21, 29],
    title: 'two tasks gathering each other wait forever: END deadlock lists them and main',
    python: py`
      import asyncio
      tasks = {}
      async def a():
          await asyncio.sleep(0.5)
          print('a waits for b')
          await asyncio.gather(tasks['b'])
      async def b():
          await asyncio.sleep(0)
          print('b waits for a')
          await asyncio.gather(tasks['a'])
      async def main():
          tasks['a'] = asyncio.create_task(a())
          tasks['b'] = asyncio.create_task(b())
          await asyncio.gather(tasks['a'], tasks['b'])
      asyncio.run(main())
    `,
    model: function* () {
      const tasks = new Map<string, Task<void>>();
      function* a(): CoroutineGen<void> {
        yield* sleep(0.5);
        print('a waits for b');
        yield* gather(tasks.get('b') as Task<void>);
      }
      function* b(): CoroutineGen<void> {
        yield* sleep(0);
        print('b waits for a');
        yield* gather(tasks.get('a') as Task<void>);
      }
      tasks.set('a', createTask(named('a', a())));
      tasks.set('b', createTask(named('b', b())));
      yield* gather(tasks.get('a') as Task<void>, tasks.get('b') as Task<void>);
    },
  },
];
