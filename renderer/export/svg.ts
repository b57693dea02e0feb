/**
 * A picture of a run as SVG text: the axis, the event loop's lane, one lane per task and the
 * legend, as vectors, in a theme's colours. Pure and deterministic (the same trace, view and theme
 * give the same bytes), so golden files pin it; the CLI (`loopscope run FILE --format svg`) and
 * the app's export both call it.
 *
 * It draws what the timeline draws (draw.ts), from the same layout (steps.ts, lanes.ts): running
 * steps solid, ready hatched, waiting as a dotted outline labelled with what it awaits, ends as
 * a tick, a slashed circle or a cross; the loop lane as a bar per tick as tall as the handles it
 * ran, with the clock's jumps marked. Many steps inside one pixel column are drawn once.
 */
import type { ScaleLinear } from 'd3-scale';
import { formatTime3 } from '../../scheduler/python/format.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { explainEnd, type EndStory } from '../viz/deadlock.ts';
import { buildLanes, isTerminal, STATE_CODE, type Lanes } from '../viz/lanes.ts';
import { idleSpans, loopBase, tickBars, tickColumns, visitLane } from '../viz/marks.ts';
import { axisTicks, baseScale, formatDuration } from '../viz/scales.ts';
import { axisDomain, boundaryAt, buildStepAxis, tickOfBoundary, type AxisKind, type StepAxis } from '../viz/steps.ts';
import { FONT, MONO, THEME_COLORS, type ThemeColors, type ThemeName } from '../viz/theme-colors.ts';
import { legendLayout, legendSvg } from './legend.ts';
import { el, fitText, num, text, xml } from './svg-text.ts';

/** What a picture is drawn from: the layout of one trace. */
export interface PictureModel {
  axis: StepAxis;
  lanes: Lanes;
  /** How the run ended (a deadlock's stuck tasks are marked), or null. */
  story: EndStory | null;
  /** The scenario's name, for the title. */
  title: string;
}

/** The layout a picture needs, built from a trace (the app already holds it in its model). */
export function pictureModelOf(trace: Trace, title: string): PictureModel {
  const axis = buildStepAxis(trace);
  return { axis, lanes: buildLanes(trace, axis), story: trace.end === null ? null : explainEnd(trace.end), title };
}

export interface PictureView {
  axis: AxisKind;
  /** The steps shown: boundaries from..to (default: the whole run, with the room after its end). */
  fromStep?: number;
  toStep?: number;
  /** The cursor (a boundary) to draw, or none. */
  cursor?: number | null;
  /** Width of the whole picture in pixels (default 1280). */
  width?: number;
  /** Tasks to leave out. */
  hideTask?: (serial: number) => boolean;
  /**
   * Veil what lies after the cursor (the slides of a range: each frame shows the run only as far
   * as it has got, the rest faint behind the veil).
   */
  veilAfterCursor?: boolean;
}

export const LABEL_W = 236;
export const ROW_H = 40;
const HEADER_H = 48;
const AXIS_H = 30;
const LOOP_H = 76;
const RIGHT_PAD = 16;
const FONT_SIZE = 12;

interface Frame {
  colors: ThemeColors;
  scale: ScaleLinear<number, number>;
  plotWidth: number;
  kind: AxisKind;
  /** The run's step axis (where the lanes' segments sit on it). */
  axis: StepAxis;
  /** Where the plot starts on the page. */
  x0: number;
}

const taskColor = (colors: ThemeColors, task: number): string => (task < 0 ? colors['tc-none'] : (colors.tasks[task % colors.tasks.length] as string));
const hatchId = (task: number, colors: ThemeColors): string => `ls-hatch-${task % colors.tasks.length}`;

/** The domain shown: a range of steps, or the whole run's axis. */
function shownDomain(axis: StepAxis, kind: AxisKind, from: number, to: number, whole: boolean): [number, number] {
  if (whole) return axisDomain(axis, kind);
  const a = boundaryAt(axis, kind, from);
  let b = to >= axis.steps ? (kind === 'tick' ? axis.ticks : axis.endTime) : boundaryAt(axis, kind, to);
  if (!(b > a)) b = a + (kind === 'tick' ? 1 : 0.001);
  const pad = (b - a) * 0.02;
  return [Math.max(0, a - pad), b + pad];
}

/** Which task rows to draw: those alive at some point of the range, not hidden. */
function shownRows(lanes: Lanes, from: number, to: number, hide: ((serial: number) => boolean) | undefined): number[] {
  const rows: number[] = [];
  for (const task of lanes.tasks) {
    if (hide?.(task.serial) === true) continue;
    if (task.createdAt > to) continue;
    if (isTerminal(STATE_CODE[task.endState]) && task.endedAt < from) continue;
    rows.push(task.serial);
  }
  return rows;
}

/** The SVG text of the picture. */
export function pictureSvg(model: PictureModel, view: PictureView, themeName: ThemeName): string {
  const { axis, lanes } = model;
  const colors = THEME_COLORS[themeName];
  const whole = view.fromStep === undefined && view.toStep === undefined;
  const from = Math.max(0, Math.min(axis.steps, view.fromStep ?? 0));
  const to = Math.max(from, Math.min(axis.steps, view.toStep ?? axis.steps));
  const width = Math.max(LABEL_W + 200, Math.round(view.width ?? 1280));
  const plotWidth = width - LABEL_W - RIGHT_PAD;
  const domain = shownDomain(axis, view.axis, from, to, whole);
  const scale = baseScale(domain, plotWidth);
  const frame: Frame = { colors, scale, plotWidth, kind: view.axis, axis, x0: LABEL_W };
  const rows = shownRows(lanes, from, to, view.hideTask);
  const lanesTop = HEADER_H + AXIS_H + LOOP_H;
  const legendTop = lanesTop + rows.length * ROW_H + 12;
  const height = legendTop + legendLayout(width - 32, view.axis).height;

  const blocked = new Set<number>();
  const cycle = new Set<number>();
  const byName = new Map(lanes.tasks.map((task) => [task.name, task.serial]));
  for (const line of model.story?.blocked ?? []) {
    const serial = byName.get(line.task);
    if (serial !== undefined) blocked.add(serial);
  }
  for (const name of model.story?.cycle ?? []) {
    const serial = byName.get(name);
    if (serial !== undefined) cycle.add(serial);
  }

  const t0 = formatTime3(boundaryAt(axis, 'time', from));
  const t1 = formatTime3(to >= axis.steps ? axis.endTime : boundaryAt(axis, 'time', to));
  const range = `steps ${from}–${to} of ${axis.steps} · t = ${t0}–${t1} s`;
  const description = `Loopscope: ${model.title}, ${range}, ${view.axis === 'tick' ? 'by loop tick' : 'on virtual time'}. ${rows.length} task lane${rows.length === 1 ? '' : 's'}.`;

  const parts: string[] = [];
  parts.push(`<title>${xml(`${model.title} — Loopscope`)}</title><desc>${xml(description)}</desc>`);
  parts.push(defs(colors, width, height));
  parts.push(el('rect', { width, height, fill: colors.panel }));
  parts.push(header(model.title, range, view.axis, colors, width));
  parts.push(axisRow(axis, frame, view.cursor ?? null));
  parts.push(loopLane(axis, frame, view.cursor ?? null));
  parts.push(taskLanes(lanes, rows, frame, lanesTop, blocked, cycle));
  if (view.cursor !== undefined && view.cursor !== null) {
    if (view.veilAfterCursor === true) parts.push(veil(axis, frame, view.cursor, HEADER_H + AXIS_H, legendTop - 12));
    parts.push(cursorLine(axis, frame, view.cursor, HEADER_H + AXIS_H, legendTop - 12));
  }
  parts.push(legendSvg(colors, 16, legendTop, width - 32, view.axis));

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${num(height)}" viewBox="0 0 ${width} ${num(height)}" font-family="${xml(FONT)}" font-size="${FONT_SIZE}" role="img">\n${parts.join('\n')}\n</svg>\n`;
}

function defs(colors: ThemeColors, width: number, height: number): string {
  const hatches = colors.tasks
    .map((color, i) =>
      el(
        'pattern',
        { id: `ls-hatch-${i}`, patternUnits: 'userSpaceOnUse', width: 8, height: 8 },
        el('path', { d: 'M-2 10L10-2M-2 2L2-2M6 10L10 6', stroke: color, 'stroke-width': 2.2 }),
      ),
    )
    .join('');
  const clip = el('clipPath', { id: 'ls-plot' }, el('rect', { x: LABEL_W, y: 0, width: width - LABEL_W - RIGHT_PAD, height }));
  return `<defs>${hatches}${clip}</defs>`;
}

function header(title: string, range: string, kind: AxisKind, colors: ThemeColors, width: number): string {
  return el(
    'g',
    {},
    [
      el('rect', { width, height: HEADER_H, fill: colors['panel-2'] }),
      text({ x: 16, y: 22, 'font-size': 16, 'font-weight': 700, fill: colors.text }, fitText(title, 16, width - 32) ?? title, title),
      text({ x: 16, y: 40, 'font-size': 12, fill: colors.muted }, `${range} · ${kind === 'tick' ? 'one column per loop tick' : 'virtual time'}`),
      el('rect', { y: HEADER_H - 1, width, height: 1, fill: colors.line }),
    ].join(''),
  );
}

function axisRow(axis: StepAxis, f: Frame, cursor: number | null): string {
  const top = HEADER_H;
  const parts: string[] = [
    text({ x: 12, y: top + 19, 'font-size': 11, 'font-weight': 650, 'letter-spacing': '0.06em', fill: f.colors.faint }, f.kind === 'tick' ? 'LOOP TICKS' : 'VIRTUAL TIME'),
  ];
  for (const tick of axisTicks(f.kind, axis, f.scale, f.plotWidth)) {
    if (tick.x < -0.5 || tick.x > f.plotWidth + 0.5) continue;
    const x = f.x0 + tick.x;
    parts.push(el('line', { x1: x, x2: x, y1: top + AXIS_H - 8, y2: top + AXIS_H, stroke: f.colors['line-strong'] }));
    parts.push(text({ x, y: top + AXIS_H - 12, 'text-anchor': 'middle', 'font-size': 11.5, fill: f.colors.muted }, tick.label));
  }
  if (cursor !== null) {
    const x = f.x0 + f.scale(boundaryAt(axis, f.kind, Math.min(cursor, axis.steps)));
    if (x >= f.x0 && x <= f.x0 + f.plotWidth) parts.push(el('path', { d: `M${num(x - 7)} ${top + 2}H${num(x + 7)}V${top + 14}L${num(x)} ${top + 22}L${num(x - 7)} ${top + 14}Z`, fill: f.colors.cursor }));
  }
  parts.push(el('rect', { y: top + AXIS_H - 1, width: f.x0 + f.plotWidth + RIGHT_PAD, height: 1, fill: f.colors.line }));
  return el('g', {}, parts.join(''));
}

/** The loop lane: a bar per tick (per pixel column when ticks are thinner than a pixel). */
function loopLane(axis: StepAxis, f: Frame, cursor: number | null): string {
  const top = HEADER_H + AXIS_H;
  const { colors } = f;
  const frame = { axis, scale: f.scale, height: LOOP_H, currentTick: cursor === null ? -1 : tickOfBoundary(axis, Math.min(cursor, axis.steps)) };
  const base = top + loopBase(LOOP_H);
  const label = [
    el('rect', { y: top, width: f.x0 + f.plotWidth + RIGHT_PAD, height: LOOP_H, fill: colors['panel-2'] }),
    text({ x: 12, y: top + 34, 'font-size': 14, 'font-weight': 700, fill: colors.text }, 'Event loop'),
    text({ x: 12, y: top + 52, 'font-size': 12.5, fill: colors.muted }, `${axis.ticks} tick${axis.ticks === 1 ? '' : 's'} · ${axis.steps} handle${axis.steps === 1 ? '' : 's'}`),
    el('rect', { x: f.x0 - 1, y: top, width: 1, height: LOOP_H, fill: colors.line }),
  ];
  const marks: string[] = [el('rect', { x: f.x0, y: base, width: f.plotWidth, height: 1, fill: colors.line })];
  const X = (px: number): number => f.x0 + px;

  if (f.kind === 'tick') {
    for (const bar of tickBars(frame)) {
      const x = X(bar.x);
      if (bar.slices !== null) {
        // One slice per handle, in the colour of the task it stepped.
        const n = bar.slices.length;
        bar.slices.forEach((task, j) => {
          marks.push(el('rect', { x: x + (bar.w * j) / n, y: base - bar.h, width: Math.max(1, bar.w / n - (bar.w / n > 6 ? 1 : 0)), height: bar.h, fill: task < 0 ? colors.loop : taskColor(colors, task) }));
        });
      } else marks.push(el('rect', { x, y: base - bar.h, width: bar.w, height: bar.h, fill: colors.loop }));
      if (bar.current) marks.push(el('rect', { x: x - 1, y: base - bar.h - 1, width: bar.w + 2, height: bar.h + 2, fill: 'none', stroke: colors.accent, 'stroke-width': 2 }));
      const x0 = x - bar.gap;
      if (bar.unit >= 18 && bar.stride === 1) marks.push(text({ x: x0 + bar.unit / 2, y: base - bar.h - 4, 'text-anchor': 'middle', 'font-size': 11, 'font-weight': 600, fill: bar.current ? colors.accent : colors.muted }, String(bar.runs)));
      if (bar.jump > 0 && bar.stride === 1) {
        // The clock jumped before this tick ran: the loop slept until a timer was due.
        marks.push(el('path', { d: `M${num(x0)} ${top + 3}L${num(x0 + 5)} ${top + 9}L${num(x0)} ${top + 15}L${num(x0 - 5)} ${top + 9}Z`, fill: colors.warn }));
        marks.push(el('rect', { x: x0 - 0.5, y: top + 9, width: 1, height: base - top - 9, fill: colors.warn }));
        if (bar.unit >= 44) marks.push(text({ x: x0 + 8, y: top + 13, 'font-size': 11, 'font-weight': 600, fill: colors.warn }, `+${formatDuration(bar.jump)}`));
      }
    }
  } else {
    for (const span of idleSpans(frame)) {
      const [x0, x1] = [X(span.x0), X(span.x1)];
      marks.push(el('line', { x1: x0, x2: x1, y1: top + 12, y2: top + 12, stroke: colors.warn, 'stroke-width': 1.5, 'stroke-dasharray': '4 4' }));
      marks.push(el('path', { d: `M${num(x1)} ${top + 12}L${num(x1 - 6)} ${top + 8}L${num(x1 - 6)} ${top + 16}Z`, fill: colors.warn }));
      if (x1 - x0 > 90) marks.push(text({ x: (x0 + x1) / 2, y: top + 26, 'text-anchor': 'middle', 'font-size': 11, 'font-weight': 600, fill: colors.warn }, `idle ${formatDuration(span.seconds)}`));
    }
    for (const column of tickColumns(frame)) {
      marks.push(el('rect', { x: X(column.x) - 2, y: base - column.h, width: 4, height: column.h, fill: column.current ? colors.accent : colors.loop }));
    }
  }
  return el('g', {}, label.join('') + el('g', { 'clip-path': 'url(#ls-plot)' }, marks.join('')) + el('rect', { y: top + LOOP_H - 1, width: f.x0 + f.plotWidth + RIGHT_PAD, height: 1, fill: colors.line }));
}

function taskLanes(lanes: Lanes, rows: readonly number[], f: Frame, top: number, blocked: Set<number>, cycle: Set<number>): string {
  const { colors, scale } = f;
  const out: string[] = [];
  rows.forEach((serial, row) => {
    const task = lanes.tasks[serial];
    if (task === undefined) return;
    const y = top + row * ROW_H;
    const mid = y + ROW_H / 2;
    const color = taskColor(colors, serial);
    const parts: string[] = [];
    parts.push(el('rect', { y, width: f.x0 + f.plotWidth + RIGHT_PAD, height: ROW_H, fill: cycle.has(serial) ? colors['danger-soft'] : row % 2 === 1 ? colors.grid : colors.panel }));
    parts.push(el('rect', { x: 10, y: y + 9, width: 5, height: ROW_H - 18, rx: 2, fill: color }));
    const coro = `${task.coro}()`;
    parts.push(text({ x: 24, y: y + 17, 'font-size': 13.5, 'font-weight': 650, fill: colors.text }, fitText(task.name, 13.5, LABEL_W - 34 - (cycle.has(serial) ? 60 : 0)) ?? task.name, task.name));
    parts.push(text({ x: 24, y: y + 32, 'font-size': 11.5, 'font-family': MONO, fill: colors.muted }, fitText(coro, 11.5, LABEL_W - 34) ?? coro, coro));
    if (cycle.has(serial)) parts.push(text({ x: LABEL_W - 10, y: y + 17, 'text-anchor': 'end', 'font-size': 11, 'font-weight': 700, fill: colors.danger }, '⟳ cycle'));
    parts.push(el('rect', { x: f.x0 - 1, y, width: 1, height: ROW_H, fill: colors.line }));

    const marks: string[] = [];
    const last = (lanes.laneStart[serial + 1] as number) - 1;
    visitLane(lanes, f.axis, serial, f.kind, scale, (i, plot0, plot1) => {
      const px0 = f.x0 + plot0;
      const px1 = f.x0 + plot1;
      const state = lanes.state[i] as number;
      const pad = 7;
      const h = ROW_H - pad * 2;
      if (state === 1) {
        // running: solid, at least 3 px wide
        const w = Math.max(3, px1 - px0);
        marks.push(el('rect', { x: px0 - (w - (px1 - px0)) / 2, y: y + 4, width: w, height: ROW_H - 8, fill: color }));
      } else if (state === 0) {
        // ready: hatched, underlined
        const w = px1 - px0;
        if (w >= 0.5) {
          marks.push(el('rect', { x: px0, y: y + pad + 2, width: w, height: h - 4, fill: `url(#${hatchId(serial, colors)})`, opacity: colors === THEME_COLORS.dark ? 0.75 : 0.6 }));
          marks.push(el('rect', { x: px0, y: y + pad + h - 3, width: w, height: 2, fill: color }));
        }
      } else if (state === 2) {
        // waiting: dotted outline, labelled with what it awaits
        const w = px1 - px0;
        const stuck = i === last && blocked.has(serial);
        if (w >= 1) {
          marks.push(
            el('rect', {
              x: px0 + 0.75,
              y: y + pad + 1.75,
              width: Math.max(0, w - 1.5),
              height: h - 3.5,
              fill: stuck ? colors['danger-soft'] : colors.panel,
              stroke: stuck ? colors.danger : color,
              'stroke-width': stuck ? 2 : 1.5,
              'stroke-dasharray': stuck ? '6 3' : '1.5 3',
            }),
          );
          const left = Math.max(px0, f.x0) + 6;
          const right = Math.min(px1, f.x0 + f.plotWidth) - 6;
          const label = lanes.labels[lanes.label[i] as number] as string;
          const shown = right - left > 24 ? fitText(stuck ? `⚠ ${label}` : label, FONT_SIZE, right - left) : null;
          if (shown !== null) marks.push(text({ x: left, y: mid + 4, 'font-weight': 500, fill: stuck ? colors.danger : colors.muted }, shown, label));
        }
      } else if (px0 >= f.x0 - 8 && px0 <= f.x0 + f.plotWidth + 8) {
        marks.push(endMarker(state, px0 + 8, mid, color, colors));
      }
    });
    out.push(el('g', { 'data-task': task.name }, parts.join('') + el('g', { 'clip-path': 'url(#ls-plot)' }, marks.join(''))));
  });
  return el('g', {}, out.join('\n'));
}

/** done: a filled circle with a tick; cancelled: a slashed ring; failed: a cross on red. */
export function endMarker(state: number, x: number, y: number, color: string, colors: ThemeColors): string {
  const r = 7;
  if (state === 3) {
    return el('circle', { cx: x, cy: y, r, fill: color }) + el('path', { d: `M${num(x - 3.2)} ${num(y + 0.2)}L${num(x - 0.8)} ${num(y + 2.6)}L${num(x + 3.4)} ${num(y - 2.6)}`, fill: 'none', stroke: colors.panel, 'stroke-width': 2 });
  }
  if (state === 4) {
    return el('circle', { cx: x, cy: y, r, fill: colors.panel, stroke: colors.warn, 'stroke-width': 2 }) + el('path', { d: `M${num(x - 4.5)} ${num(y + 4.5)}L${num(x + 4.5)} ${num(y - 4.5)}`, stroke: colors.warn, 'stroke-width': 2 });
  }
  return (
    el('circle', { cx: x, cy: y, r, fill: colors.danger }) +
    el('path', { d: `M${num(x - 3)} ${num(y - 3)}L${num(x + 3)} ${num(y + 3)}M${num(x + 3)} ${num(y - 3)}L${num(x - 3)} ${num(y + 3)}`, stroke: colors.panel, 'stroke-width': 2 })
  );
}

/** A sheet of the background over the plot from the cursor to the right edge. */
function veil(axis: StepAxis, f: Frame, cursor: number, y1: number, y2: number): string {
  const x = Math.max(f.x0, f.x0 + f.scale(boundaryAt(axis, f.kind, Math.min(cursor, axis.steps))));
  const right = f.x0 + f.plotWidth + RIGHT_PAD;
  if (x >= right) return '';
  return el('rect', { x, y: y1, width: right - x, height: y2 - y1, fill: f.colors.panel, 'fill-opacity': '0.86' });
}

function cursorLine(axis: StepAxis, f: Frame, cursor: number, y1: number, y2: number): string {
  const x = f.x0 + f.scale(boundaryAt(axis, f.kind, Math.min(cursor, axis.steps)));
  if (x < f.x0 || x > f.x0 + f.plotWidth) return '';
  return el('line', { x1: x, x2: x, y1, y2, stroke: f.colors.cursor, 'stroke-width': 2 });
}
