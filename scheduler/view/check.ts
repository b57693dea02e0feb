/**
 * Is a value, received from another thread or process, a view model the page can index safely?
 * Structured clone keeps typed arrays typed, but a misbehaving sender could send anything: every
 * column is checked for its type and its length against the counts it is read with.
 */

const isInt32 = (value: unknown, length?: number): boolean => value instanceof Int32Array && (length === undefined || value.length === length);
const isFloat64 = (value: unknown, length?: number): boolean => value instanceof Float64Array && (length === undefined || value.length === length);
const isUint8 = (value: unknown, length?: number): boolean => value instanceof Uint8Array && (length === undefined || value.length === length);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const record = (value: unknown): Record<string, unknown> | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

/** Null when `value` has a view model's shape; else what is wrong with it. */
export function viewModelProblem(value: unknown): string | null {
  const model = record(value);
  if (model === null) return 'not an object';
  if (!Array.isArray(model.strings) || !model.strings.every((s) => typeof s === 'string')) return 'strings';
  const axis = record(model.axis);
  if (axis === null || !isCount(axis.steps) || !isCount(axis.ticks)) return 'axis';
  const { steps, ticks } = axis;
  for (const key of ['tickIndex', 'tickNtodo', 'tickDue', 'tickFirstStep', 'tickRuns']) if (!isInt32(axis[key], ticks)) return `axis.${key}`;
  for (const key of ['tickTimeBefore', 'tickTimeAfter']) if (!isFloat64(axis[key], ticks)) return `axis.${key}`;
  for (const key of ['stepTick', 'stepHandle', 'stepTask', 'stepLabel']) if (!isInt32(axis[key], steps)) return `axis.${key}`;
  for (const key of ['tickStart', 'timeStart']) if (!isFloat64(axis[key], steps + 1)) return `axis.${key}`;
  for (const key of ['tickEnd', 'timeEnd']) if (!isFloat64(axis[key], steps)) return `axis.${key}`;
  const lanes = record(model.lanes);
  const tasks = record(lanes?.tasks);
  if (lanes === null || tasks === null || !isCount(lanes.count) || !isCount(tasks.count) || !Array.isArray(lanes.labels)) return 'lanes';
  for (const key of ['name', 'coro', 'creator', 'createdAt', 'createdAtLine', 'via', 'endedAt', 'exception']) if (!isInt32(tasks[key], tasks.count)) return `lanes.tasks.${key}`;
  if (!isUint8(tasks.endState, tasks.count)) return 'lanes.tasks.endState';
  if (!isInt32(lanes.laneStart, tasks.count + 1)) return 'lanes.laneStart';
  for (const key of ['fromStep', 'toStep', 'label', 'line']) if (!isInt32(lanes[key], lanes.count)) return `lanes.${key}`;
  if (!isUint8(lanes.state, lanes.count)) return 'lanes.state';
  if (!isUint8(lanes.endKind, lanes.count) || !(lanes.endKind as Uint8Array).every((kind) => kind <= 2)) return 'lanes.endKind';
  const printed = record(model.printed);
  if (printed === null || !isCount(printed.count)) return 'printed';
  for (const key of ['visibleFrom', 'task', 'taskName', 'text', 'line', 'stream', 'seq']) if (!isInt32(printed[key], printed.count)) return `printed.${key}`;
  if (!isFloat64(printed.time, printed.count)) return 'printed.time';
  const logs = record(model.logs);
  if (logs === null || !isCount(logs.count) || !isInt32(logs.visibleFrom, logs.count) || !isInt32(logs.text, logs.count) || !isFloat64(logs.time, logs.count)) return 'logs';
  const index = record(model.index);
  if (index === null || !isInt32(index.runWord, steps + 1) || !isInt32(index.runFloat, steps + 1) || !Array.isArray(index.checkpoints)) return 'index';
  if (index.heldSteps !== undefined && !isInt32(index.heldSteps)) return 'index.heldSteps';
  if (typeof model.complete !== 'boolean') return 'complete';
  if (model.explained !== undefined) return explainedProblem(model.explained, steps);
  return null;
}

/** The explanation a worker built beside the model (explained.ts): its counts and per-step columns. */
function explainedProblem(value: unknown, steps: number): string | null {
  const explained = record(value);
  const index = record(explained?.index);
  if (explained === null || index === null || !isCount(explained.steps) || explained.steps > steps || !isCount(explained.words) || !isCount(explained.floats)) return 'explained';
  if (index.steps !== explained.steps) return 'explained.index.steps';
  for (const key of ['stepHandle', 'stepKind', 'stepTask', 'stepTick', 'stepCause', 'stepPrevRun', 'stepLine', 'stepPos', 'stepFloat']) if (!isInt32(index[key], explained.steps)) return `explained.index.${key}`;
  for (const key of ['stepStart', 'stepEnd']) if (!isFloat64(index[key], explained.steps)) return `explained.index.${key}`;
  if (!isUint8(index.stepLands, explained.steps)) return 'explained.index.stepLands';
  for (const key of ['strings', 'warnings', 'blocks', 'mainOutputs', 'mainThread']) if (!Array.isArray(index[key])) return `explained.index.${key}`;
  const tasks = record(index.tasks);
  if (tasks === null || !isCount(tasks.count)) return 'explained.index.tasks';
  for (const key of ['name', 'coro', 'via', 'creator', 'createdAt', 'createdLine', 'future', 'endedAt', 'exception', 'raiseLine', 'droppedLine', 'runSteps', 'readyWaitSteps', 'waits']) if (!isInt32(tasks[key], tasks.count)) return `explained.index.tasks.${key}`;
  for (const key of ['running', 'ready', 'waiting']) if (!isFloat64(tasks[key], tasks.count)) return `explained.index.tasks.${key}`;
  if (!(tasks.outcome instanceof Int8Array) || tasks.outcome.length !== tasks.count) return 'explained.index.tasks.outcome';
  if (!Array.isArray(explained.lints) || !Array.isArray(explained.laneMarks)) return 'explained.lints';
  return null;
}
