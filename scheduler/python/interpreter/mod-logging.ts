/**
 * logging: the Python module (pylib/logging.ts) and what it needs from the runtime: where a record
 * was made (the scenario's function and line), the thread and process it was made in, the
 * exception being handled, tracebacks as text, and writing to sys.stderr at the record's line.
 */
import { PyBuiltin, PyTuple, type PyModule } from './values.ts';
import { PyBaseException, excClassOf, type PyExc } from './exceptions.ts';
import { call, getAttr } from './calls.ts';
import { CALL } from './exec.ts';
import { runningThread } from '../../asyncio/threads.ts';
import { formatCaughtTraceback } from './traceback.ts';
import { TextStream, VIRTUAL_PID } from './mod-sys-os.ts';
import { runPythonModule } from './pylib.ts';
import { LOGGING } from './pylib/logging.ts';
import type { Runtime } from './runtime.ts';


function builtin(name: string, fn: (args: unknown[]) => unknown): PyBuiltin {
  return new PyBuiltin(name, (args) => fn(args));
}

export function makeLoggingModule(rt: Runtime): PyModule {
  const file = rt.file.split('/').pop() ?? rt.file;
  return runPythonModule(rt, 'logging', LOGGING, (ns) => {
    ns.cell('_caller').v = builtin('_caller', () => {
      const fn = CALL.frame?.fn ?? null;
      return new PyTuple([fn === null ? '<module>' : fn.name, CALL.line, file]);
    });
    ns.cell('_thread_name').v = builtin('_thread_name', () => runningThread()?.name ?? 'MainThread');
    ns.cell('_thread_ident').v = builtin('_thread_ident', () => 140_000_000_000_000 + (runningThread()?.id ?? -1) + 1);
    ns.cell('_pid').v = builtin('_pid', () => VIRTUAL_PID);
    ns.cell('_exc_info').v = builtin('_exc_info', () => {
      const e = CALL.frame?.exc ?? null;
      return e === null ? new PyTuple([null, null, null]) : new PyTuple([excClassOf(e), e, null]);
    });
    ns.cell('_format_exception').v = builtin('_format_exception', ([e]) => {
      if (!(e instanceof PyBaseException)) return 'NoneType: None';
      return formatCaughtTraceback(e as PyExc, rt.file, rt.source);
    });
    // A record's text goes to sys.stderr (or stdout) at the scenario line that logged it.
    ns.cell('_write').v = builtin('_write', ([stream, text, lineno]) => {
      if (stream instanceof TextStream) {
        const saved = CALL.line;
        CALL.line = typeof lineno === 'number' ? lineno : saved;
        try {
          stream.write(text as string);
        } finally {
          CALL.line = saved;
        }
      } else call(getAttr(stream, 'write'), [text], null);
      return null;
    });
  });
}
