/** Settings kept with a file (bookmarks): keyed by the document's path, never for an untitled one. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSettingsStore, MAX_FILES } from '../../main/electron/file-settings.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function fresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopscope-file-settings-'));
  dirs.push(dir);
  return join(dir, 'file-settings.json');
}

describe('FileSettingsStore', () => {
  it('keeps bookmarks with the file of the document, across restarts', () => {
    const file = fresh();
    let path: string | null = '/home/ada/lesson.py';
    const documents = { pathOf: (id: number) => (id === 7 ? path : null) };
    const store = new FileSettingsStore(file, documents);
    expect(store.read(7)).toEqual({ bookmarks: [] });
    expect(store.write(7, { bookmarks: [{ step: 3, note: 'the clock jumps' }] })).toBe(true);
    const again = new FileSettingsStore(file, documents);
    expect(again.read(7)).toEqual({ bookmarks: [{ step: 3, note: 'the clock jumps' }] });
    // Another document (or one no longer on screen) reads nothing and writes nothing.
    expect(again.read(8)).toEqual({ bookmarks: [] });
    expect(again.write(8, { bookmarks: [{ step: 1, note: '' }] })).toBe(false);
    // Another file: its own settings.
    path = '/home/ada/other.py';
    expect(again.read(7)).toEqual({ bookmarks: [] });
  });

  it('an untitled document has no file to keep them with', () => {
    const store = new FileSettingsStore(fresh(), { pathOf: () => null });
    expect(store.write(1, { bookmarks: [{ step: 1, note: 'x' }] })).toBe(false);
    expect(store.read(1)).toEqual({ bookmarks: [] });
  });

  it('forgets a file whose bookmarks are all removed, and keeps only the most recently used files', () => {
    const file = fresh();
    let path = '/a.py';
    let clock = 0;
    const store = new FileSettingsStore(file, { pathOf: () => path }, () => ++clock);
    store.write(1, { bookmarks: [{ step: 1, note: '' }] });
    store.write(1, { bookmarks: [] });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ files: {} });
    for (let i = 0; i <= MAX_FILES; i++) {
      path = `/f${i}.py`;
      store.write(1, { bookmarks: [{ step: i, note: '' }] });
    }
    const kept = Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { files: object }).files);
    expect(kept.length).toBe(MAX_FILES);
    expect(kept).not.toContain('/f0.py');
    expect(kept).toContain(`/f${MAX_FILES}.py`);
  });

  it('starts empty from a settings file edited into nonsense', () => {
    const file = fresh();
    writeFileSync(file, '{"files": {"/a.py": {"settings": {"bookmarks": "lots"}}}}');
    expect(new FileSettingsStore(file, { pathOf: () => '/a.py' }).read(1)).toEqual({ bookmarks: [] });
  });
});
