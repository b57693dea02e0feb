/** Re-exports for the property tests, plus a heappop specialised to timers. */
import { heappop } from '../../scheduler/loop/heapq.ts';
import { timerLess, type TimerHandle } from '../../scheduler/loop/handle.ts';

export * from '../../scheduler/index.ts';

export function heappopForTests(heap: TimerHandle[]): TimerHandle {
  return heappop(heap, timerLess);
}
