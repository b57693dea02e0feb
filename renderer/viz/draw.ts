/**
 * Canvas drawing of the dense layers (task lanes, event-loop ticks). What is visible, in pixels,
 * comes from marks.ts (shared with the exported picture); this only paints it.
 */
import type { ScaleLinear } from 'd3-scale';
import { PALETTE_SIZE } from './colors.ts';
import type { Lanes } from './lanes.ts';
import { idleSpans, loopBase, tickBars, tickColumns, visitLane } from './marks.ts';
import { boundaryAt, type AxisKind, type StepAxis } from './steps.ts';
import type { LaneMark } from './model.ts';
import { formatDuration } from './scales.ts';

export interface Palette {
  tasks: string[];
  none: string;
  text: string;
  muted: string;
  faint: string;
  panel: string;
  panel2: string;
  line: string;
  grid: string;
  accent: string;
  accentSoft: string;
  danger: string;
  dangerSoft: string;
  warn: string;
  ok: string;
  loop: string;
  loopSoft: string;
  font: string;
  dark: boolean;
}

export function readPalette(element: Element, dark: boolean): Palette {
  const css = getComputedStyle(element);
  const v = (name: string): string => css.getPropertyValue(name).trim() || '#888';
  return {
    tasks: Array.from({ length: PALETTE_SIZE }, (_, i) => v(`--tc-${i}`)),
    none: v('--tc-none'),
    text: v('--text'),
    muted: v('--muted'),
    faint: v('--faint'),
    panel: v('--panel'),
    panel2: v('--panel-2'),
    line: v('--line'),
    grid: v('--grid'),
    accent: v('--accent'),
    accentSoft: v('--accent-soft'),
    danger: v('--danger'),
    dangerSoft: v('--danger-soft'),
    warn: v('--warn'),
    ok: v('--ok'),
    loop: v('--loop'),
    loopSoft: v('--loop-soft'),
    font: css.getPropertyValue('--font').trim() || 'system-ui, sans-serif',
    dark,
  };
}

export const taskColor = (palette: Palette, task: number): string => (task < 0 ? palette.none : (palette.tasks[task % PALETTE_SIZE] as string));

/** How much CSS zoom enlarges each canvas, measured for the size it was last prepared at. */
const enlargement = new WeakMap<HTMLCanvasElement, { width: number; height: number; zoom: number }>();

/**
 * How much CSS zoom (presentation mode) enlarges the canvas on screen. Read again only when the
 * canvas's size changes (zooming the page changes it), not on every redraw: the event loop's strip
 * is redrawn on every tick the cursor crosses, and reading it brings the page's style up to date.
 * Chromium gives it from style alone (`currentCSSZoom`); elsewhere it is measured, which lays the
 * page out (8 ms of the 1 M trace's first frame, inside its resize observers).
 */
function zoomOf(canvas: HTMLCanvasElement, width: number, height: number): number {
  const known = enlargement.get(canvas);
  if (known !== undefined && known.width === width && known.height === height) return known.zoom;
  const styled = (canvas as HTMLCanvasElement & { currentCSSZoom?: number }).currentCSSZoom;
  const shown = typeof styled === 'number' ? styled : canvas.clientWidth > 0 ? canvas.getBoundingClientRect().width / canvas.clientWidth : 1;
  const zoom = Number.isFinite(shown) && shown > 0 ? shown : 1;
  enlargement.set(canvas, { width, height, zoom });
  return zoom;
}

/** Size a canvas's backing store to its CSS box at the device pixel ratio; returns a ready context. */
export function prepare(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  // CSS zoom (presentation mode) enlarges the canvas on screen: draw at that size, not blurred up.
  const shown = zoomOf(canvas, width, height);
  const dpr = Math.min(4, (globalThis.devicePixelRatio || 1) * shown);
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

const patterns = new Map<string, CanvasPattern | null>();
/** The context patterns are made with: a pattern is an image, usable by any canvas's context. */
let patternMaker: CanvasRenderingContext2D | null | undefined;

/** Diagonal hatching in a colour: the "ready" pattern. */
function hatch(color: string): CanvasPattern | string {
  let pattern = patterns.get(color);
  if (pattern === undefined) {
    pattern = hatchPattern(color);
    patterns.set(color, pattern);
  }
  return pattern ?? color;
}

function hatchPattern(color: string): CanvasPattern | null {
  const tile = document.createElement('canvas');
  const size = 8;
  tile.width = size;
  tile.height = size;
  const t = tile.getContext('2d');
  if (t === null) return null;
  t.strokeStyle = color;
  t.lineWidth = 2.2;
  t.beginPath();
  t.moveTo(-2, size + 2);
  t.lineTo(size + 2, -2);
  t.moveTo(-2, 2);
  t.lineTo(2, -2);
  t.moveTo(size - 2, size + 2);
  t.lineTo(size + 2, size - 2);
  t.stroke();
  if (patternMaker === undefined) patternMaker = document.createElement('canvas').getContext('2d');
  return patternMaker?.createPattern(tile, 'repeat') ?? null;
}

/**
 * What the first drawing of the lanes would otherwise do in its frame, done while the page waits
 * for a file: the hatching of every task colour (a canvas each: 20 ms for ten in headless
 * Chromium, most of the first lanes' frame after the layout) and the lanes' fonts. Cheap when done.
 */
export function warmLaneDrawing(palette: Palette): void {
  for (const color of palette.tasks) hatch(color);
  const ctx = document.createElement('canvas').getContext('2d');
  if (ctx === null) return;
  for (const weight of ['500 12px', '650 12px', '700 11.5px', '600 11px']) {
    ctx.font = `${weight} ${palette.font}`;
    ctx.fillText('Task-1 0.5 s', 0, 10);
  }
}

/**
 * A label's width, estimated from the font's average character width (measured once per font):
 * measuring every label of every visible segment took a quarter of a second per draw of a
 * million-event trace in headless Chromium, and a label only needs to know where to cut.
 */
const charWidths = new Map<string, number>();
const SAMPLE = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 #().-';
function fitText(ctx: CanvasRenderingContext2D, text: string, max: number): string | null {
  const font = ctx.font;
  let perChar = charWidths.get(font);
  if (perChar === undefined) {
    // A little wider than the average, so an estimate errs on the side of cutting.
    perChar = (ctx.measureText(SAMPLE).width / SAMPLE.length) * 1.08;
    charWidths.set(font, perChar);
  }
  const w = text.length * perChar;
  if (w <= max) return text;
  if (max < 28) return null;
  const chars = Math.floor((text.length * (max - 10)) / w);
  return chars < 3 ? null : `${text.slice(0, chars)}…`;
}

export interface LaneDraw {
  lanes: Lanes;
  kind: AxisKind;
  scale: ScaleLinear<number, number>;
  width: number;
  height: number;
  rowHeight: number;
  /** The first visible row and the y (CSS px) of its top edge. */
  firstRow: number;
  lastRow: number;
  offsetY: number;
  palette: Palette;
  /** The task serial of each row, when some tasks are hidden (null: row r is task r). */
  rows?: readonly number[] | null;
  /** Tasks still blocked when a deadlocked run ended, and those in the cycle. */
  blocked: Set<number>;
  cycle: Set<number>;
  steps: number;
  /** CancelledError landings and warnings, by task then step. */
  marks: readonly LaneMark[];
  axis: StepAxis;
}

/** The first mark of `task` (marks are sorted by task). */
function firstMarkOf(marks: readonly LaneMark[], task: number): number {
  let lo = 0;
  let hi = marks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((marks[mid] as LaneMark).task < task) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function drawLanes(ctx: CanvasRenderingContext2D, d: LaneDraw): void {
  const { lanes, scale, palette, rowHeight } = d;
  ctx.font = `500 12px ${palette.font}`;
  ctx.textBaseline = 'middle';

  for (let row = d.firstRow; row <= d.lastRow; row++) {
    const top = d.offsetY + (row - d.firstRow) * rowHeight;
    const task = d.rows?.[row] ?? row;
    if (row % 2 === 1) {
      ctx.fillStyle = palette.grid;
      ctx.fillRect(0, top, d.width, rowHeight);
    }
    if (d.cycle.has(task)) {
      ctx.fillStyle = palette.dangerSoft;
      ctx.fillRect(0, top, d.width, rowHeight);
    }
    const color = taskColor(palette, task);
    const pad = 7;
    const y = top + pad;
    const h = rowHeight - pad * 2;
    const mid = top + rowHeight / 2;
    const last = (lanes.laneStart[task + 1] as number) - 1;
    visitLane(lanes, d.axis, task, d.kind, scale, (i, px0, px1) => {
      const state = lanes.state[i] as number;
      switch (state) {
        case 1: {
          // running: solid
          let x = px0;
          let w = px1 - px0;
          if (w < 3) {
            x = px0 - (3 - w) / 2;
            w = 3;
          }
          ctx.fillStyle = color;
          ctx.fillRect(x, top + 4, w, rowHeight - 8);
          break;
        }
        case 0: {
          // ready: hatched
          const w = px1 - px0;
          if (w >= 0.5) {
            ctx.fillStyle = hatch(color);
            ctx.globalAlpha = palette.dark ? 0.75 : 0.6;
            ctx.fillRect(px0, y + 2, w, h - 4);
            ctx.globalAlpha = 1;
            ctx.fillStyle = color;
            ctx.fillRect(px0, y + h - 3, w, 2);
          }
          break;
        }
        case 2: {
          // waiting: dotted outline, with what it awaits
          const w = px1 - px0;
          const stuck = i === last && d.blocked.has(task);
          if (w >= 1) {
            ctx.fillStyle = stuck ? palette.dangerSoft : palette.panel;
            ctx.fillRect(px0, y + 1, w, h - 2);
            ctx.strokeStyle = stuck ? palette.danger : color;
            ctx.lineWidth = stuck ? 2 : 1.5;
            ctx.setLineDash(stuck ? [6, 3] : [1.5, 3]);
            ctx.strokeRect(px0 + 0.75, y + 1.75, Math.max(0, w - 1.5), h - 3.5);
            ctx.setLineDash([]);
            const visible0 = Math.max(px0, 0) + 6;
            const visible1 = Math.min(px1, d.width) - 6;
            if (visible1 - visible0 > 24) {
              const label = lanes.labels[lanes.label[i] as number] as string;
              const text = fitText(ctx, stuck ? `⚠ ${label}` : label, visible1 - visible0);
              if (text !== null) {
                ctx.fillStyle = stuck ? palette.danger : palette.muted;
                ctx.fillText(text, visible0, mid + 0.5);
              }
            }
          }
          break;
        }
        default: {
          // done / cancelled / failed: an end marker where it happened, and what ended it
          if (px0 >= -8 && px0 <= d.width + 8) {
            endMarker(ctx, state, px0 + 8, mid, color, palette);
            if (state !== 3) {
              const label = state === 5 ? (lanes.labels[lanes.label[i] as number] as string) : 'cancelled';
              const text = fitText(ctx, label, d.width - px0 - 26);
              if (text !== null) {
                ctx.fillStyle = state === 5 ? palette.danger : palette.warn;
                ctx.font = `650 12px ${palette.font}`;
                ctx.fillText(text, px0 + 20, mid + 0.5);
                ctx.font = `500 12px ${palette.font}`;
              }
            }
          }
          break;
        }
      }
    });
    laneMarks(ctx, d, task, top);
  }
}

/** A lane's marks: ⚡ where CancelledError lands at the task's await, ⚠ where a warning names it. */
function laneMarks(ctx: CanvasRenderingContext2D, d: LaneDraw, row: number, top: number): void {
  const { marks, palette } = d;
  let lastX = -Infinity;
  for (let m = firstMarkOf(marks, row); m < marks.length; m++) {
    const mark = marks[m] as LaneMark;
    if (mark.task !== row) break;
    const x = d.scale(boundaryAt(d.axis, d.kind, Math.min(mark.step, d.axis.steps)));
    if (x < -120 || x > d.width + 8 || x - lastX < 12) continue;
    lastX = x;
    const color = mark.kind === 'lands' ? palette.warn : palette.danger;
    const glyph = mark.kind === 'lands' ? '⚡' : mark.kind === 'blocked' ? '■' : '⚠';
    ctx.font = `700 11.5px ${palette.font}`;
    ctx.textBaseline = 'middle';
    const y = top + 7;
    ctx.lineWidth = 3.5;
    ctx.strokeStyle = palette.panel;
    ctx.lineJoin = 'round';
    const text = `${glyph} ${mark.text}`;
    ctx.strokeText(text, x + 2, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x + 2, y);
  }
  ctx.font = `500 12px ${palette.font}`;
}

function endMarker(ctx: CanvasRenderingContext2D, state: number, x: number, y: number, color: string, palette: Palette): void {
  const r = 7;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.lineWidth = 2;
  if (state === 3) {
    ctx.fillStyle = color;
    ctx.fill();
    ctx.strokeStyle = palette.panel;
    ctx.beginPath();
    ctx.moveTo(x - 3.2, y + 0.2);
    ctx.lineTo(x - 0.8, y + 2.6);
    ctx.lineTo(x + 3.4, y - 2.6);
    ctx.stroke();
  } else if (state === 4) {
    ctx.fillStyle = palette.panel;
    ctx.fill();
    ctx.strokeStyle = palette.warn;
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x - 4.5, y + 4.5);
    ctx.lineTo(x + 4.5, y - 4.5);
    ctx.stroke();
  } else {
    ctx.fillStyle = palette.danger;
    ctx.fill();
    ctx.strokeStyle = palette.panel;
    ctx.beginPath();
    ctx.moveTo(x - 3, y - 3);
    ctx.lineTo(x + 3, y + 3);
    ctx.moveTo(x + 3, y - 3);
    ctx.lineTo(x - 3, y + 3);
    ctx.stroke();
  }
}

export interface LoopDraw {
  axis: StepAxis;
  kind: AxisKind;
  scale: ScaleLinear<number, number>;
  width: number;
  height: number;
  palette: Palette;
  /** The tick the cursor is in. */
  currentTick: number;
}

/** The event-loop lane: one bar per tick, as tall as the handles it ran; clock jumps marked. */
export function drawLoop(ctx: CanvasRenderingContext2D, d: LoopDraw): void {
  const { palette, height } = d;
  const frame = { axis: d.axis, scale: d.scale, height, currentTick: d.currentTick };
  const base = loopBase(height);
  ctx.font = `600 11px ${d.palette.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';

  // Baseline
  ctx.fillStyle = palette.line;
  ctx.fillRect(0, base, d.width, 1);

  if (d.kind === 'tick') {
    for (const bar of tickBars(frame)) {
      if (bar.slices !== null) {
        // One slice per handle, in the colour of the task it stepped.
        const n = bar.slices.length;
        bar.slices.forEach((task, j) => {
          ctx.fillStyle = task < 0 ? palette.loop : taskColor(palette, task);
          ctx.fillRect(bar.x + (bar.w * j) / n, base - bar.h, Math.max(1, bar.w / n - (bar.w / n > 6 ? 1 : 0)), bar.h);
        });
      } else {
        ctx.fillStyle = palette.loop;
        ctx.fillRect(bar.x, base - bar.h, bar.w, bar.h);
      }
      if (bar.current) {
        ctx.strokeStyle = palette.accent;
        ctx.lineWidth = 2;
        ctx.strokeRect(bar.x - 1, base - bar.h - 1, bar.w + 2, bar.h + 2);
      }
      const x0 = bar.x - bar.gap;
      if (bar.unit >= 18 && bar.stride === 1) {
        ctx.fillStyle = bar.current ? palette.accent : palette.muted;
        ctx.fillText(String(bar.runs), x0 + bar.unit / 2, base - bar.h - 4);
      }
      if (bar.jump > 0 && bar.stride === 1) {
        // The clock jumped before this tick ran: the loop slept in select() until a timer was due.
        ctx.fillStyle = palette.warn;
        ctx.beginPath();
        ctx.moveTo(x0, 3);
        ctx.lineTo(x0 + 5, 9);
        ctx.lineTo(x0, 15);
        ctx.lineTo(x0 - 5, 9);
        ctx.closePath();
        ctx.fill();
        ctx.fillRect(x0 - 0.5, 9, 1, base - 9);
        if (bar.unit >= 44) {
          ctx.textAlign = 'left';
          ctx.fillText(`+${formatDuration(bar.jump)}`, x0 + 8, 13);
          ctx.textAlign = 'center';
        }
      }
    }
    return;
  }

  // Time axis: the clock's jumps are the gaps; draw them, then the ticks at their instants.
  for (const span of idleSpans(frame)) {
    ctx.strokeStyle = palette.warn;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(span.x0, 12);
    ctx.lineTo(span.x1, 12);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = palette.warn;
    ctx.beginPath();
    ctx.moveTo(span.x1, 12);
    ctx.lineTo(span.x1 - 6, 8);
    ctx.lineTo(span.x1 - 6, 16);
    ctx.closePath();
    ctx.fill();
    if (span.x1 - span.x0 > 90) {
      ctx.fillStyle = palette.warn;
      ctx.fillText(`idle ${formatDuration(span.seconds)}`, (span.x0 + span.x1) / 2, 26);
    }
  }
  for (const column of tickColumns(frame)) {
    ctx.fillStyle = column.current ? palette.accent : palette.loop;
    ctx.fillRect(column.x - 2, base - column.h, 4, column.h);
  }
}
