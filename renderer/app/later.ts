/**
 * Work the page puts off so that opening a trace does not keep the main thread in one long task:
 * until the page is idle (code and data the first opening will need), or until the frame in
 * progress has been painted (the parts of the page that can appear a frame after the rest).
 */

/** Run `work` when the page is next idle (or after `timeoutMs` at the latest, if given); returns the cancel. */
export function whenIdle(work: () => void, timeoutMs?: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, timeoutMs === undefined ? {} : { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, 200);
  return () => clearTimeout(id);
}

/**
 * Run `work` in a task of its own just after the next frame is painted (a timeout set from the
 * frame's animation callback runs after that frame); returns the cancel.
 */
export function afterNextFrame(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(work)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
