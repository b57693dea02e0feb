/**
 * What survives a restart: window size and position, the recent files, the View choices. Each is
 * a JSON file that must load back, and must not stop the app when it is missing or damaged.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { JsonStore } from '../../main/electron/json-store.ts';
import { RecentFiles } from '../../main/electron/recent-files.ts';
import { applyMenuCommand, DEFAULT_VIEW_SETTINGS, settingsCommands, ViewSettings } from '../../main/electron/view-settings.ts';
import { DEFAULT_SIZE, restoreBounds, trackWindowState, windowStateStore, type Rect, type TrackedWindow } from '../../main/electron/window-state.ts';
import { sleep, tempDir } from './support.ts';

describe('JsonStore', () => {
  const Schema = z.object({ n: z.number() });

  it('round-trips a value and writes no temporary files behind', () => {
    const dir = tempDir();
    const store = new JsonStore(join(dir, 'sub', 'state.json'), Schema, () => ({ n: 0 }));
    expect(store.load()).toEqual({ n: 0 });
    store.save({ n: 42 });
    expect(new JsonStore(join(dir, 'sub', 'state.json'), Schema, () => ({ n: 0 })).load()).toEqual({ n: 42 });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['state.json']);
  });

  it.each([
    ['truncated JSON', '{"n": 4'],
    ['the wrong shape', '{"n": "four"}'],
    ['an empty file', ''],
    ['null', 'null'],
  ])('falls back to the default for %s', (_what, text) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'state.json'), text);
    expect(new JsonStore(join(dir, 'state.json'), Schema, () => ({ n: -1 })).load()).toEqual({ n: -1 });
  });
});

describe('window state', () => {
  const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
  const monitor: Rect = { x: 1440, y: 0, width: 2560, height: 1440 };

  it.each<[string, Parameters<typeof restoreBounds>[0], Rect[], ReturnType<typeof restoreBounds>]>([
    ['keeps a position on a display', { x: 100, y: 100, width: 1200, height: 800, maximized: false, fullScreen: false }, [laptop], { x: 100, y: 100, width: 1200, height: 800 }],
    ['keeps a position on the second monitor', { x: 2000, y: 200, width: 1600, height: 1000, maximized: false, fullScreen: false }, [laptop, monitor], { x: 2000, y: 200, width: 1600, height: 1000 }],
    ['centres when the monitor it was on is gone', { x: 2000, y: 200, width: 1600, height: 1000, maximized: false, fullScreen: false }, [laptop], { width: 1440, height: 875 }],
    ['centres when the title bar would be above the screen', { x: 100, y: -500, width: 1000, height: 800, maximized: false, fullScreen: false }, [laptop], { width: 1000, height: 800 }],
    ['centres when only a sliver would be visible', { x: 1400, y: 100, width: 1000, height: 800, maximized: false, fullScreen: false }, [laptop], { width: 1000, height: 800 }],
    ['never restores smaller than the minimum', { width: 200, height: 100, maximized: false, fullScreen: false }, [laptop], { width: 760, height: 520 }],
    ['centres the default size when no position was saved', { ...DEFAULT_SIZE, maximized: false, fullScreen: false }, [laptop], { width: 1280, height: 820 }],
  ])('%s', (_what, saved, displays, expected) => {
    expect(restoreBounds(saved, displays)).toEqual(expected);
  });

  it('saves the normal bounds once the window settles, and on close', async () => {
    const dir = tempDir();
    const store = windowStateStore(join(dir, 'window-state.json'));
    const listeners = new Map<string, (() => void)[]>();
    let bounds: Rect = { x: 10, y: 20, width: 1000, height: 700 };
    let maximized = false;
    const window: TrackedWindow = {
      getNormalBounds: () => bounds,
      isMaximized: () => maximized,
      isFullScreen: () => false,
      on: (event, listener) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    };
    const emit = (event: string) => listeners.get(event)?.forEach((listener) => listener());
    trackWindowState(window, store, 60);
    for (let i = 0; i < 10; i++) {
      bounds = { ...bounds, width: 1000 + i * 10 };
      emit('resize');
    }
    expect(store.load()).toEqual({ ...DEFAULT_SIZE, maximized: false, fullScreen: false }); // not yet: debounced
    await sleep(150);
    expect(store.load()).toEqual({ x: 10, y: 20, width: 1090, height: 700, maximized: false, fullScreen: false });
    maximized = true;
    bounds = { x: 33.4, y: 44.6, width: 1200, height: 800 };
    emit('close');
    expect(store.load()).toEqual({ x: 33, y: 45, width: 1200, height: 800, maximized: true, fullScreen: false });
  });
});

describe('RecentFiles', () => {
  it('keeps the most recent first, without duplicates, up to the limit, across restarts', () => {
    const dir = tempDir();
    const file = join(dir, 'recent-files.json');
    const recent = new RecentFiles(file, 3, false);
    recent.add('/a.py');
    recent.add('/b.py');
    recent.add('/c.py');
    recent.add('/a.py');
    recent.add('/d.py');
    expect(recent.list()).toEqual(['/d.py', '/a.py', '/c.py']);
    expect(new RecentFiles(file, 3, false).list()).toEqual(['/d.py', '/a.py', '/c.py']);
    recent.remove('/a.py');
    expect(new RecentFiles(file, 3, false).list()).toEqual(['/d.py', '/c.py']);
    recent.clear();
    expect(new RecentFiles(file, 3, false).list()).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ files: [] });
  });

  it('treats paths differing only in case as one on case-insensitive systems', () => {
    const recent = new RecentFiles(join(tempDir(), 'recent.json'), 10, true);
    recent.add('/Talks/Counter.py');
    recent.add('/talks/counter.py');
    expect(recent.list()).toEqual(['/talks/counter.py']);
  });

  it('starts empty from a damaged file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'recent.json'), '{"files": [1, 2');
    expect(new RecentFiles(join(dir, 'recent.json')).list()).toEqual([]);
  });

  it('keeps working when the list cannot be saved', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const recent = new RecentFiles(join(dir, 'not-a-folder', 'recent.json'), 10, false);
      expect(recent.add('/a.py')).toEqual(['/a.py']);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/cannot save the recent files list/));
    } finally {
      warn.mockRestore();
    }
  });
});

describe('view settings', () => {
  it('follows the menu commands and persists through a store', () => {
    let settings = DEFAULT_VIEW_SETTINGS;
    settings = applyMenuCommand(settings, 'axis-time');
    settings = applyMenuCommand(settings, 'theme-dark');
    expect(applyMenuCommand(settings, 'zoom-in')).toBe(settings);
    expect(settings).toEqual({ axis: 'time', theme: 'dark' });
    expect(settingsCommands(settings)).toEqual(['axis-time', 'theme-dark']);
    const file = join(tempDir(), 'view.json');
    new JsonStore(file, ViewSettings, () => DEFAULT_VIEW_SETTINGS).save(settings);
    expect(new JsonStore(file, ViewSettings, () => DEFAULT_VIEW_SETTINGS).load()).toEqual(settings);
  });
});
