/**
 * The legend of an exported picture: what each lane pattern and each mark of the loop lane means,
 * drawn in the picture's own colours so that a slide or a printout explains itself.
 */
import type { AxisKind } from '../viz/steps.ts';
import type { ThemeColors } from '../viz/theme-colors.ts';
import { el, num, text, textWidth } from './svg-text.ts';

export type LegendMark = 'running' | 'ready' | 'waiting' | 'done' | 'cancelled' | 'failed' | 'tick-bar' | 'clock-jump' | 'idle' | 'cursor';

export interface LegendItem {
  mark: LegendMark;
  label: string;
}

/** The legend's entries, in reading order, for a picture on the given axis. */
export function legendItems(kind: AxisKind): LegendItem[] {
  return [
    { mark: 'running', label: 'running (one step)' },
    { mark: 'ready', label: 'ready, in the queue' },
    { mark: 'waiting', label: 'waiting (for what it awaits)' },
    { mark: 'done', label: 'done' },
    { mark: 'cancelled', label: 'cancelled' },
    { mark: 'failed', label: 'failed' },
    { mark: 'tick-bar', label: 'loop tick: handles run' },
    kind === 'tick' ? { mark: 'clock-jump', label: 'the clock jumped to the next timer' } : { mark: 'idle', label: 'idle: waiting for the next timer' },
  ];
}

const ROW = 26;
const SWATCH_W = 28;
const SWATCH_H = 16;
const GAP = 22;
const FONT = 12;

function swatch(mark: LegendMark, x: number, y: number, colors: ThemeColors): string {
  const color = colors.tasks[0] as string;
  const mid = y + SWATCH_H / 2;
  switch (mark) {
    case 'running':
      return el('rect', { x, y, width: SWATCH_W, height: SWATCH_H, fill: color });
    case 'ready':
      return el('rect', { x, y: y + 2, width: SWATCH_W, height: SWATCH_H - 4, fill: 'url(#ls-hatch-0)', opacity: 0.7 }) + el('rect', { x, y: y + SWATCH_H - 3, width: SWATCH_W, height: 2, fill: color });
    case 'waiting':
      return el('rect', { x: x + 0.75, y: y + 0.75, width: SWATCH_W - 1.5, height: SWATCH_H - 1.5, fill: colors.panel, stroke: color, 'stroke-width': 1.5, 'stroke-dasharray': '1.5 3' });
    case 'done':
      return el('circle', { cx: x + 8, cy: mid, r: 7, fill: color }) + el('path', { d: `M${num(x + 4.8)} ${num(mid + 0.2)}L${num(x + 7.2)} ${num(mid + 2.6)}L${num(x + 11.4)} ${num(mid - 2.6)}`, fill: 'none', stroke: colors.panel, 'stroke-width': 2 });
    case 'cancelled':
      return el('circle', { cx: x + 8, cy: mid, r: 7, fill: colors.panel, stroke: colors.warn, 'stroke-width': 2 }) + el('path', { d: `M${num(x + 3.5)} ${num(mid + 4.5)}L${num(x + 12.5)} ${num(mid - 4.5)}`, stroke: colors.warn, 'stroke-width': 2 });
    case 'failed':
      return el('circle', { cx: x + 8, cy: mid, r: 7, fill: colors.danger }) + el('path', { d: `M${num(x + 5)} ${num(mid - 3)}L${num(x + 11)} ${num(mid + 3)}M${num(x + 11)} ${num(mid - 3)}L${num(x + 5)} ${num(mid + 3)}`, stroke: colors.panel, 'stroke-width': 2 });
    case 'tick-bar':
      return el('rect', { x: x + 4, y: y + 4, width: 7, height: SWATCH_H - 4, fill: colors.loop }) + el('rect', { x: x + 15, y, width: 7, height: SWATCH_H, fill: colors.loop });
    case 'clock-jump':
      return el('path', { d: `M${num(x + 8)} ${y}L${num(x + 13)} ${y + 6}L${num(x + 8)} ${y + 12}L${num(x + 3)} ${y + 6}Z`, fill: colors.warn }) + el('rect', { x: x + 7.5, y: y + 6, width: 1, height: SWATCH_H - 6, fill: colors.warn });
    case 'idle':
      return el('line', { x1: x, x2: x + SWATCH_W - 6, y1: mid, y2: mid, stroke: colors.warn, 'stroke-width': 1.5, 'stroke-dasharray': '4 4' }) + el('path', { d: `M${x + SWATCH_W} ${mid}L${x + SWATCH_W - 6} ${mid - 4}L${x + SWATCH_W - 6} ${mid + 4}Z`, fill: colors.warn });
    case 'cursor':
      return el('line', { x1: x + 8, x2: x + 8, y1: y - 2, y2: y + SWATCH_H + 2, stroke: colors.cursor, 'stroke-width': 2 });
  }
}

/** Where each entry goes when the legend is `width` wide: rows of entries, and the height it takes. */
export function legendLayout(width: number, kind: AxisKind): { items: (LegendItem & { x: number; row: number })[]; height: number } {
  const items: (LegendItem & { x: number; row: number })[] = [];
  let x = 0;
  let row = 0;
  for (const item of legendItems(kind)) {
    const w = SWATCH_W + 8 + textWidth(item.label, FONT);
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    items.push({ ...item, x, row });
    x += w + GAP;
  }
  return { items, height: (row + 1) * ROW + 22 };
}

/** The legend at (x, y), its entries flowing into rows no wider than `width`. */
export function legendSvg(colors: ThemeColors, x: number, y: number, width: number, kind: AxisKind): string {
  const parts: string[] = [el('rect', { x: 0, y, width: x * 2 + width, height: 1, fill: colors.line })];
  for (const item of legendLayout(width, kind).items) {
    const cx = x + item.x;
    const cy = y + 14 + item.row * ROW;
    parts.push(el('g', { 'data-legend': item.mark }, swatch(item.mark, cx, cy, colors) + text({ x: cx + SWATCH_W + 8, y: cy + 12.5, 'font-size': FONT, fill: colors.muted }, item.label)));
  }
  return el('g', { 'aria-label': 'Legend' }, parts.join(''));
}
