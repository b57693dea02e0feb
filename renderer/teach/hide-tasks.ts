/**
 * Hiding tasks so that a lesson shows only what matters: the two tasks asyncio.run itself starts
 * at the end of every run (loop.shutdown_asyncgens() and loop.shutdown_default_executor(), as in
 * CPython's asyncio.runners), and any task whose name or coroutine matches a filter.
 */

/** What hiding looks at: a task's name, its coroutine, who created it and how. */
export interface TaskIdentity {
  serial: number;
  name: string;
  coro: string;
  /** The creating task's serial, -1 outside any task. */
  creator: number;
  /** How it was created ("asyncio.run", "create_task", "gather"...). */
  via: string;
}

const SHUTDOWN_COROUTINES = new Set(['shutdown_asyncgens', 'shutdown_default_executor']);
/** asyncio.run, and asyncio.Runner's close() (its tasks say 'Runner.run'). */
const RUNNERS = new Set(['asyncio.run', 'Runner.run']);

/** True for the tasks asyncio.run (or a Runner) starts to shut the loop down, not the scenario's own. */
export function isShutdownTask(task: TaskIdentity): boolean {
  return SHUTDOWN_COROUTINES.has(task.coro) && task.creator === -1 && RUNNERS.has(task.via);
}

export interface HideRule {
  /** Hide asyncio.run's shutdown tasks. */
  shutdown: boolean;
  /**
   * A filter by name, as typed in a filter box: words separated by spaces or commas, matched
   * (case-insensitively) against the task's name and its coroutine. A task is shown when it
   * matches one of the plain words (or there are none) and none of the words that start with
   * "-" or "!". '' shows every task. "worker" shows the workers; "-monitor" hides the monitor.
   */
  filter: string;
}

export const SHOW_ALL: HideRule = { shutdown: false, filter: '' };

/** The filter's words: those a task must match one of, and those it must match none of. */
export function parseFilter(filter: string): { include: string[]; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const word of filter.toLowerCase().split(/[\s,]+/)) {
    if (/^[-!]./.test(word)) exclude.push(word.slice(1));
    else if (word !== '' && word !== '-' && word !== '!') include.push(word);
  }
  return { include, exclude };
}

/** Whether a task is hidden by the rule. */
export function isHidden(task: TaskIdentity, rule: HideRule): boolean {
  return hides(rule.shutdown, parseFilter(rule.filter), task);
}

/** Whether a rule, its filter parsed once, hides a task. */
function hides(shutdown: boolean, { include, exclude }: { include: string[]; exclude: string[] }, task: TaskIdentity): boolean {
  if (shutdown && isShutdownTask(task)) return true;
  if (include.length === 0 && exclude.length === 0) return false;
  const name = task.name.toLowerCase();
  const coro = task.coro.toLowerCase();
  const matches = (word: string): boolean => name.includes(word) || coro.includes(word);
  if (exclude.some(matches)) return true;
  return include.length > 0 && !include.some(matches);
}

/** Whether a rule hides no task whatever the run: the shutdown tasks shown and no filter. */
export function hidesNothing(rule: HideRule): boolean {
  if (rule.shutdown) return false;
  const { include, exclude } = parseFilter(rule.filter);
  return include.length === 0 && exclude.length === 0;
}

/** No task hidden (one set, shared). */
const NOTHING_HIDDEN: ReadonlySet<number> = new Set();

/**
 * The serials a rule hides. Once per run on screen, over every task (10,000 of them in a large
 * trace): the filter is parsed once, and a rule that hides nothing (the usual one) reads no task.
 */
export function hiddenSerials(tasks: readonly TaskIdentity[], rule: HideRule): ReadonlySet<number> {
  if (hidesNothing(rule)) return NOTHING_HIDDEN;
  const words = parseFilter(rule.filter);
  const hidden = new Set<number>();
  for (const task of tasks) if (hides(rule.shutdown, words, task)) hidden.add(task.serial);
  return hidden;
}

/** The serials a rule hides, as a predicate over serials (what the exports take). */
export function hiddenBy(tasks: readonly TaskIdentity[], rule: HideRule): (serial: number) => boolean {
  const hidden = hiddenSerials(tasks, rule);
  return (serial) => hidden.has(serial);
}
