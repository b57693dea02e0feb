/**
 * The run's limits as `loopscope run` flags. Each caps what a scenario may use before the run is
 * stopped with a diagnosis (scheduler/python/scenario.ts, ScenarioLimits; docs/security.md lists
 * the defaults): lessons stay far inside them, and a teacher who wants a bigger run raises one.
 */
import { DEFAULT_SCENARIO_LIMITS, type ScenarioLimits } from '../../scheduler/python/scenario.ts';

/** Flag → the limit it sets, with what its number means. */
export const LIMIT_FLAGS: Record<string, { limit: keyof ScenarioLimits; unit: string }> = {
  '--max-ticks': { limit: 'maxTicks', unit: 'loop iterations' },
  '--max-time': { limit: 'maxTime', unit: 'seconds of virtual time' },
  '--max-tasks': { limit: 'maxTasks', unit: 'tasks alive at once' },
  '--max-memory': { limit: 'maxMemoryMB', unit: 'MB held by the program' },
  '--max-trace': { limit: 'maxTraceMB', unit: 'MB of trace' },
  '--max-seconds': { limit: 'maxWallSeconds', unit: 'seconds of real time' },
};

/** The usage lines for the flags, with their defaults. */
export const LIMITS_USAGE = Object.entries(LIMIT_FLAGS)
  .map(([flag, { limit, unit }]) => `  ${`${flag} N`.padEnd(17)}${unit} (default ${DEFAULT_SCENARIO_LIMITS[limit].toLocaleString('en-US')})`)
  .join('\n');

/**
 * If `flag` is a limit flag, set it from `value` into `limits` and return true; a value that is
 * not a positive number is reported through `fail`.
 */
export function parseLimitFlag(flag: string, value: string | undefined, limits: ScenarioLimits, fail: (message: string) => never): boolean {
  const known = LIMIT_FLAGS[flag];
  if (known === undefined) return false;
  const parsed = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) fail(`${flag} needs a positive number (${known.unit})`);
  limits[known.limit] = parsed;
  return true;
}
