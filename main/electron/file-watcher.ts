/**
 * Watch one file for saves, from any editor.
 *
 * The parent folder is watched, not the file: many editors save by writing a temporary file and
 * renaming it over the original (vim, JetBrains, VS Code with some settings), which replaces the
 * inode a file watch is attached to, so a watch on the file itself goes silent after the first
 * save. Events are debounced because one save is several events (truncate, write, rename,
 * attribute change) and the scenario should replay once. Whether the content really changed is
 * the caller's business (it compares what it reads).
 */
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export const DEFAULT_DEBOUNCE_MS = 120;

export interface FileWatch {
  close(): void;
}

export interface WatchFileOptions {
  debounceMs?: number;
  /** Injectable for tests; node's fs.watch by default. */
  watch?: (dir: string, listener: (event: string, filename: string | Buffer | null) => void) => Pick<FSWatcher, 'close' | 'on'>;
}

export function watchFile(path: string, onChange: () => void, options: WatchFileOptions = {}): FileWatch {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const name = basename(path);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const fire = (): void => {
    timer = null;
    if (!closed) onChange();
  };
  const listener = (_event: string, filename: string | Buffer | null): void => {
    // filename can be null on some platforms: then any event in the folder counts.
    if (filename !== null && filename.toString() !== name) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  };

  const watch = options.watch ?? ((dir, l) => fsWatch(dir, { persistent: false }, l));
  const watcher = watch(dirname(path), listener);
  // The folder may disappear (unmounted drive, deleted project): stop quietly, the open
  // scenario stays on screen.
  watcher.on('error', () => close());

  function close(): void {
    if (closed) return;
    closed = true;
    if (timer !== null) clearTimeout(timer);
    watcher.close();
  }
  return { close };
}
