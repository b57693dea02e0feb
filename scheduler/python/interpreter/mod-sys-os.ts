/**
 * sys and os, as far as teaching code uses them without touching the machine: sys.argv (the
 * script alone, as when run without arguments), sys.stdout/sys.stderr (line-buffered: a line
 * enters the transcript, or the stderr lines, when its newline is written), sys.exit, version
 * information; os.getpid() a fixed number, os.environ read-only and empty, os.sep and friends.
 */
import { OBJECT, PyDict, PyList, PyTuple, makeClass, registerHostType, typeName, type PyModule } from './values.ts';
import { PyBaseException, PySystemExit, excClassOf, typeError } from './exceptions.ts';
import { bind, methods, properties } from './args.ts';
import { CALL } from './exec.ts';
import { depth } from './calls.ts';
import { ModuleBuilder } from './module-kit.ts';
import type { Runtime } from './runtime.ts';

/** The process id scenarios see (documented in docs/scenario-language.md). */
export const VIRTUAL_PID = 4242;

/** sys.stdout / sys.stderr: text written is cut into lines at each newline. */
export class TextStream {
  private pending = '';
  constructor(
    readonly name: '<stdout>' | '<stderr>',
    private readonly emit: (line: string, at: number) => void,
  ) {}

  write(text: string): number {
    this.pending += text;
    let nl = this.pending.indexOf('\n');
    while (nl >= 0) {
      this.emit(this.pending.slice(0, nl), CALL.line);
      this.pending = this.pending.slice(nl + 1);
      nl = this.pending.indexOf('\n');
    }
    return [...text].length;
  }

  /** Text after the last newline is never shown, as the reference runner counts completed lines. */
  get buffered(): string {
    return this.pending;
  }
}

export const TEXT_STREAM = makeClass('TextIOWrapper', OBJECT);
TEXT_STREAM.module = '_io';
registerHostType(TextStream, TEXT_STREAM);
TEXT_STREAM.reprFn = (s: TextStream) => `<_io.TextIOWrapper name='${s.name}' mode='w' encoding='utf-8'>`;
methods(TEXT_STREAM, {
  write: (s: TextStream, a) => {
    const [text] = bind('write', a, null, ['s']);
    if (typeof text !== 'string') throw typeError(`write() argument must be str, not ${typeName(text)}`);
    return s.write(text);
  },
  writelines: (s: TextStream, a) => {
    const [lines] = bind('writelines', a, null, ['lines']);
    for (const l of (lines as PyList).a ?? []) s.write(String(l));
    return null;
  },
  flush: () => null,
  isatty: () => false,
  writable: () => true,
  readable: () => false,
  fileno: (s: TextStream) => (s.name === '<stdout>' ? 1 : 2),
});
properties(TEXT_STREAM, {
  name: (s: TextStream) => s.name,
  encoding: () => 'utf-8',
  errors: () => 'strict',
  closed: () => false,
});

export function makeSysModule(rt: Runtime): PyModule {
  const m = new ModuleBuilder('sys');
  m.value('argv', new PyList([rt.file.split('/').pop() ?? rt.file]));
  m.value('stdout', rt.stdout);
  m.value('stderr', rt.stderr);
  m.value('__stdout__', rt.stdout);
  m.value('__stderr__', rt.stderr);
  m.value('platform', 'linux');
  m.value('byteorder', 'little');
  m.value('version', '3.11.7 (main, Dec  4 2023, 18:10:11) [GCC 12.2.0]');
  m.value('version_info', new PyTuple([3, 11, 7, 'final', 0]));
  m.value('hexversion', 0x30b07f0);
  m.value('maxsize', 2n ** 63n - 1n);
  m.value('executable', '/usr/bin/python3');
  m.value('path', new PyList(['']));
  m.value('modules', rt.sysModules);
  m.fn('exit', (args) => {
    const [code] = bind('exit', args, null, ['status'], 0);
    throw new PySystemExit(...(code === undefined ? [] : [code]));
  });
  // The exception an except (or finally) block of the calling frame is handling: Loopscope keeps
  // it per frame, so a function called from that block does not see it (CPython's does).
  const handled = (): PyBaseException | null => CALL.frame?.exc ?? null;
  m.fn('exception', (args) => (bind('exception', args, null, []), handled()));
  m.fn('exc_info', (args) => {
    bind('exc_info', args, null, []);
    const e = handled();
    return new PyTuple(e === null ? [null, null, null] : [excClassOf(e), e, null]);
  });
  m.fn('getrecursionlimit', (args) => (bind('getrecursionlimit', args, null, []), depth.max));
  m.fn('setrecursionlimit', (args) => {
    const [n] = bind('setrecursionlimit', args, null, ['limit']);
    if (typeof n !== 'number') throw typeError(`'${typeName(n)}' object cannot be interpreted as an integer`);
    depth.max = n;
    return null;
  });
  m.fn('getsizeof', (args) => {
    bind('getsizeof', args, null, ['object', 'default'], 1);
    throw typeError('sys.getsizeof() depends on the machine: Loopscope does not model it');
  });
  return m.module;
}

export function makeOsModule(): PyModule {
  const m = new ModuleBuilder('os');
  m.fn('getpid', (args) => (bind('getpid', args, null, []), VIRTUAL_PID));
  m.fn('cpu_count', (args) => (bind('cpu_count', args, null, []), VIRTUAL_CPU_COUNT));
  // The environment is empty: environ.get(name, default) gives the default.
  const environ = new PyDict();
  m.value('environ', environ);
  m.fn('getenv', (args) => {
    const [key, dflt] = bind('getenv', args, null, ['key', 'default'], 1);
    if (typeof key !== 'string') throw typeError(`str expected, not ${typeName(key)}`);
    const d = environ.m.get(key);
    return d === undefined ? (dflt ?? null) : d.v;
  });
  m.value('sep', '/');
  m.value('linesep', '\n');
  m.value('name', 'posix');
  m.value('curdir', '.');
  return m.module;
}

/** os.cpu_count() in scenarios, which sizes the default thread pool (docs/scenario-language.md). */
export const VIRTUAL_CPU_COUNT = 4;
