/**
 * The words the narration uses that a learner may not know yet, each defined in a sentence or
 * two. The narration marks the first time a sentence uses one; the page shows the definition on
 * hover or focus.
 */
export const TERMS = ['tick', 'handle', 'ready queue', 'wake-up', 'future', 'timer'] as const;
export type Term = (typeof TERMS)[number];

export const DEFINITIONS: Readonly<Record<Term, string>> = {
  tick:
    'One turn of the event loop (one pass of _run_once): it moves the timers that are due to the ready queue, then runs exactly the handles that were ready when the turn began. Anything they schedule waits for the next tick.',
  handle:
    'An entry the loop will run: one step of a task, a task’s wake-up, or a plain callback (a timer’s, or one queued with call_soon). Running one handle is one step of Loopscope’s cursor.',
  'ready queue':
    'The loop’s first-in, first-out list of handles ready to run. A task that can go on has a handle here; a task that waits has none.',
  'wake-up':
    'The handle (Task.__wakeup) that resumes a waiting task. When the future a task awaits is done, its wake-up is queued, and the task runs again in the next tick.',
  future:
    'An object that will hold a result later. A task that awaits a pending future is suspended until someone finishes it: a timer, a lock being released, another task ending.',
  timer:
    'A callback scheduled for a moment on the clock (call_later, call_at). asyncio.sleep(1) arms one; when nothing else is ready, the loop waits until the earliest timer is due.',
};
