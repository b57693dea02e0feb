/**
 * inspect: the Python half is pylib/inspect.ts; this gives it the kind of a function's code
 * (a plain, generator, coroutine or async generator function), which CPython reads from its flags.
 */
import { PyBuiltin, type PyModule } from './values.ts';
import { PyFunction } from './frame.ts';
import { runPythonModule } from './pylib.ts';
import { INSPECT } from './pylib/inspect.ts';
import type { Runtime } from './runtime.ts';

export function makeInspectModule(rt: Runtime): PyModule {
  return runPythonModule(rt, 'inspect', INSPECT, (ns) => {
    ns.cell('_kind').v = new PyBuiltin('_kind', ([f]) => (f instanceof PyFunction ? (f.code.kind === 'lambda' ? 'sync' : f.code.kind) : null));
  });
}
