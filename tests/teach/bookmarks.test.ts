/** Bookmarks: marking steps with notes, the jump keys, and their trip through a link and a settings file. */
import { describe, expect, test } from 'vitest';
import {
  BookmarksSetting,
  MAX_BOOKMARKS,
  MAX_NOTE,
  cleanNote,
  neighbourBookmark,
  readBookmarkParams,
  removeBookmark,
  setBookmark,
  withinRun,
  writeBookmarkParams,
} from '../../renderer/teach/bookmarks.ts';

describe('marking steps', () => {
  test('one bookmark per step, in step order; marking again changes the note', () => {
    let marks = setBookmark([], 10, 'gathered starts');
    marks = setBookmark(marks, 3, 'the clock jumps');
    marks = setBookmark(marks, 10, 'gather starts');
    expect(marks).toEqual([
      { step: 3, note: 'the clock jumps' },
      { step: 10, note: 'gather starts' },
    ]);
    expect(removeBookmark(marks, 3)).toEqual([{ step: 10, note: 'gather starts' }]);
  });

  test('notes are one clean line of at most MAX_NOTE characters', () => {
    expect(cleanNote('  two\nlines\tand\u0007 a bell ')).toBe('two lines and a bell');
    const long = cleanNote('é'.repeat(500));
    expect([...long]).toHaveLength(MAX_NOTE);
    expect(long.endsWith('…')).toBe(true);
  });

  test('the jump keys go to the next and the previous bookmark', () => {
    const marks = [3, 10, 20].map((step) => ({ step, note: '' }));
    expect(neighbourBookmark(marks, 0, 1)?.step).toBe(3);
    expect(neighbourBookmark(marks, 10, 1)?.step).toBe(20);
    expect(neighbourBookmark(marks, 20, 1)).toBeNull();
    expect(neighbourBookmark(marks, 10, -1)?.step).toBe(3);
    expect(neighbourBookmark(marks, 3, -1)).toBeNull();
    expect(withinRun(marks, 12).map((m) => m.step)).toEqual([3, 10]);
  });
});

describe('in a link', () => {
  test('a round trip through the fragment, next to what the share link carries', () => {
    const params = new URLSearchParams({ gallery: '02-three-coroutines-gathered.py', step: '4' });
    writeBookmarkParams(params, [
      { step: 10, note: '' },
      { step: 3, note: 'the clock jumps: 0 → 1 s & more' },
    ]);
    const fragment = params.toString();
    expect(fragment).toBe('gallery=02-three-coroutines-gathered.py&step=4&mark=3%3Athe+clock+jumps%3A+0+%E2%86%92+1+s+%26+more&mark=10');
    expect(readBookmarkParams(new URLSearchParams(fragment))).toEqual([
      { step: 3, note: 'the clock jumps: 0 → 1 s & more' },
      { step: 10, note: '' },
    ]);
  });

  test('a hostile link gives clean, bounded bookmarks', () => {
    const params = new URLSearchParams();
    for (let i = 0; i < 1000; i++) params.append('mark', `${i}:${'x'.repeat(1000)}\u0000`);
    params.append('mark', '-1:negative');
    params.append('mark', '1e5:not a number');
    params.append('mark', '99999999999:too big');
    const marks = readBookmarkParams(params);
    expect(marks).toHaveLength(MAX_BOOKMARKS);
    expect(marks.every((m) => m.step >= 0 && m.step < 1000 && [...m.note].length <= MAX_NOTE && !m.note.includes('\u0000'))).toBe(true);
  });
});

describe('with a file\'s settings', () => {
  test('parsed and cleaned, or refused when it is not a list of bookmarks', () => {
    expect(BookmarksSetting.parse([{ step: 5, note: 'b' }, { step: 2, note: 'a\nb' }])).toEqual([
      { step: 2, note: 'a b' },
      { step: 5, note: 'b' },
    ]);
    expect(BookmarksSetting.safeParse([{ step: -1, note: '' }]).success).toBe(false);
    expect(BookmarksSetting.safeParse({ step: 1 }).success).toBe(false);
  });
});
