/**
 * How many rows of a scrolled list to put in the page: those its box can show and a couple more,
 * until the person scrolls the list; then all of them, until it is back at the top.
 *
 * The ready queue and the timer heap list up to 60 entries each (session.svelte.ts), and at nearly
 * every step the queue's first entry leaves and every other row moves up one place: each row in the
 * page is laid out, renumbered and checked for visibility again, seen or not. On the million-event
 * trace, capping the lists at what a panel shows took a step's frame from 26 to 16 ms (median) and
 * from 78 to 37 ms (p95). The rows below come as the list is scrolled, as in Perfetto's and VS Code's
 * long lists; the list's last line counts the entries not shown ("and 9,950 more").
 */

/** Before the list's box is measured: enough for a tall panel. */
const ROWS_BEFORE_MEASURED = 12;
/** The least height of a row and the gap under it (a one-line entry is 34 px): overestimates the rows that fit. */
const MIN_ROW_PX = 28;
/** Rows past the box's bottom edge, so that the list overflows and can be scrolled to the rest. */
const SPARE_ROWS = 2;

export class RowsInView {
  /** How many rows to render (Infinity once the list is scrolled). */
  count = $state(ROWS_BEFORE_MEASURED);

  /** For `{@attach}` on the list's scrolling box. */
  readonly attach = (scroller: HTMLElement): (() => void) => {
    const update = (): void => {
      this.count = scroller.scrollTop > 0 ? Infinity : Math.ceil(scroller.clientHeight / MIN_ROW_PX) + SPARE_ROWS;
    };
    // Called once the box is laid out, and whenever its size changes: clientHeight is read then
    // at no cost (the layout is done).
    const resized = new ResizeObserver(update);
    resized.observe(scroller);
    scroller.addEventListener('scroll', update, { passive: true });
    return () => {
      resized.disconnect();
      scroller.removeEventListener('scroll', update);
    };
  };
}
