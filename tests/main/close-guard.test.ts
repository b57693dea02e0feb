/**
 * Unsaved changes are never dropped without asking: the close prompt's answers (Save, Don't Save,
 * Cancel, and a Save As that is cancelled), through main's logic with the dialogs and the page
 * scripted (desk.ts); the window's close event held until the answer; a quit that carries on or
 * stops with it; and the same question before another document replaces one with edits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloseGuard, leaveAnswer } from '../../main/electron/close-guard.ts';
import { backupsIn, desk } from './desk.ts';
import { sleep, waitFor } from './support.ts';


async function editedFile() {
  const d = desk();
  const file = join(d.dir, 'lesson.py');
  writeFileSync(file, 'x = 1\n');
  await d.controller.openPath(file, 'dialog');
  d.type('x = 2\n');
  await d.hotExit.write(d.document!);
  expect(backupsIn(d.backupsDir)).toHaveLength(1);
  return Object.assign(d, { file });
}

describe('the close prompt (confirmLeave)', () => {
  it('asks nothing when there is nothing unsaved', async () => {
    const d = desk();
    const file = join(d.dir, 'a.py');
    writeFileSync(file, 'x = 1\n');
    await d.controller.openPath(file, 'dialog');
    expect(await d.session.confirmLeave()).toBe(true);
    expect(d.asked).toEqual([]);
    d.controller.close();
  });

  it('asks Save / Don’t Save / Cancel about the document by name', async () => {
    const d = await editedFile();
    d.answers.push(2);
    await d.session.confirmLeave();
    expect(d.asked).toEqual([
      {
        type: 'warning',
        message: 'Do you want to save the changes you made to lesson.py?',
        detail: 'Your changes will be lost if you don’t save them.',
        buttons: ['Save', 'Don’t Save', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
      },
    ]);
    d.controller.close();
  });

  it('Save: writes the editor’s text (even the keys typed after the last report), deletes the backup, lets the window go', async () => {
    const d = await editedFile();
    d.type('x = 3  # typed just before Ctrl+W\n', false);
    d.answers.push(0);
    expect(await d.session.confirmLeave()).toBe(true);
    expect(readFileSync(d.file, 'utf8')).toBe('x = 3  # typed just before Ctrl+W\n');
    expect(backupsIn(d.backupsDir)).toEqual([]);
    d.controller.close();
  });

  it('Don’t Save: the file stays as it was, the backup goes, the window goes', async () => {
    const d = await editedFile();
    d.answers.push(1);
    expect(await d.session.confirmLeave()).toBe(true);
    expect(readFileSync(d.file, 'utf8')).toBe('x = 1\n');
    expect(backupsIn(d.backupsDir)).toEqual([]);
    d.controller.close();
  });

  it('Cancel: nothing is written or deleted, the window stays', async () => {
    const d = await editedFile();
    d.answers.push(2);
    expect(await d.session.confirmLeave()).toBe(false);
    expect(readFileSync(d.file, 'utf8')).toBe('x = 1\n');
    expect(backupsIn(d.backupsDir)).toHaveLength(1);
    expect(d.document?.dirty).toBe(true);
    d.controller.close();
  });

  it('Save of an untitled document goes through Save As; cancelling that cancels the close', async () => {
    const d = desk();
    await d.session.newScenario();
    d.type('print("draft")\n');
    d.answers.push(0);
    d.savePaths.push(null);
    expect(await d.session.confirmLeave()).toBe(false);
    expect(d.saveDialogs).toEqual([join(d.dir, 'Documents', 'Untitled-1.py')]);
    expect(d.document?.dirty).toBe(true);
    // Asked again, this time a place is chosen: saved there, and the window may go.
    d.answers.push(0);
    d.savePaths.push(join(d.dir, 'draft.py'));
    expect(await d.session.confirmLeave()).toBe(true);
    expect(readFileSync(join(d.dir, 'draft.py'), 'utf8')).toBe('print("draft")\n');
    d.controller.close();
  });

  it('Save that fails (or meets a conflict that is cancelled) keeps the window', async () => {
    const d = await editedFile();
    writeFileSync(d.file, 'x = changed elsewhere\n');
    d.answers.push(0, 2); // Save, then Cancel at the conflict
    expect(await d.session.confirmLeave()).toBe(false);
    expect(d.asked.map((box) => box.message)).toEqual(['Do you want to save the changes you made to lesson.py?', '“lesson.py” has changed on disk since you opened it.']);
    expect(readFileSync(d.file, 'utf8')).toBe('x = changed elsewhere\n');
    d.controller.close();
  });

  it('a page that does not answer is waited for only so long: main asks about the text it has', async () => {
    const d = desk({ pageHung: true });
    const file = join(d.dir, 'a.py');
    writeFileSync(file, 'x = 1\n');
    await d.controller.openPath(file, 'dialog');
    d.type('x = 2\n');
    d.answers.push(0);
    expect(await d.session.confirmLeave()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('x = 2\n');
    d.controller.close();
  });

  it('maps the box’s buttons to answers; Escape or a closed box is Cancel', () => {
    expect([0, 1, 2, 3, -1].map(leaveAnswer)).toEqual(['save', 'discard', 'cancel', 'cancel', 'cancel']);
  });
});

describe('before another document replaces one with edits', () => {
  it('Cancel keeps it on screen; Don’t Save lets the other one in', async () => {
    const d = await editedFile();
    d.answers.push(2);
    expect(await d.controller.openGallery('02-three-coroutines-gathered.py')).toBe(false);
    expect(d.document?.name).toBe('lesson.py');
    d.answers.push(1);
    expect(await d.controller.openGallery('02-three-coroutines-gathered.py')).toBe(true);
    expect(d.document?.name).toBe('02-three-coroutines-gathered.py');
    expect(backupsIn(d.backupsDir)).toEqual([]);
    d.answers.push(0); // never asked: the gallery scenario has no edits
    expect(await d.session.newScenario()).toBe(true);
    expect(d.asked).toHaveLength(2);
    d.controller.close();
  });

  it('opening the same file again keeps its edits instead of asking', async () => {
    const d = await editedFile();
    expect(await d.controller.openPath(d.file, 'recent')).toBe(true);
    expect(d.asked).toEqual([]);
    expect(d.document?.text).toBe('x = 2\n');
    d.controller.close();
  });
});

describe('CloseGuard: the window’s close event', () => {
  function window() {
    const calls: string[] = [];
    return { calls, close: () => calls.push('close') };
  }
  function event() {
    let prevented = false;
    return {
      preventDefault: () => {
        prevented = true;
      },
      get prevented() {
        return prevented;
      },
    };
  }

  it('holds the close until the answer, then closes for real; a quit under way carries on', async () => {
    let answer: (go: boolean) => void = () => {};
    const quits: string[] = [];
    const guard = new CloseGuard(() => new Promise((resolve) => (answer = resolve)), () => quits.push('quit'));
    const win = window();
    guard.beforeQuit();
    const first = event();
    guard.close(first, win);
    expect(first.prevented).toBe(true);
    // A second Ctrl+W while the question is up does not ask twice.
    guard.close(event(), win);
    answer(true);
    await sleep(0);
    expect(win.calls).toEqual(['close']);
    expect(quits).toEqual(['quit']);
    // The close it made itself goes through.
    const second = event();
    guard.close(second, win);
    expect(second.prevented).toBe(false);
  });

  it('Cancel keeps the window, and a quit that was under way stops', async () => {
    const answers = [false, true];
    const quits: string[] = [];
    const guard = new CloseGuard(async () => answers.shift()!, () => quits.push('quit'));
    const win = window();
    guard.beforeQuit();
    guard.close(event(), win);
    await waitFor(() => answers.length === 1, 1000, 'the first answer');
    expect(win.calls).toEqual([]);
    // Later the window is closed on its own (no quit): it closes, and the app does not quit.
    guard.close(event(), win);
    await waitFor(() => win.calls.length === 1, 1000, 'the close');
    expect(quits).toEqual([]);
  });

  it('a question that fails keeps the window (the backup is on disk) and says why', async () => {
    const reported: unknown[] = [];
    const guard = new CloseGuard(() => Promise.reject(new Error('dialog died')), () => {}, (error) => reported.push(error));
    const win = window();
    const e = event();
    guard.close(e, win);
    await waitFor(() => reported.length === 1, 1000, 'the report');
    expect(e.prevented).toBe(true);
    expect(win.calls).toEqual([]);
    // A new window is guarded afresh.
    guard.reset();
  });
});
