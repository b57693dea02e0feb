/**
 * traceback: the exception being handled, or one given, as CPython 3.11 prints it
 * (print_exc, format_exc, print_exception, format_exception, format_exception_only). The Python
 * half is pylib/traceback.ts; the text is traceback.ts's, from the frame that caught the exception
 * down to where it was raised, as a handler sees it.
 */
import { PyBuiltin, PyList, type PyModule } from './values.ts';
import { PyBaseException, type PyExc } from './exceptions.ts';
import { exceptionOnlyLines, formatCaughtTraceback } from './traceback.ts';
import { runPythonModule } from './pylib.ts';
import { TRACEBACK } from './pylib/traceback.ts';
import type { Runtime } from './runtime.ts';

/** The text's lines, each ending in a newline, as format_exception returns them. */
function lines(text: string): PyList {
  return new PyList(text.split('\n').map((line) => `${line}\n`));
}

export function makeTracebackModule(rt: Runtime): PyModule {
  return runPythonModule(rt, 'traceback', TRACEBACK, (ns) => {
    ns.cell('_format').v = new PyBuiltin('_format', ([e]) => {
      if (!(e instanceof PyBaseException)) return new PyList(['NoneType: None\n']);
      return lines(formatCaughtTraceback(e as PyExc, rt.file, rt.source));
    });
    ns.cell('_format_only').v = new PyBuiltin('_format_only', ([e]) => {
      if (!(e instanceof PyBaseException)) return new PyList(['NoneType: None\n']);
      return lines(exceptionOnlyLines(e as PyExc).join('\n'));
    });
  });
}
