/**
 * Which lines of the code are on screen, so that the marks drawn at the cursor (each task's line,
 * the await stacks' callers) are worked out only for those: a long scenario with thousands of
 * tasks costs a step what its visible lines cost. Pure: tests run it without a DOM.
 */

/** Lines `from` to `to`, 1-based and inclusive. */
export interface LineRange {
  from: number;
  to: number;
}

/** Lines kept marked above and below the screen, so a short scroll finds its marks already drawn. */
export const LINE_MARGIN = 20;

/** True when `line` is in `range`; no range means every line. */
export function inRange(range: LineRange | null, line: number): boolean {
  return range === null || (line >= range.from && line <= range.to);
}

/**
 * The lines to mark for a screen showing lines `first` to `last` of `total`: those, `margin` more
 * on each side, clamped to the text. Null (every line) when that is the whole text anyway, so a
 * short scenario's marks do not change as it scrolls.
 */
export function linesToMark(first: number, last: number, total: number, margin = LINE_MARGIN): LineRange | null {
  const from = Math.max(1, Math.min(first, last) - margin);
  const to = Math.min(total, Math.max(first, last) + margin);
  return from <= 1 && to >= total ? null : { from, to };
}

export function sameRange(a: LineRange | null, b: LineRange | null): boolean {
  return a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to);
}
