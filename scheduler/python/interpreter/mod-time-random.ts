/**
 * `time` on the virtual clock (ASYNCIO-SEMANTICS.md "Virtual time model") and `random` on the
 * Mersenne Twister port of random.ts.
 */
import { runningThread } from '../../asyncio/threads.ts';
import { peekRunningLoop } from '../../loop/running.ts';
import { LoopHalted } from '../../asyncio/run.ts';
import { ScenarioHalt } from './budget.ts';
import { CALL } from './exec.ts';
import { PyRandom, RandomArgumentError, type PyInt } from '../random.ts';
import { OBJECT, PyBuiltin, PyFloat, PyList, PyModule, PyTuple, PyRange, makeClass, normBig, registerHostType, typeName, type Kw } from './values.ts';
import { PyIndexError, PyOverflowError, PyTypeError, PyValueError, indexError, typeError, valueError } from './exceptions.ts';
import { bind, methods } from './args.ts';
import { asArray, toArray } from './iter.ts';
import { add, less } from './ops.ts';
import { pyLen } from './builtins-core.ts';
import { getItem } from './subscript.ts';
import type { Runtime } from './runtime.ts';
import { runPythonModule } from './pylib.ts';
import { TIME_CALENDAR } from './pylib/time.ts';
import { log as ddLog, sinCos } from './ddmath.ts';

function seconds(v: unknown): number {
  if (v instanceof PyFloat) return v.v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  throw typeError(`'${typeName(v)}' object cannot be interpreted as a float`);
}

/**
 * The wall clock's epoch: time.time() is this plus the virtual clock, so a scenario starts at
 * 2024-01-01 09:00:00 UTC (docs/scenario-language.md); the scenario's time zone is UTC.
 * monotonic(), perf_counter() and the loop's time() start at 0.
 */
export const WALL_CLOCK_EPOCH = 1704099600;

export function makeTimeModule(rt: Runtime): PyModule {
  const defs = new Map<string, PyBuiltin>();
  const def = (name: string, fn: (args: unknown[], kw: Kw) => unknown) => defs.set(name, new PyBuiltin(name, fn));
  const now = (args: unknown[]) => {
    bind('time', args, null, []);
    return new PyFloat(rt.now());
  };
  const nowNs = (args: unknown[]) => {
    bind('time_ns', args, null, []);
    return normBig(BigInt(Math.round(rt.now() * 1e9)));
  };
  for (const name of ['monotonic', 'perf_counter', 'process_time', 'thread_time']) {
    def(name, now);
    def(`${name}_ns`, nowNs);
  }
  def('time', (args) => {
    bind('time', args, null, []);
    return new PyFloat(WALL_CLOCK_EPOCH + rt.now());
  });
  def('time_ns', (args) => {
    bind('time_ns', args, null, []);
    return normBig(BigInt(WALL_CLOCK_EPOCH) * 1_000_000_000n + BigInt(Math.round(rt.now() * 1e9)));
  });
  def('sleep', (args) => {
    const [v] = bind('sleep', args, null, ['secs']);
    const s = seconds(v);
    if (Number.isNaN(s)) throw valueError('Invalid value NaN (not a number)');
    if (s < 0) throw valueError('sleep length must be non-negative');
    const thread = runningThread();
    if (thread !== null) {
      // A worker thread sleeps on its own clock; the loop goes on meanwhile.
      if (thread.clock + s > rt.maxTime) {
        throw new LoopHalted({ kind: 'limit', reason: 'virtual-time', message: `time.sleep(${s}) in ${thread.name} would take its clock past ${rt.maxTime} s` }, thread.pool.loop, null);
      }
      thread.sleep(s);
      return null;
    }
    const loop = peekRunningLoop();
    const now = loop === null ? rt.clock : loop.clock;
    // A program that only ever blocks (while True: time.sleep(1)) never reaches a loop tick,
    // where the virtual-time limit is checked: stop it here, leaving the clock before the jump.
    if (now + s > rt.maxTime) {
      const message = `time.sleep(${s}) would take the clock past ${rt.maxTime} s`;
      if (loop === null) throw new ScenarioHalt('virtual-time', message);
      throw new LoopHalted({ kind: 'limit', reason: 'virtual-time', message }, loop, null);
    }
    if (loop !== null) loop.block(s, CALL.line);
    else {
      rt.clock += s;
      rt.recorder.blocked(null, s, rt.clock, CALL.line);
    }
    return null;
  });
  return runPythonModule(rt, 'time', TIME_CALENDAR, (ns) => {
    for (const [name, fn] of defs) ns.cell(name).v = fn;
  });
}

// ---------------------------------------------------------------------------------------------

function randomError(e: unknown): never {
  if (e instanceof RandomArgumentError) {
    switch (e.pyType) {
      case 'ValueError':
        throw new PyValueError(e.message);
      case 'TypeError':
        throw new PyTypeError(e.message);
      case 'IndexError':
        throw new PyIndexError(e.message);
      case 'OverflowError':
        throw new PyOverflowError(e.message);
    }
  }
  throw e;
}

/** A Python number for random.ts: ints as numbers/bigints, floats as (non-integral) numbers. */
function num(v: unknown): PyInt {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.v;
  throw typeError(`'${typeName(v)}' object cannot be interpreted as an integer`);
}

function realNum(v: unknown): number {
  if (v instanceof PyFloat) return v.v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  throw typeError(`unsupported operand type(s) for -: '${typeName(v)}' and '${typeName(v)}'`);
}

function seedArg(v: unknown): Parameters<PyRandom['seed']>[0] {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PyFloat) return v.v; // integral floats go through seedFloat (see callers)
  throw typeError('The only supported seed types are: None, int, float, str, bytes, and bytearray.');
}

export const RANDOM = makeClass('Random', OBJECT);
RANDOM.module = 'random';
registerHostType(PyRandom, RANDOM);

/** The functions of `random`, for the module (one shared generator) and Random instances. */
function randomMethods(): Record<string, (r: PyRandom, args: unknown[], kw: Kw) => unknown> {
  return {
    seed: (r, a, kw) => {
      const [x] = bind('seed', a, kw, ['a', 'version'], 0);
      gaussNext.delete(r); // Random.seed sets gauss_next = None
      try {
        if (x instanceof PyFloat && Number.isInteger(x.v)) r.seedFloat(x.v);
        else r.seed(seedArg(x));
      } catch (e) {
        randomError(e);
      }
      return null;
    },
    random: (r, a, kw) => {
      if (kw !== null && kw.size > 0) throw typeError('Random.random() takes no keyword arguments');
      if (a.length > 0) throw typeError(`Random.random() takes no arguments (${a.length} given)`);
      return new PyFloat(r.random());
    },
    randint: (r, a) => {
      const [x, y] = bind('randint', a, null, ['a', 'b']);
      try {
        return r.randint(num(x), num(y));
      } catch (e) {
        return randomError(e);
      }
    },
    randrange: (r, a, kw) => {
      const [start, stop, step] = bind('randrange', a, kw, ['start', 'stop', 'step'], 1);
      try {
        return r.randrange(num(start), stop === undefined || stop === null ? null : num(stop), step === undefined ? undefined : num(step));
      } catch (e) {
        return randomError(e);
      }
    },
    uniform: (r, a) => {
      const [x, y] = bind('uniform', a, null, ['a', 'b']);
      const lo = realNum(x);
      const hi = realNum(y);
      return new PyFloat(lo + (hi - lo) * r.random());
    },
    getrandbits: (r, a) => {
      const [k] = bind('getrandbits', a, null, ['k']);
      try {
        return r.getrandbits(num(k));
      } catch (e) {
        return randomError(e);
      }
    },
    choice: (r, a) => {
      const [seq] = bind('choice', a, null, ['seq']);
      const n = pyLen(seq);
      if (n === 0) throw indexError('Cannot choose from an empty sequence');
      try {
        return getItem(seq, r.randbelow(n));
      } catch (e) {
        return randomError(e);
      }
    },
    choices: (r, a, kw) => {
      const [population, weights, cumWeights, k] = bind('choices', a, kw, ['population', 'weights', 'cum_weights', 'k'], 1);
      const pop = asArray(population);
      const n = pop.length;
      const count = k === undefined ? 1 : Number(num(k));
      if (weights === undefined || weights === null) {
        if (cumWeights === undefined || cumWeights === null) {
          if (n === 0) throw indexError('Cannot choose from an empty sequence');
          const out: unknown[] = [];
          for (let i = 0; i < count; i++) out.push(pop[Math.floor(r.random() * n)]);
          return new PyList(out);
        }
      } else if (cumWeights !== undefined && cumWeights !== null) {
        throw typeError('Cannot specify both weights and cumulative weights');
      }
      let cum: unknown[];
      if (weights !== undefined && weights !== null) {
        cum = [];
        let acc: unknown = 0;
        for (const w of toArray(weights)) {
          acc = add(acc, w);
          cum.push(acc);
        }
      } else cum = toArray(cumWeights);
      if (cum.length !== n) throw valueError('The number of weights does not match the population');
      const total = realNum(cum[cum.length - 1]);
      if (total <= 0) throw valueError('Total of weights must be greater than zero');
      if (!Number.isFinite(total)) throw valueError('Total of weights must be finite');
      const hi = n - 1;
      const out: unknown[] = [];
      for (let i = 0; i < count; i++) {
        const x = new PyFloat(r.random() * total);
        // bisect(cum_weights, x, 0, hi)
        let lo = 0;
        let h = hi;
        while (lo < h) {
          const mid = (lo + h) >> 1;
          if (less(x, cum[mid])) h = mid;
          else lo = mid + 1;
        }
        out.push(pop[lo]);
      }
      return new PyList(out);
    },
    shuffle: (r, a) => {
      const [x] = bind('shuffle', a, null, ['x']);
      if (!(x instanceof PyList)) throw typeError(`'${typeName(x)}' object does not support item assignment`);
      r.shuffle(x.a);
      return null;
    },
    sample: (r, a, kw) => {
      const [population, k, counts] = bind('sample', a, kw, ['population', 'k', 'counts'], 2);
      let pop: unknown;
      if (population instanceof PyList || population instanceof PyTuple || typeof population === 'string' || population instanceof PyRange) {
        pop = typeof population === 'string' ? [...population] : population instanceof PyRange ? toArray(population) : population.a;
      } else {
        throw typeError('Population must be a sequence.  For dicts or sets, use sorted(d).');
      }
      try {
        return new PyList(
          r.sample(pop as unknown[], num(k), counts === undefined || counts === null ? null : (toArray(counts).map(num) as PyInt[])),
        );
      } catch (e) {
        return randomError(e);
      }
    },
    expovariate: (r, a) => {
      const [l] = bind('expovariate', a, null, ['lambd'], 0);
      const lambd = l === undefined ? 1 : realNum(l);
      return new PyFloat(-ddLog(1.0 - r.random()) / lambd);
    },
    gauss: (r, a) => {
      const [mu0, sigma0] = bind('gauss', a, null, ['mu', 'sigma'], 0);
      const mu = mu0 === undefined ? 0 : realNum(mu0);
      const sigma = sigma0 === undefined ? 1 : realNum(sigma0);
      const state = gaussNext.get(r);
      let z: number;
      if (state !== undefined && state !== null) {
        z = state;
        gaussNext.set(r, null);
      } else {
        const x2pi = r.random() * 2 * Math.PI;
        const g2rad = Math.sqrt(-2.0 * ddLog(1.0 - r.random()));
        const [sin, cos] = sinCos(x2pi);
        z = cos * g2rad;
        gaussNext.set(r, sin * g2rad);
      }
      return new PyFloat(mu + z * sigma);
    },
  };
}

const gaussNext = new WeakMap<PyRandom, number | null>();

export function makeRandomModule(rt: Runtime): PyModule {
  const m = new PyModule('random');
  const table = randomMethods();
  for (const [name, fn] of Object.entries(table)) {
    m.attrs.set(name, new PyBuiltin(name, (args, kw) => fn(rt.random, args, kw)));
  }
  if (!RANDOM.dict.has('random')) {
    methods(RANDOM, table);
    RANDOM.native = (args, kw) => {
      const [x] = bind('Random', args, kw, ['x'], 0);
      const r = new PyRandom();
      try {
        if (x instanceof PyFloat && Number.isInteger(x.v)) r.seedFloat(x.v);
        else r.seed(seedArg(x));
      } catch (e) {
        randomError(e);
      }
      return r;
    };
  }
  m.attrs.set('Random', RANDOM);
  return m;
}
