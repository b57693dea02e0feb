/**
 * Library modules written in Python (pylib/*.ts hold their source): functools, itertools,
 * contextlib, dataclasses, datetime... They are parsed by the scenario parser and run by this
 * interpreter in a namespace of their own, once per run, the first time a scenario imports them.
 * Their frames stay out of tracebacks and their functions and classes say which module they come
 * from (`functools.partial`), as CPython's do.
 */
import type * as A from '../ast.ts';
import { parseScenario } from '../parse/index.ts';
import { PyModule } from './values.ts';
import { Frame } from './frame.ts';
import { runSync } from './exec.ts';
import { compileModule } from './compile-stmt.ts';
import { Namespace } from './scope.ts';
import type { Runtime } from './runtime.ts';

/** Parsed once per process: the source never changes. */
const parsed = new Map<string, A.Module>();

function parse(name: string, source: string): A.Module {
  let module = parsed.get(name);
  if (module === undefined) {
    const result = parseScenario(source, `<${name}>`);
    // A library module the parser refuses is a bug of this project, not of the scenario.
    if (!result.ok) throw new Error(`library module ${name} does not parse: ${result.error.format()}`);
    module = result.module;
    parsed.set(name, module);
  }
  return module;
}

/**
 * Run a library module's source and make its module object. `prepare` may define names before
 * the source runs (the module's TypeScript helpers).
 */
export function runPythonModule(rt: Runtime, name: string, source: string, prepare?: (ns: Namespace) => void): PyModule {
  const ns = new Namespace(name, true);
  ns.cell('__name__').v = name;
  ns.cell('__doc__').v = null;
  prepare?.(ns);
  const body = compileModule(rt, parse(name, source), ns);
  runSync(new Frame([], null, null, null), body);
  const m = new PyModule(name);
  for (const [key, cell] of ns.cells) if (cell.v !== undefined) m.attrs.set(key, cell.v);
  return m;
}
