/**
 * What the module registry models, by name: for messages and hints written before any run (the
 * parser's import refusals), from the modules themselves, built once in a scratch runtime.
 */
import { TraceRecorder } from '../../trace/recorder.ts';
import { MODULES } from './modules.ts';
import { Runtime } from './runtime.ts';

let scratch: Runtime | null = null;
const attributes = new Map<string, ReadonlySet<string>>();

/** The names module `name` has in Loopscope, or null if it is not modelled. */
export function modelledAttributes(name: string): ReadonlySet<string> | null {
  if (!MODULES.has(name)) return null;
  let names = attributes.get(name);
  if (names === undefined) {
    scratch ??= new Runtime({ file: '<registry>', recorder: new TraceRecorder('<registry>'), maxTicks: 1, maxTime: 1, maxTasks: 1 });
    names = new Set([...scratch.importModule(name).attrs.keys(), '__name__']);
    attributes.set(name, names);
  }
  return names;
}
