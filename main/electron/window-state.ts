/**
 * Remembering the window: size, position and whether it was maximized or full screen, saved to
 * a JSON file when they change and restored at the next start, but only where a display can
 * still show it (a laptop unplugged from its second monitor must not open off screen).
 */
import { z } from 'zod';
import { JsonStore } from './json-store.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 760, height: 520 } as const;

const SavedWindow = z.object({
  width: z.number().int().min(100).max(100_000),
  height: z.number().int().min(100).max(100_000),
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  maximized: z.boolean().default(false),
  fullScreen: z.boolean().default(false),
});
export type SavedWindow = z.infer<typeof SavedWindow>;

export function windowStateStore(file: string): JsonStore<SavedWindow> {
  return new JsonStore(file, SavedWindow, () => ({ ...DEFAULT_SIZE, maximized: false, fullScreen: false }));
}

/** How much of the window must lie on a display for the saved position to be kept. */
const MIN_VISIBLE = { width: 160, height: 80 };

/**
 * The bounds to open with: the saved ones when they fit a display, otherwise the saved size
 * (clamped to the largest display) without a position, which lets Electron centre the window.
 */
export function restoreBounds(saved: SavedWindow, workAreas: readonly Rect[]): { width: number; height: number; x?: number; y?: number } {
  const largest = workAreas.reduce<Rect | null>((best, area) => (best === null || area.width * area.height > best.width * best.height ? area : best), null);
  const width = Math.max(MIN_SIZE.width, largest === null ? saved.width : Math.min(saved.width, largest.width));
  const height = Math.max(MIN_SIZE.height, largest === null ? saved.height : Math.min(saved.height, largest.height));
  if (saved.x === undefined || saved.y === undefined) return { width, height };
  const bounds = { x: saved.x, y: saved.y, width, height };
  const visible = workAreas.some((area) => {
    const overlapWidth = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
    const overlapHeight = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
    // The title bar (the window's top edge) must be on the display too, or it cannot be dragged back.
    const titleBarOnScreen = bounds.y >= area.y && bounds.y < area.y + area.height;
    return overlapWidth >= MIN_VISIBLE.width && overlapHeight >= MIN_VISIBLE.height && titleBarOnScreen;
  });
  return visible ? bounds : { width, height };
}

/** The part of a BrowserWindow that state tracking needs (a fake in tests). */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  on(event: string, listener: () => void): unknown;
}

/**
 * Save the window's state whenever it settles after a move or resize (debounced: dragging
 * fires dozens of events), and once more when it closes. Returns a function that saves now.
 */
export function trackWindowState(window: TrackedWindow, store: JsonStore<SavedWindow>, debounceMs = 400): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const saveNow = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    // Normal bounds: what the window returns to when un-maximized, which is what to restore.
    const bounds = window.getNormalBounds();
    try {
      store.save({
        x: Math.round(bounds.x),
        y: Math.round(bounds.y),
        width: Math.round(bounds.width),
        height: Math.round(bounds.height),
        maximized: window.isMaximized(),
        fullScreen: window.isFullScreen(),
      });
    } catch (error) {
      console.warn(`Loopscope: cannot save the window state: ${String(error)}`);
    }
  };
  const schedule = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(saveNow, debounceMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen']) window.on(event, schedule);
  window.on('close', saveNow);
  return saveNow;
}
