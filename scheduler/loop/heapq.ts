/**
 * A line-for-line port of CPython's `heapq` (Lib/heapq.py; `_heapq.c` runs the same algorithm).
 *
 * asyncio keeps its timers in a plain `heapq` list compared only by deadline, so timers with equal
 * deadlines pop in whatever order this algorithm produces: not FIFO, and sometimes reversed
 * (ASYNCIO-SEMANTICS.md rule 3). Reproducing that order needs the real sift-down and sift-up, not
 * any heap that happens to be correct.
 *
 * `less(a, b)` plays the part of Python's `a < b`; heapq never uses any other comparison.
 */

export type Less<T> = (a: T, b: T) => boolean;

/** heapq.heappush */
export function heappush<T>(heap: T[], item: T, less: Less<T>): void {
  heap.push(item);
  siftdown(heap, 0, heap.length - 1, less);
}

/** heapq.heappop: the caller checks that the heap is not empty (Python raises IndexError). */
export function heappop<T>(heap: T[], less: Less<T>): T {
  const lastelt = heap.pop() as T;
  if (heap.length > 0) {
    const returnitem = heap[0] as T;
    heap[0] = lastelt;
    siftup(heap, 0, less);
    return returnitem;
  }
  return lastelt;
}

/** heapq.heapify: transform a list into a heap in place, in O(n). */
export function heapify<T>(heap: T[], less: Less<T>): void {
  const n = heap.length;
  for (let i = (n >> 1) - 1; i >= 0; i--) siftup(heap, i, less);
}

/** heapq._siftdown: move heap[pos] up towards startpos while it is smaller than its parent. */
function siftdown<T>(heap: T[], startpos: number, pos: number, less: Less<T>): void {
  const newitem = heap[pos] as T;
  while (pos > startpos) {
    const parentpos = (pos - 1) >> 1;
    const parent = heap[parentpos] as T;
    if (less(newitem, parent)) {
      heap[pos] = parent;
      pos = parentpos;
      continue;
    }
    break;
  }
  heap[pos] = newitem;
}

/**
 * heapq._siftup: bubble the smaller child up until hitting a leaf, then sift the displaced item
 * down. This "bottom-up" variant is what makes tie order differ from a textbook heap.
 */
function siftup<T>(heap: T[], pos: number, less: Less<T>): void {
  const endpos = heap.length;
  const startpos = pos;
  const newitem = heap[pos] as T;
  let childpos = 2 * pos + 1;
  while (childpos < endpos) {
    const rightpos = childpos + 1;
    if (rightpos < endpos && !less(heap[childpos] as T, heap[rightpos] as T)) childpos = rightpos;
    heap[pos] = heap[childpos] as T;
    pos = childpos;
    childpos = 2 * pos + 1;
  }
  heap[pos] = newitem;
  siftdown(heap, startpos, pos, less);
}
