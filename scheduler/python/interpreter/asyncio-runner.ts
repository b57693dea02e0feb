/**
 * asyncio.Runner and asyncio.run for scenarios, on the scheduler's Runner (asyncio/runner.ts).
 *
 * The runner's loop is made as asyncio.new_event_loop() makes one (a loop of the program's, see
 * asyncio-main-thread.ts), unless the program passes a loop_factory. Every time the runner runs
 * its loop (run(), and close() with its cleanup tasks) the main thread is inside the loop, as the
 * trace shows; asyncio.run is one such span from the start of the run to the closed loop.
 */
import { debugHooks } from './asyncio-debug.ts';
import { onMainThreadLoop, type OwnLoops } from './asyncio-main-thread.ts';
import { EventLoop } from '../../loop/loop.ts';
import { peekRunningLoop } from '../../loop/running.ts';
import { Runner, runInNewRunner, type RunnerOptions } from '../../asyncio/runner.ts';
import { holdWithTraceback } from '../../asyncio/held-by-traceback.ts';
import { Context } from '../../asyncio/context.ts';
import { PyBuiltin, fakeAddress, typeName, type Kw } from './values.ts';
import { attributeError, runtimeError, typeError } from './exceptions.ts';
import { bind, bindPy, methods, noArgs } from './args.ts';
import { call } from './calls.ts';
import { truthy } from './ops.ts';
import { pyRepr } from './repr.ts';
import { hostClass, runnable } from './asyncio-support.ts';
import type { Runtime } from './runtime.ts';

export const RUNNER = hostClass('Runner', 'asyncio.runners', Runner);

/** What a runner of this scenario is made with: its loop, debug mode, how it shows in the trace. */
function runnerOptions(rt: Runtime, own: OwnLoops, debug: unknown, loopFactory: unknown, via: string): RunnerOptions {
  const noFactory = loopFactory === undefined || loopFactory === null;
  return {
    debug: debug === undefined || debug === null ? null : truthy(debug),
    newLoop: noFactory
      ? () => own.make()
      : () => {
          const loop = call(loopFactory, [], null);
          // CPython fails on the first use of the object as a loop.
          if (!(loop instanceof EventLoop)) throw attributeError(`'${typeName(loop)}' object has no attribute 'create_task'`);
          if (loop.debugHooks === null) loop.debugHooks = debugHooks(rt);
          return loop;
        },
    setEventLoop: noFactory ? (loop) => own.set(loop) : null,
    via,
    repr: pyRepr,
    // A finished coroutine fails in its task ("cannot reuse already awaited coroutine").
    runnable: (coro) => runnable(coro),
    // The main thread enters the loop; the time it spent outside (time.sleep) has passed for the loop too.
    runLoop: (loop, body) => {
      loop.clock = Math.max(loop.clock, rt.clock);
      onMainThreadLoop(rt, () => loop, body);
    },
  };
}

/** asyncio.run(main, *, debug=None): `with Runner(debug=debug) as runner: return runner.run(main)`. */
export function makeAsyncioRun(rt: Runtime, own: OwnLoops): PyBuiltin {
  return new PyBuiltin('run', (args, kw) => {
    // run(main, *, debug=None)
    if (args.length > 1) throw typeError(`run() takes 1 positional argument but ${args.length} were given`);
    const [main, debug] = bind('run', args, kw, ['main', 'debug'], 1);
    if (peekRunningLoop() !== null) throw holdWithTraceback(runtimeError('asyncio.run() cannot be called from a running event loop'), [main]);
    let loop: EventLoop | null = null;
    const options = runnerOptions(rt, own, debug, null, 'asyncio.run');
    const { newLoop } = options;
    // One span for the whole run: the loop's runs are not marked one by one.
    delete options.runLoop;
    options.newLoop = () => (loop = newLoop());
    return onMainThreadLoop(rt, () => loop, () => runInNewRunner(main, options));
  });
}

/** asyncio.Runner's methods. */
export function installRunnerType(rt: Runtime, own: OwnLoops): void {
  RUNNER.native = (args, kw) => {
    // __init__(self, *, debug=None, loop_factory=None)
    if (args.length > 0) bindPy('Runner.__init__', args, null, []);
    const [debug, loopFactory] = bindPy('Runner.__init__', [], kw, ['debug', 'loop_factory'], 0);
    return new Runner(runnerOptions(rt, own, debug, loopFactory, 'Runner.run'));
  };
  RUNNER.reprFn = (r: Runner) => `<asyncio.runners.Runner object at ${fakeAddress(r)}>`;
  methods(RUNNER, {
    __enter__: noArgs('py', 'Runner.__enter__', (r: Runner) => r.enter()),
    __exit__: (r: Runner, a, kw) => {
      bindPy('Runner.__exit__', a, kw, ['exc_type', 'exc_val', 'exc_tb']);
      r.close();
      return null;
    },
    close: noArgs('py', 'Runner.close', (r: Runner) => (r.close(), null)),
    get_loop: noArgs('py', 'Runner.get_loop', (r: Runner) => r.getLoop()),
    run: (r: Runner, a, kw: Kw) => {
      // run(self, coro, *, context=None)
      if (a.length > 1) bindPy('Runner.run', a, null, ['coro']);
      const [coro, context] = bindPy('Runner.run', a, kw, ['coro', 'context'], 1);
      if (context !== undefined && context !== null && !(context instanceof Context)) {
        throw typeError(`an instance of Context was expected, got ${typeName(context)}`);
      }
      return r.run(coro, (context as Context | undefined) ?? null);
    },
  });
}
