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
import { peekRunningLoop } from '../../loop/running.ts';
import { isPyCoroutine } from './exec.ts';
import type { Frame } from './frame.ts';
import { formatCaughtTraceback } from './traceback.ts';
import { TextStream, VIRTUAL_PID } from './mod-sys-os.ts';
import { runPythonModule } from './pylib.ts';
import { LOGGING } from './pylib/logging.ts';
import type { Runtime } from './runtime.ts';


function builtin(name: string, fn: (args: unknown[]) => unknown): PyBuiltin {
  return new PyBuiltin(name, (args) => fn(args));
}

/**
 * The "Call stack:" part of Handler.handleError's report (traceback.print_stack): the scenario's
 * frames from the running task's coroutine down its awaits to the frame that logged. asyncio's
 * own frames and the synchronous callers in between are not known here, and are left out.
 */
function callStackText(rt: Runtime): string {
  const frames: { frame: Frame | null; line: number }[] = [];
  const coro = peekRunningLoop()?.currentTask?.coro;
  if (coro !== undefined && isPyCoroutine(coro)) {
    for (let f: Frame | null = coro.fr; f !== null && f.st === 1; f = f.aw) frames.push({ frame: f, line: f.line });
  }
  const last = frames[frames.length - 1];
  if (last !== undefined && last.frame === CALL.frame) last.line = CALL.line;
  else frames.push({ frame: CALL.frame, line: CALL.line });
  const file = rt.file.split('/').pop() ?? rt.file;
  const lines = (rt.source ?? '').split(/\r\n|\r|\n/);
  let text = '';
  for (const { frame, line } of frames) {
    const fn = frame?.fn ?? null;
    text += `  File "${file}", line ${line}, in ${fn === null ? '<module>' : fn.name}\n`;
    const code = lines[line - 1]?.trim();
    if (code) text += `    ${code}\n`;
  }
  return text;
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
    ns.cell('_call_stack').v = builtin('_call_stack', () => callStackText(rt));
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
