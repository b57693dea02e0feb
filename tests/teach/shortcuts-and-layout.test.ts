/** The shortcut table's own rules, and the layout checker the browser tests use. */
import { describe, expect, test } from 'vitest';
import { SHORTCUTS, chordOf, keyLabel } from '../../renderer/teach/shortcuts.ts';
import { outsideViewport, overlappingPairs } from '../browser/layout.ts';

describe('the shortcut table', () => {
  test('no key does two things', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
  test('every key is written as chordOf reads it from a keyboard event', () => {
    for (const key of SHORTCUTS.flatMap((s) => s.keys)) {
      const shift = key.startsWith('Shift+');
      const name = shift ? key.slice('Shift+'.length) : key;
      expect(chordOf({ key: name, shiftKey: shift })).toBe(key);
    }
    expect(chordOf({ key: 'B', shiftKey: true })).toBe('b');
    expect(chordOf({ key: '?', shiftKey: true })).toBe('?');
  });
  test('keys as the sheet shows them', () => {
    expect([' ', 'Shift+ArrowRight', 'PageDown', '+', 't', ']'].map(keyLabel)).toEqual(['Space', 'Shift + →', 'Page Down', '+', 'T', ']']);
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
