/**
 * Canvas drawing of the dense layers (task lanes, event-loop ticks). Geometry comes laid out from
 * lanes.ts / steps.ts; this only culls to the visible window and paints. Work per frame is bounded
 * by the pixels on screen, not by the trace: when many segments fall into one pixel column, the
 * loop jumps (binary search) to the first segment of the next column.
 */
import type { ScaleLinear } from 'd3-scale';
import { PALETTE_SIZE } from './colors.ts';
import { firstVisible, type Lanes } from './lanes.ts';
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

/** Size a canvas's backing store to its CSS box at the device pixel ratio; returns a ready context. */
export function prepare(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const dpr = Math.min(3, globalThis.devicePixelRatio || 1);
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

/** Diagonal hatching in a colour: the "ready" pattern. */
function hatch(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  const key = `h${color}`;
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    const tile = document.createElement('canvas');
    const size = 8;
    tile.width = size;
    tile.height = size;
    const t = tile.getContext('2d');
    if (t !== null) {
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
    }
    pattern = ctx.createPattern(tile, 'repeat');
    patterns.set(key, pattern);
  }
  return pattern ?? color;
}

const widths = new Map<string, number>();
function fitText(ctx: CanvasRenderingContext2D, text: string, max: number): string | null {
  const key = `${ctx.font}|${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    w = ctx.measureText(text).width;
    if (widths.size > 5000) widths.clear();
    widths.set(key, w);
  }
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
  const [d0, d1] = scale.domain() as [number, number];
  const x0s = d.kind === 'tick' ? lanes.tick0 : lanes.time0;
  const x1s = d.kind === 'tick' ? lanes.tick1 : lanes.time1;
  ctx.font = `500 12px ${palette.font}`;
  ctx.textBaseline = 'middle';

  for (let row = d.firstRow; row <= d.lastRow; row++) {
    const top = d.offsetY + (row - d.firstRow) * rowHeight;
    if (row % 2 === 1) {
      ctx.fillStyle = palette.grid;
      ctx.fillRect(0, top, d.width, rowHeight);
    }
    if (d.cycle.has(row)) {
      ctx.fillStyle = palette.dangerSoft;
      ctx.fillRect(0, top, d.width, rowHeight);
    }
    const color = taskColor(palette, row);
    const pad = 7;
    const y = top + pad;
    const h = rowHeight - pad * 2;
    const mid = top + rowHeight / 2;
    const end = lanes.laneStart[row + 1] as number;
    let i = firstVisible(lanes, row, d0, x1s);
    while (i < end) {
      const a = x0s[i] as number;
      if (a > d1) break;
      const b = x1s[i] as number;
      const px0 = scale(a);
      const px1 = scale(b);
      const state = lanes.state[i] as number;
      const last = i === end - 1;
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
            ctx.fillStyle = hatch(ctx, color);
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
          const stuck = last && d.blocked.has(row);
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
      // Many segments in one pixel column: jump to the next column.
      if (px1 - px0 < 1) {
        const next = firstVisible(lanes, row, scale.invert(Math.floor(px0) + 1), x1s);
        i = Math.max(i + 1, next);
      } else i++;
    }
    laneMarks(ctx, d, row, top);
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
  const { axis, scale, palette, height } = d;
  const [d0, d1] = scale.domain() as [number, number];
  const base = height - 8;
  const maxBar = height - 36;
  let maxRuns = 1;
  for (let k = 0; k < axis.ticks; k++) maxRuns = Math.max(maxRuns, axis.tickRuns[k] as number);
  const barHeight = (runs: number): number => (runs === 0 ? 3 : 6 + (maxBar - 6) * Math.sqrt(runs / maxRuns));
  ctx.font = `600 11px ${d.palette.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';

  // Baseline
  ctx.fillStyle = palette.line;
  ctx.fillRect(0, base, d.width, 1);

  if (d.kind === 'tick') {
    const first = Math.max(0, Math.floor(d0));
    const last = Math.min(axis.ticks - 1, Math.ceil(d1));
    const unit = scale(1) - scale(0);
    const stride = unit >= 1 ? 1 : Math.ceil(1 / unit);
    for (let k = first - (first % stride); k <= last; k += stride) {
      let runs = axis.tickRuns[k] as number;
      let jump = (axis.tickTimeAfter[k] as number) - (axis.tickTimeBefore[k] as number);
      for (let j = 1; j < stride && k + j < axis.ticks; j++) {
        runs = Math.max(runs, axis.tickRuns[k + j] as number);
        jump += (axis.tickTimeAfter[k + j] as number) - (axis.tickTimeBefore[k + j] as number);
      }
      const x0 = scale(k);
      const x1 = scale(k + stride);
      const gap = unit > 8 ? Math.min(4, unit * 0.12) : 0;
      const w = Math.max(1, x1 - x0 - gap * 2);
      const h = barHeight(runs);
      const current = k <= d.currentTick && d.currentTick < k + stride;
      const firstStep = axis.tickFirstStep[k] as number;
      const n = axis.tickRuns[k] as number;
      if (stride === 1 && n > 0 && w / n >= 3) {
        // One slice per handle, in the colour of the task it stepped.
        for (let j = 0; j < n; j++) {
          const task = axis.stepTask[firstStep + j] as number;
          ctx.fillStyle = task < 0 ? palette.loop : taskColor(palette, task);
          const sx = x0 + gap + (w * j) / n;
          ctx.fillRect(sx, base - h, Math.max(1, w / n - (w / n > 6 ? 1 : 0)), h);
        }
      } else {
        ctx.fillStyle = palette.loop;
        ctx.fillRect(x0 + gap, base - h, w, h);
      }
      if (current) {
        ctx.strokeStyle = palette.accent;
        ctx.lineWidth = 2;
        ctx.strokeRect(x0 + gap - 1, base - h - 1, w + 2, h + 2);
      }
      if (unit >= 18 && stride === 1) {
        ctx.fillStyle = current ? palette.accent : palette.muted;
        ctx.fillText(String(n), x0 + unit / 2, base - h - 4);
      }
      if (jump > 0 && stride === 1) {
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
        if (unit >= 44) {
          ctx.textAlign = 'left';
          ctx.fillText(`+${formatDuration(jump)}`, x0 + 8, 13);
          ctx.textAlign = 'center';
        }
      }
    }
    return;
  }

  // Time axis: the clock's jumps are the gaps; draw them, then the ticks at their instants.
  for (let k = 0; k < axis.ticks; k++) {
    const before = axis.tickTimeBefore[k] as number;
    const after = axis.tickTimeAfter[k] as number;
    if (after <= before || after < d0 || before > d1) continue;
    const x0 = scale(before);
    const x1 = scale(after);
    ctx.strokeStyle = palette.warn;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x0, 12);
    ctx.lineTo(x1, 12);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = palette.warn;
    ctx.beginPath();
    ctx.moveTo(x1, 12);
    ctx.lineTo(x1 - 6, 8);
    ctx.lineTo(x1 - 6, 16);
    ctx.closePath();
    ctx.fill();
    if (x1 - x0 > 90) {
      ctx.fillStyle = palette.warn;
      ctx.fillText(`idle ${formatDuration(after - before)}`, (x0 + x1) / 2, 26);
    }
  }
  // Ticks at one instant stack into one mark: sum the handles per pixel column.
  let column = Number.NaN;
  let runs = 0;
  let current = false;
  const flush = (): void => {
    if (Number.isNaN(column)) return;
    const h = barHeight(Math.min(runs, maxRuns));
    ctx.fillStyle = current ? palette.accent : palette.loop;
    ctx.fillRect(column - 2, base - h, 4, h);
  };
  for (let k = 0; k < axis.ticks; k++) {
    const t = axis.tickTimeAfter[k] as number;
    if (t < d0 || t > d1) continue;
    const px = Math.round(scale(t));
    if (px !== column) {
      flush();
      column = px;
      runs = 0;
      current = false;
    }
    runs += axis.tickRuns[k] as number;
    if (k === d.currentTick) current = true;
  }
  flush();
}
