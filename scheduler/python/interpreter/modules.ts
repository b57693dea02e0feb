/**
 * The module registry: every module a scenario may import, and how the runtime builds it. This is
 * the one list of what is modelled: the parser refuses an import of anything else, and the
 * checker's messages and hints ("Loopscope does not model the X module yet", "scenarios can import
 * ...") are written from it, so they follow as modules are added here.
 *
 * A module is made once per run, on first import; a dotted name imports its parents first and
 * becomes their attribute, as Python's import system does. To add a module: write its factory (a
 * PyModule on the virtual clock, see mod-*.ts, or Python source run by pylib.ts) and add one entry
 * below.
 */
import { PyModule } from './values.ts';
import { PyModuleNotFoundError } from './exceptions.ts';
import { ASYNCIO_SUBMODULES, makeAsyncioModule } from './mod-asyncio.ts';
import { makeRandomModule, makeTimeModule } from './mod-time-random.ts';
import { makeAiohttpModule } from './mod-aiohttp.ts';
import { runPythonModule } from './pylib.ts';
import { makeOsModule, makeSysModule } from './mod-sys-os.ts';
import { makeMathModule } from './mod-math.ts';
import { makeJsonModule } from './mod-json.ts';
import { FUNCTOOLS } from './pylib/functools.ts';
import { COLLECTIONS } from './pylib/collections.ts';
import { ITERTOOLS } from './pylib/itertools.ts';
import { CONTEXTLIB } from './pylib/contextlib.ts';
import { FUTURE, OPERATOR, STRING } from './pylib/small.ts';
import { makeAbcModule } from './mod-abc.ts';
import { makeTypingModule } from './mod-typing.ts';
import { makeEnumModule } from './mod-enum.ts';
import { DATACLASSES } from './pylib/dataclasses.ts';
import { DATETIME } from './pylib/datetime.ts';
import { BISECT, HEAPQ } from './pylib/heapq-bisect.ts';
import { STATISTICS } from './pylib/statistics.ts';
import { COPY, TEXTWRAP, TYPES } from './pylib/copy-types.ts';
import { makeTracebackModule } from './mod-traceback.ts';
import { makeReModule } from './mod-re.ts';
import { makeInspectModule } from './mod-inspect.ts';
import { makeContextvarsModule } from './mod-contextvars.ts';
import { makeLoggingModule } from './mod-logging.ts';
import { makeConcurrentFuturesModule, makeConcurrentModule, makeThreadingModule } from './mod-threading.ts';
import type { Runtime } from './runtime.ts';

interface ModuleEntry {
  make(rt: Runtime): PyModule;
  /**
   * Where CPython 3.11 has it, as module reprs and ImportError messages show it (with the
   * standard library's directory written `<stdlib>/`, as transcripts sanitize it), or null
   * for a module built into the interpreter.
   */
  file: string | null;
}

const STDLIB = '<stdlib>/';

export const MODULES: Readonly<Record<string, ModuleEntry>> = {
  asyncio: { make: makeAsyncioModule, file: `${STDLIB}asyncio/__init__.py` },
  time: { make: makeTimeModule, file: null },
  random: { make: makeRandomModule, file: `${STDLIB}random.py` },
  aiohttp: { make: makeAiohttpModule, file: null },
  collections: { make: (rt) => runPythonModule(rt, 'collections', COLLECTIONS), file: `${STDLIB}collections/__init__.py` },
  sys: { make: makeSysModule, file: null },
  os: { make: () => makeOsModule(), file: `${STDLIB}os.py` },
  math: { make: () => makeMathModule(), file: null },
  json: { make: () => makeJsonModule(), file: `${STDLIB}json/__init__.py` },
  itertools: { make: (rt) => runPythonModule(rt, 'itertools', ITERTOOLS), file: null },
  contextlib: { make: (rt) => runPythonModule(rt, 'contextlib', CONTEXTLIB), file: `${STDLIB}contextlib.py` },
  operator: { make: (rt) => runPythonModule(rt, 'operator', OPERATOR), file: `${STDLIB}operator.py` },
  string: { make: (rt) => runPythonModule(rt, 'string', STRING), file: `${STDLIB}string.py` },
  abc: { make: makeAbcModule, file: `${STDLIB}abc.py` },
  typing: { make: makeTypingModule, file: `${STDLIB}typing.py` },
  enum: { make: makeEnumModule, file: `${STDLIB}enum.py` },
  dataclasses: { make: (rt) => runPythonModule(rt, 'dataclasses', DATACLASSES), file: `${STDLIB}dataclasses.py` },
  datetime: { make: (rt) => runPythonModule(rt, 'datetime', DATETIME), file: `${STDLIB}datetime.py` },
  contextvars: { make: () => makeContextvarsModule(), file: null },
  logging: { make: makeLoggingModule, file: `${STDLIB}logging/__init__.py` },
  threading: { make: () => makeThreadingModule(), file: `${STDLIB}threading.py` },
  concurrent: { make: () => makeConcurrentModule(), file: `${STDLIB}concurrent/__init__.py` },
  'concurrent.futures': { make: () => makeConcurrentFuturesModule(), file: `${STDLIB}concurrent/futures/__init__.py` },
  functools: { make: (rt) => runPythonModule(rt, 'functools', FUNCTOOLS), file: `${STDLIB}functools.py` },
  heapq: { make: (rt) => runPythonModule(rt, 'heapq', HEAPQ), file: `${STDLIB}heapq.py` },
  bisect: { make: (rt) => runPythonModule(rt, 'bisect', BISECT), file: `${STDLIB}bisect.py` },
  statistics: { make: (rt) => runPythonModule(rt, 'statistics', STATISTICS), file: `${STDLIB}statistics.py` },
  copy: { make: (rt) => runPythonModule(rt, 'copy', COPY), file: `${STDLIB}copy.py` },
  types: { make: (rt) => runPythonModule(rt, 'types', TYPES), file: `${STDLIB}types.py` },
  textwrap: { make: (rt) => runPythonModule(rt, 'textwrap', TEXTWRAP), file: `${STDLIB}textwrap.py` },
  traceback: { make: makeTracebackModule, file: `${STDLIB}traceback.py` },
  re: { make: makeReModule, file: `${STDLIB}re/__init__.py` },
  inspect: { make: makeInspectModule, file: `${STDLIB}inspect.py` },
  __future__: { make: (rt) => runPythonModule(rt, '__future__', FUTURE), file: `${STDLIB}__future__.py` },
};

/** Submodules a package makes while it is imported (asyncio's), importable by their dotted names. */
const PACKAGE_SUBMODULES: readonly string[] = ASYNCIO_SUBMODULES.map((sub) => `asyncio.${sub}`);

export function isModelledModule(name: string): boolean {
  return Object.hasOwn(MODULES, name) || PACKAGE_SUBMODULES.includes(name);
}

/** The names of the modelled modules, in registry order, each package followed by its submodules. */
export function modelledModuleNames(): string[] {
  return Object.keys(MODULES).flatMap((name) => [name, ...PACKAGE_SUBMODULES.filter((sub) => sub.startsWith(`${name}.`))]);
}

/** Import a module (and its parent packages) for this run. */
export function importModule(rt: Runtime, name: string): PyModule {
  const cached = rt.modules.get(name);
  if (cached !== undefined) return cached;
  const dot = name.lastIndexOf('.');
  const parent = dot >= 0 ? importModule(rt, name.slice(0, dot)) : null;
  // A package may have made its submodules while it was imported (asyncio does).
  const made = rt.modules.get(name);
  if (made !== undefined) return made;
  const entry = MODULES[name];
  if (entry === undefined) throw new PyModuleNotFoundError(`No module named '${name}'`);
  const m = entry.make(rt);
  m.file = entry.file;
  rt.modules.set(name, m);
  if (parent !== null) parent.attrs.set(name.slice(dot + 1), m);
  return m;
}

/** `(<stdlib>/asyncio/__init__.py)` in an ImportError, as CPython names the module's file. */
export function moduleLocation(m: PyModule): string {
  return m.file ?? 'unknown location';
}
