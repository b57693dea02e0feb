/**
 * An element's client size (as `bind:clientWidth` and `bind:clientHeight` give it), read only when a
 * ResizeObserver reports a change: that is after the frame's layout, so reading it costs nothing.
 * The bindings also read it once as the element is mounted, which forces a layout in the middle of
 * the task that built the page: when a large trace opened, the timeline's first layout (15-130 ms
 * measured under load) ran in the same task as building the timeline, making it one long task.
 * Until the first report the size is 0: the views drawn at a size wait for it.
 */
import type { Attachment } from 'svelte/attachments';

export function clientSize(onSize: (width: number, height: number) => void): Attachment<HTMLElement> {
  return (element) => {
    const observer = new ResizeObserver(() => onSize(element.clientWidth, element.clientHeight));
    observer.observe(element, { box: 'border-box' });
    return () => observer.disconnect();
  };
}
