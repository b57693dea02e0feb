/**
 * Live reload's trigger: a watched file reports saves from any editor, once per save.
 * Real files in a temporary folder, real fs.watch.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchFile } from '../../main/electron/file-watcher.ts';
import { sleep, tempDir, waitFor } from './support.ts';

describe('watchFile', () => {
  it('reports an in-place save once, after the debounce', async () => {
    const dir = tempDir();
    const file = join(dir, 'scenario.py');
    writeFileSync(file, 'print(1)\n');
    let changes = 0;
    const watch = watchFile(file, () => changes++, { debounceMs: 120 });
    try {
      await sleep(50);
      writeFileSync(file, 'print(2)\n');
      await waitFor(() => changes > 0, 3000, 'the change');
      await sleep(200);
      expect(changes).toBe(1);
    } finally {
      watch.close();
    }
  });

  it('folds a burst of writes into one report (debounce)', async () => {
    const dir = tempDir();
    const file = join(dir, 'scenario.py');
    writeFileSync(file, 'x = 0\n');
    let changes = 0;
    const watch = watchFile(file, () => changes++, { debounceMs: 150 });
    try {
      await sleep(50);
      // An editor's save can be several writes in a row; no pauses, so a loaded machine cannot
      // stretch them past the debounce.
      for (let i = 1; i <= 8; i++) writeFileSync(file, `x = ${i}\n`);
      await waitFor(() => changes > 0, 3000, 'the change');
      await sleep(300);
      expect(changes).toBe(1);
    } finally {
      watch.close();
    }
  });

  it('keeps reporting after editors save by renaming a temporary file over the original', async () => {
    const dir = tempDir();
    const file = join(dir, 'scenario.py');
    writeFileSync(file, 'v = 1\n');
    let changes = 0;
    const watch = watchFile(file, () => changes++, { debounceMs: 50 });
    try {
      await sleep(50);
      for (const version of [2, 3]) {
        const before = changes;
        writeFileSync(join(dir, '.scenario.py.swp'), `v = ${version}\n`);
        renameSync(join(dir, '.scenario.py.swp'), file);
        await waitFor(() => changes > before, 3000, `save ${version}`);
      }
      expect(changes).toBe(2);
    } finally {
      watch.close();
    }
  });

  it('ignores other files in the same folder', async () => {
    const dir = tempDir();
    const file = join(dir, 'scenario.py');
    writeFileSync(file, 'v = 1\n');
    let changes = 0;
    const watch = watchFile(file, () => changes++, { debounceMs: 30 });
    try {
      await sleep(50);
      writeFileSync(join(dir, 'other.py'), 'w = 1\n');
      writeFileSync(join(dir, 'scenario.py.bak'), 'w = 1\n');
      await sleep(250);
      expect(changes).toBe(0);
    } finally {
      watch.close();
    }
  });

  it('reports nothing after close, even for a change already pending', async () => {
    const dir = tempDir();
    const file = join(dir, 'scenario.py');
    writeFileSync(file, 'v = 1\n');
    let changes = 0;
    const watch = watchFile(file, () => changes++, { debounceMs: 100 });
    await sleep(50);
    writeFileSync(file, 'v = 2\n');
    await sleep(30);
    watch.close();
    await sleep(250);
    expect(changes).toBe(0);
  });

  it('stops quietly when the watched folder disappears', async () => {
    const dir = tempDir();
    const file = join(dir, 'scenario.py');
    writeFileSync(file, 'v = 1\n');
    const watch = watchFile(file, () => {}, { debounceMs: 30 });
    rmSync(dir, { recursive: true, force: true });
    await sleep(100);
    expect(() => watch.close()).not.toThrow();
  });

  it('counts an event without a file name (some platforms) as a possible change', async () => {
    let emit: ((event: string, filename: string | null) => void) | undefined;
    let closed = false;
    let changes = 0;
    const watch = watchFile('/somewhere/scenario.py', () => changes++, {
      debounceMs: 10,
      watch: (dir, listener) => {
        expect(dir).toBe('/somewhere');
        emit = listener;
        return { close: () => void (closed = true), on: () => undefined as never };
      },
    });
    emit!('change', null);
    emit!('change', 'unrelated.py');
    await sleep(50);
    expect(changes).toBe(1);
    watch.close();
    expect(closed).toBe(true);
  });
});
