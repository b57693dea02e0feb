/** The shortcut table's own rules, and the layout checker the browser tests use. */
import { describe, expect, test } from 'vitest';
import { SHORTCUTS, chordOf, keyLabel } from '../../renderer/teach/shortcuts.ts';
import { teachingCommand } from '../../renderer/teach/teaching-keys.ts';
import { outsideViewport, overlappingPairs } from '../browser/layout.ts';

describe('the shortcut table', () => {
  test('no key does two things', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
  test('every key is written as chordOf reads it from a keyboard event', () => {
    for (const key of SHORTCUTS.flatMap((s) => s.keys)) {
      const ctrl = key.startsWith('Ctrl+');
      const rest = ctrl ? key.slice('Ctrl+'.length) : key;
      const shift = rest.startsWith('Shift+');
      const name = shift ? rest.slice('Shift+'.length) : rest;
      expect(chordOf({ key: ctrl && shift ? name.toUpperCase() : name, shiftKey: shift, ctrlKey: ctrl })).toBe(key);
    }
    expect(chordOf({ key: 'S', shiftKey: true, metaKey: true })).toBe('Ctrl+Shift+s');
    expect(chordOf({ key: 'B', shiftKey: true })).toBe('b');
    expect(chordOf({ key: '?', shiftKey: true })).toBe('?');
  });
  test('keys as the sheet shows them', () => {
    expect([' ', 'Shift+ArrowRight', 'PageDown', '+', 't', ']', 'Ctrl+Shift+s', 'Escape'].map(keyLabel)).toEqual(['Space', 'Shift + →', 'Page Down', '+', 'T', ']', 'Ctrl + Shift + S', 'Esc']);
  });
});

describe('overlapping boxes', () => {
  const box = (name: string, x: number, y: number, width: number, height: number) => ({ name, x, y, width, height });
  test('panels side by side touch but do not overlap; a card spilling into the next column does', () => {
    expect(overlappingPairs([box('code', 0, 0, 500, 300), box('queue', 500, 0, 300, 300), box('output', 800, 0, 480, 300)])).toEqual([]);
    expect(overlappingPairs([box('code', 0, 0, 500, 300), box('queue', 500, 0, 340, 300), box('output', 800, 0, 480, 300)])).toEqual([['queue', 'output']]);
  });
  test('a collapsed panel overlaps nothing; boxes off the screen are named', () => {
    expect(overlappingPairs([box('tab', 0, 0, 0, 0), box('code', 0, 0, 100, 100)])).toEqual([]);
    expect(outsideViewport([box('ok', 0, 0, 1280, 720), box('clipped', 1200, 0, 100, 10)], { width: 1280, height: 720 })).toEqual(['clipped']);
  });
});

describe('the teaching keys', () => {
  const chapters = [
    { index: 0, title: 'One', fromLine: 1, toLine: 5, steps: [0, 2], firstStep: 0, endStep: 3 },
    { index: 1, title: 'Two', fromLine: 6, toLine: 9, steps: [4, 9], firstStep: 4, endStep: 10 },
  ];
  const bookmarks = [
    { step: 3, note: 'a' },
    { step: 8, note: 'b' },
  ];
  const at = (cursor: number) => ({ cursor, steps: 12, chapters, bookmarks });

  test('every teaching key of the table has a command, and no playback or view key does', () => {
    for (const shortcut of SHORTCUTS) {
      for (const key of shortcut.keys) {
        const command = teachingCommand(key, at(0));
        const ours = shortcut.group === 'Teaching' || ['PageDown', 'PageUp', '>', '<', '?'].includes(key);
        expect(command !== null, `${key}: ${shortcut.does}`).toBe(ours);
      }
    }
  });

  test('chapters and bookmarks move the cursor; with none left, the key says why', () => {
    expect(teachingCommand(']', at(0))).toEqual({ kind: 'move', to: 4 });
    expect(teachingCommand('[', at(6))).toEqual({ kind: 'move', to: 4 });
    expect(teachingCommand(']', at(6))).toEqual({ kind: 'nothing', why: 'This is the last chapter' });
    expect(teachingCommand('}', at(3))).toEqual({ kind: 'move', to: 8 });
    expect(teachingCommand('{', at(3))).toEqual({ kind: 'nothing', why: 'No bookmark before this step' });
    expect(teachingCommand(']', { cursor: 0, steps: 3, chapters: [], bookmarks: [] })).toEqual({ kind: 'nothing', why: 'This scenario has no chapters (mark them with # %% Title)' });
    expect(teachingCommand('b', at(7))).toEqual({ kind: 'bookmark', step: 7 });
    expect(teachingCommand('PageDown', at(7))).toEqual({ kind: 'step', by: 1 });
  });
});
