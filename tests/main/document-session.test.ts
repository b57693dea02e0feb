/**
 * Editing on the desktop, below Electron (createDocuments, as main.ts wires it; the page and the
 * dialogs scripted): the unsaved marker, playing the page's text, New Scenario, Save and Save As
 * (line breaks and BOM kept, `.py` added, the Save dialog's starting place), conflicts with a
 * change made on disk meanwhile, and a change on disk under the buffer's edits.
 */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEW_SCENARIO_SOURCE } from '../../main/common/scenario-template.ts';
import { desk } from './desk.ts';
import { GALLERY, sleep, waitFor } from './support.ts';

async function openFile(text = 'x = 1\n', name = 'a.py') {
  const d = desk();
  const file = join(d.dir, name);
  writeFileSync(file, text);
  expect(await d.controller.openPath(file, 'dialog')).toBe(true);
  return Object.assign(d, { file });
}

describe('the unsaved marker', () => {
  it('appears with the first edit and goes when the text is back to the file’s', async () => {
    const d = await openFile();
    try {
      d.type('x = 2\n');
      expect(d.document?.dirty).toBe(true);
      d.type('x = 1\n');
      expect(d.titles).toEqual(['● a.py — Loopscope', 'a.py — Loopscope']);
    } finally {
      d.controller.close();
    }
  });

  it('ignores text meant for a document that is no longer on screen', async () => {
    const d = await openFile();
    try {
      const old = d.page.document!;
      expect(await d.controller.openGallery('02-three-coroutines-gathered.py')).toBe(true);
      d.session.bufferChanged(old, { source: 'stale\n', dirty: true });
      expect(d.document?.dirty).toBe(false);
      expect(d.session.play(old, 'stale\n')).toBe(false);
      expect(await d.session.save(old, 'stale\n', false)).toBe('cancelled');
    } finally {
      d.controller.close();
    }
  });
});

describe('playSource', () => {
  it('plays the page’s text as the open document, marked as an edit, without touching the file', async () => {
    const d = await openFile('x = 1\n');
    try {
      expect(d.session.play(d.page.document!, 'x = 42\n')).toBe(true);
      await waitFor(() => d.delivered.length === 2, 2000, 'the replay');
      expect(d.delivered[1]).toMatchObject({ file: d.file, name: 'a.py', source: 'x = 42\n', reload: true, edit: true, document: d.page.document });
      expect(readFileSync(d.file, 'utf8')).toBe('x = 1\n');
    } finally {
      d.controller.close();
    }
  });

  it('does not play a text over 1 MB: it says so, and the text can still be saved', async () => {
    const d = await openFile();
    try {
      const big = `x = 1\n${'#'.repeat(1_100_000)}\n`;
      d.session.play(d.page.document!, big);
      await waitFor(() => d.delivered.length === 2, 2000, 'the refusal');
      expect(d.jobs).toHaveLength(1);
      expect(d.delivered[1]!.outcome).toMatchObject({ kind: 'error', error: { kind: 'unsupported', message: expect.stringMatching(/1\.1 MB of text; Loopscope plays scenarios of up to 1 MB/) } });
      d.type(big);
      expect(await d.save()).toBe('saved');
      expect(readFileSync(d.file, 'utf8')).toBe(big);
    } finally {
      d.controller.close();
    }
  });
});

describe('New Scenario', () => {
  it('starts Untitled-1 from the template, plays it at once, and it is clean until edited', async () => {
    const d = desk();
    try {
      expect(await d.session.newScenario()).toBe(true);
      expect(d.delivered[0]).toMatchObject({ file: 'Untitled-1', name: 'Untitled-1', source: NEW_SCENARIO_SOURCE, reload: false });
      expect(d.document).toMatchObject({ kind: 'untitled', path: null, dirty: false });
      d.type(`${NEW_SCENARIO_SOURCE}print("mine")\n`);
      expect(d.titles.at(-1)).toBe('● Untitled-1 — Loopscope');
    } finally {
      d.controller.close();
    }
  });
});

describe('Save', () => {
  it('writes the editor’s text, keeping the file’s line breaks and byte order mark, and clears the marker', async () => {
    const d = await openFile('\uFEFFx = 1\r\ny = 2\r\n');
    try {
      d.type('x = 1\ny = 3\n');
      expect(await d.save()).toBe('saved');
      expect([...readFileSync(d.file)].slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
      expect(readFileSync(d.file, 'utf8')).toBe('\uFEFFx = 1\r\ny = 3\r\n');
      expect(d.document?.dirty).toBe(false);
      expect(d.titles.at(-1)).toBe('a.py — Loopscope');
      expect(d.saved).toEqual([d.file]);
      expect(d.asked).toEqual([]);
    } finally {
      d.controller.close();
    }
  });

  it('an untitled document asks where, starting in Documents as Untitled-1.py; a name without .py gets it', async () => {
    const d = desk();
    try {
      await d.session.newScenario();
      d.type('print("one")\n');
      d.savePaths.push(join(d.dir, 'mine'));
      expect(await d.save()).toBe('saved');
      expect(d.saveDialogs).toEqual([join(d.dir, 'Documents', 'Untitled-1.py')]);
      expect(readFileSync(join(d.dir, 'mine.py'), 'utf8')).toBe('print("one")\n');
      expect(d.document).toMatchObject({ kind: 'file', path: join(d.dir, 'mine.py'), name: 'mine.py', dirty: false });
      // The page learns the new name: the text is played again under it, as an edit.
      await waitFor(() => d.delivered.at(-1)?.name === 'mine.py', 2000, 'the replay under the new name');
      expect(d.delivered.at(-1)).toMatchObject({ file: join(d.dir, 'mine.py'), edit: true, reload: true });
      expect(d.saved).toEqual([join(d.dir, 'mine.py')]);
    } finally {
      d.controller.close();
    }
  });

  it('a gallery scenario is saved as a copy (Save As), never over the gallery', async () => {
    const d = desk();
    try {
      await d.controller.openGallery('02-three-coroutines-gathered.py');
      d.type('print("changed")\n');
      d.savePaths.push(null);
      expect(await d.save()).toBe('cancelled');
      expect(d.saveDialogs).toEqual([join(d.dir, 'Documents', '02-three-coroutines-gathered.py')]);
      expect(readFileSync(join(GALLERY, '02-three-coroutines-gathered.py'), 'utf8')).not.toContain('changed');
      expect(d.document?.dirty).toBe(true);
    } finally {
      d.controller.close();
    }
  });

  it('asks before replacing another file when .py was added to the name typed', async () => {
    const d = desk();
    try {
      writeFileSync(join(d.dir, 'taken.py'), 'keep me\n');
      await d.session.newScenario();
      d.type('print(1)\n');
      d.savePaths.push(join(d.dir, 'taken'));
      d.answers.push(1); // Cancel
      expect(await d.save()).toBe('cancelled');
      expect(d.asked[0]).toMatchObject({ message: '“taken.py” already exists. Do you want to replace it?', buttons: ['Replace', 'Cancel'] });
      expect(readFileSync(join(d.dir, 'taken.py'), 'utf8')).toBe('keep me\n');
    } finally {
      d.controller.close();
    }
  });

  it('Save As to a new name moves the document there and watches that file', async () => {
    const d = await openFile('x = 1\n');
    try {
      d.type('x = 2\n');
      const copy = join(d.dir, 'copy.py');
      d.savePaths.push(copy);
      expect(await d.save(true)).toBe('saved');
      expect(d.saveDialogs).toEqual([d.file]);
      expect(readFileSync(d.file, 'utf8')).toBe('x = 1\n');
      expect(readFileSync(copy, 'utf8')).toBe('x = 2\n');
      await sleep(50);
      const before = d.delivered.length;
      writeFileSync(copy, 'x = 3\n');
      await waitFor(() => d.delivered.length > before && d.delivered.at(-1)?.source === 'x = 3\n', 3000, 'the reload of the new file');
      expect(d.delivered.at(-1)).toMatchObject({ file: copy, reload: true });
    } finally {
      d.controller.close();
    }
  });

  it('reports a failed save naming the file, and keeps the edits', async () => {
    const d = desk();
    try {
      await d.session.newScenario();
      d.type('print(1)\n');
      d.savePaths.push(join(d.dir, 'no-such-folder', 'x.py'));
      expect(await d.save()).toBe('failed');
      expect(d.errors).toEqual([['Could not save x.py', expect.stringMatching(/The folder “.*no-such-folder” no longer exists, so “x\.py” was not saved\. Use Save As…/)]]);
      expect(d.document?.dirty).toBe(true);
    } finally {
      d.controller.close();
    }
  });

  it('runs a second save after the first, not over it', async () => {
    const d = await openFile();
    try {
      d.type('x = 2\n');
      const first = d.save();
      d.type('x = 3\n');
      const second = d.save();
      expect(await Promise.all([first, second])).toEqual(['saved', 'saved']);
      expect(readFileSync(d.file, 'utf8')).toBe('x = 3\n');
      expect(d.document?.dirty).toBe(false);
      expect(d.asked).toEqual([]);
    } finally {
      d.controller.close();
    }
  });
});

describe('conflicts: the file changed on disk since it was opened or saved', () => {
  async function changedOnDisk() {
    const d = await openFile('x = 1\n');
    d.type('x = mine\n');
    // Another program writes the file; the watcher reports it to the page (not tested here).
    writeFileSync(d.file, 'x = theirs\n');
    return d;
  }

  it('Save asks instead of overwriting; Cancel keeps their version', async () => {
    const d = await changedOnDisk();
    try {
      d.answers.push(2);
      expect(await d.save()).toBe('cancelled');
      expect(d.asked[0]).toMatchObject({
        message: '“a.py” has changed on disk since you opened it.',
        buttons: ['Overwrite', 'Compare', 'Cancel'],
        cancelId: 2,
        defaultId: 2,
      });
      expect(readFileSync(d.file, 'utf8')).toBe('x = theirs\n');
      expect(d.document?.dirty).toBe(true);
    } finally {
      d.controller.close();
    }
  });

  it('Overwrite writes mine', async () => {
    const d = await changedOnDisk();
    try {
      d.answers.push(0);
      expect(await d.save()).toBe('saved');
      expect(readFileSync(d.file, 'utf8')).toBe('x = mine\n');
      // Now the file is the document's own version again: the next save asks nothing.
      d.type('x = mine, again\n');
      expect(await d.save()).toBe('saved');
      expect(d.asked).toHaveLength(1);
    } finally {
      d.controller.close();
    }
  });

  it('Compare hands both texts to the page and saves nothing', async () => {
    const d = await changedOnDisk();
    try {
      d.answers.push(1);
      expect(await d.save()).toBe('cancelled');
      expect(d.diskChanges.at(-1)).toEqual({ file: d.file, source: 'x = theirs\n', compare: true });
      expect(readFileSync(d.file, 'utf8')).toBe('x = theirs\n');
    } finally {
      d.controller.close();
    }
  });

  it('a touch (new modification time, same bytes) is not a conflict', async () => {
    const d = await openFile('x = 1\n');
    try {
      d.type('x = 2\n');
      utimesSync(d.file, new Date(), new Date(Date.now() + 60_000));
      expect(await d.save()).toBe('saved');
      expect(d.asked).toEqual([]);
    } finally {
      d.controller.close();
    }
  });

  it('a file deleted meanwhile is simply written again', async () => {
    const d = await openFile('x = 1\n');
    try {
      d.type('x = 2\n');
      const { rmSync } = await import('node:fs');
      rmSync(d.file);
      expect(await d.save()).toBe('saved');
      expect(readFileSync(d.file, 'utf8')).toBe('x = 2\n');
    } finally {
      d.controller.close();
    }
  });
});

describe('a change on disk', () => {
  it('reloads a buffer without edits', async () => {
    const d = await openFile('x = 1\n');
    try {
      await sleep(50);
      writeFileSync(d.file, 'x = 2\n');
      await waitFor(() => d.delivered.length === 2, 3000, 'the reload');
      expect(d.delivered[1]).toMatchObject({ source: 'x = 2\n', reload: true });
      expect(d.delivered[1]!.edit).toBeUndefined();
      expect(d.diskChanges).toEqual([]);
    } finally {
      d.controller.close();
    }
  });

  it('is handed to the page when the buffer has edits, even ones not reported yet (the flush brings them in)', async () => {
    const d = await openFile('x = 1\n');
    try {
      // Typed, but the page's debounce has not reported it: main learns of it by asking.
      d.type('x = mine\n', false);
      expect(d.document?.dirty).toBe(false);
      await sleep(50);
      writeFileSync(d.file, 'x = theirs\n');
      await waitFor(() => d.diskChanges.length === 1, 3000, 'the disk change');
      expect(d.diskChanges[0]).toEqual({ file: d.file, source: 'x = theirs\n' });
      expect(d.delivered).toHaveLength(1);
      expect(d.document?.text).toBe('x = mine\n');
    } finally {
      d.controller.close();
    }
  });

  it('taken by the page (its bar’s Reload), it becomes the clean state: the next save asks nothing', async () => {
    const d = await openFile('x = 1\n');
    try {
      d.type('x = mine\n');
      await sleep(50);
      writeFileSync(d.file, 'x = theirs\n');
      await waitFor(() => d.diskChanges.length === 1, 3000, 'the disk change');
      d.type('x = theirs\n');
      expect(d.document?.dirty).toBe(false);
      d.type('x = theirs, edited\n');
      expect(await d.save()).toBe('saved');
      expect(d.asked).toEqual([]);
    } finally {
      d.controller.close();
    }
  });

  it('our own save is not taken for someone else’s change', async () => {
    const d = await openFile('x = 1\n');
    try {
      d.type('x = 2\n');
      expect(await d.save()).toBe('saved');
      await sleep(400);
      expect(d.diskChanges).toEqual([]);
      expect(d.delivered).toHaveLength(1);
    } finally {
      d.controller.close();
    }
  });

  it('a slow save’s own change on disk is judged once the save is done, and is not taken for someone else’s', async () => {
    const d = desk({ slowSaveMs: 400 });
    const file = join(d.dir, 'slow.py');
    writeFileSync(file, 'x = 1\n');
    await d.controller.openPath(file, 'dialog');
    try {
      d.type('x = 2\n');
      // The watcher sees the rename 120 ms in, while the save is still finishing.
      expect(await d.save()).toBe('saved');
      await sleep(300);
      expect(d.diskChanges).toEqual([]);
      expect(d.delivered).toHaveLength(1);
    } finally {
      d.controller.close();
    }
  });

  it('File ▸ Reload with edits asks first; Cancel keeps them, Reload takes the disk’s text', async () => {
    const d = await openFile('x = 1\n');
    try {
      d.type('x = mine\n');
      d.answers.push(1);
      expect(await d.controller.reload()).toBe(false);
      expect(d.asked[0]).toMatchObject({ message: 'Reload a.py from disk and lose your changes?', buttons: ['Reload', 'Cancel'] });
      expect(d.document?.text).toBe('x = mine\n');
      d.answers.push(0);
      expect(await d.controller.reload()).toBe(true);
      // Edits given up: the page starts over with the file's text, not a replay it would question.
      expect(d.delivered.at(-1)).toMatchObject({ source: 'x = 1\n', reload: false });
      expect(d.document?.dirty).toBe(false);
    } finally {
      d.controller.close();
    }
  });
});
