/**
 * `loopscope run FILE --format svg|perfetto|html`: a run as a picture, as a Chrome/Perfetto trace,
 * or as a standalone HTML player. The pure exporters live with the trace (scheduler/trace/perfetto.ts)
 * and with the views they draw (renderer/export/svg.ts, renderer/player/embed.ts); this file reads
 * their options from the command line and checks them against the run.
 *
 *   --from N, --to N     steps N..M-1 only (svg, perfetto): the cursor positions of the app
 *   --axis tick|time     the x axis (svg: tick by default, as in the app; perfetto: time)
 *   --theme light|dark   the picture's colours (svg)
 *   --width PX           the picture's width (svg, 1280 by default)
 *   --hide-shutdown      leave out the two tasks asyncio.run starts to shut the loop down
 */
import { perfettoJSON } from '../../scheduler/trace/perfetto.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { pictureModelOf, pictureSvg } from '../../renderer/export/svg.ts';
import { playerHtml } from '../../renderer/player/embed.ts';
import { hiddenBy } from '../../renderer/teach/hide-tasks.ts';

export const EXPORT_FORMATS = ['svg', 'perfetto', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const isExportFormat = (format: string): format is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(format);

export interface ExportOptions {
  from?: number;
  to?: number;
  axis?: 'tick' | 'time';
  theme?: 'light' | 'dark';
  width?: number;
  hideShutdown: boolean;
}

export const EXPORT_USAGE = `  --format svg        a picture of the run (--from N --to N steps, --axis tick|time, --theme light|dark, --width PX)
  --format perfetto   Chrome trace JSON for ui.perfetto.dev or chrome://tracing (--from, --to, --axis)
  --format html       one offline .html file that plays the run in any browser
  --hide-shutdown     leave out asyncio.run's two shutdown tasks (svg, perfetto)
`;

/** A mistake on the command line, said the way the user can fix it. */
export class ExportUsageError extends Error {}

function integer(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new ExportUsageError(`${flag} needs a step number (0 or more)`);
  return n;
}

/**
 * Read one export option at args[i]; returns how many arguments it used (0: not an export option).
 */
export function parseExportOption(args: readonly string[], i: number, options: ExportOptions): number {
  const arg = args[i] as string;
  const value = args[i + 1];
  switch (arg) {
    case '--from':
      options.from = integer(arg, value);
      return 2;
    case '--to':
      options.to = integer(arg, value);
      return 2;
    case '--axis':
      if (value !== 'tick' && value !== 'time') throw new ExportUsageError('--axis must be tick or time');
      options.axis = value;
      return 2;
    case '--theme':
      if (value !== 'light' && value !== 'dark') throw new ExportUsageError('--theme must be light or dark');
      options.theme = value;
      return 2;
    case '--width': {
      const width = Number(value);
      if (value === undefined || !Number.isInteger(width) || width < 480 || width > 20000) throw new ExportUsageError('--width needs a number of pixels from 480 to 20000');
      options.width = width;
      return 2;
    }
    case '--hide-shutdown':
      options.hideShutdown = true;
      return 1;
    default:
      return 0;
  }
}

/** The options that only some outputs take, checked once the format is known. */
export function checkExportOptions(format: string, options: ExportOptions): void {
  const used = (names: (keyof ExportOptions)[]) => names.filter((name) => (name === 'hideShutdown' ? options.hideShutdown : options[name] !== undefined));
  const allowed: Record<string, (keyof ExportOptions)[]> = {
    svg: ['from', 'to', 'axis', 'theme', 'width', 'hideShutdown'],
    perfetto: ['from', 'to', 'axis', 'hideShutdown'],
    html: [],
  };
  const misplaced = used(['from', 'to', 'axis', 'theme', 'width', 'hideShutdown']).filter((name) => !(allowed[format] ?? []).includes(name));
  if (misplaced.length > 0) {
    const flag = misplaced[0] === 'hideShutdown' ? '--hide-shutdown' : `--${misplaced[0] as string}`;
    throw new ExportUsageError(`${flag} goes with ${Object.keys(allowed).filter((f) => (allowed[f] ?? []).includes(misplaced[0] as keyof ExportOptions)).map((f) => `--format ${f}`).join(' or ')}`);
  }
  if (options.from !== undefined && options.to !== undefined && options.to <= options.from) throw new ExportUsageError(`--to (${options.to}) must come after --from (${options.from})`);
}

/** The step range asked for, checked against the run: a message for the user when it is off. */
function range(trace: Trace, options: ExportOptions): { fromStep?: number; toStep?: number } | string {
  const steps = trace.steps;
  if (options.from !== undefined && options.from >= Math.max(1, steps)) return `--from ${options.from} is past the run's last step (the run has ${steps} steps, 0 to ${Math.max(0, steps - 1)})`;
  if (options.to !== undefined && options.to > steps) return `--to ${options.to} is past the end of the run (${steps} steps: the last --to is ${steps})`;
  return { ...(options.from === undefined ? {} : { fromStep: options.from }), ...(options.to === undefined ? {} : { toStep: options.to }) };
}

export interface ExportInput {
  format: ExportFormat;
  file: string;
  source: string;
  trace: Trace;
  options: ExportOptions;
  /** The built player page (out/player/player.html); throws when it is missing. */
  playerTemplate(): string;
}

/** The export's text, or `{ error }` with a message naming what to change. */
export function exportRun(input: ExportInput): { text: string } | { error: string } {
  const { trace, options } = input;
  const name = input.file.split(/[\\/]/).pop() ?? input.file;
  const shown = range(trace, options);
  if (typeof shown === 'string') return { error: shown };
  if (input.format === 'html') return { text: playerHtml(input.playerTemplate(), { name, file: input.file, source: input.source }, trace) };
  const model = pictureModelOf(trace, name);
  const hideTask = options.hideShutdown ? hiddenBy(model.lanes.tasks, { shutdown: true, filter: '' }) : undefined;
  if (input.format === 'perfetto') return { text: perfettoJSON(trace, { axis: options.axis ?? 'time', source: input.source, ...shown, ...(hideTask === undefined ? {} : { hideTask }) }) };
  const view = { axis: options.axis ?? 'tick', ...shown, ...(options.width === undefined ? {} : { width: options.width }), ...(hideTask === undefined ? {} : { hideTask }) };
  return { text: pictureSvg(model, view, options.theme ?? 'light') };
}
