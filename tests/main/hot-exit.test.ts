/**
 * Hot exit: a buffer with unsaved changes is backed up to userData/Backups a moment after each
 * change (throttled, so steady typing is backed up too), and after a crash the next start
 * restores the newest one, marked unsaved, with its file or as untitled. A save, Don't Save or
 * undoing back to the file's text deletes it. The "crash" here is a desk dropped without
 * closing anything; a new desk on the same Backups folder is the next start.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backup, BackupStore, HotExit } from '../../main/electron/backups.ts';
import { ScenarioDocument } from '../../main/electron/document.ts';
import { backupsIn, desk } from './desk.ts';
import { sleep, tempDir, waitFor } from './support.ts';

const readBackup = (dir: string): Backup => Backup.parse(JSON.parse(readFileSync(join(dir, backupsIn(dir)[0]!), 'utf8')));

describe('hot exit', () => {
  it('backs up an edited buffer a moment after the change, with the file it belongs to', async () => {
    const d = desk({ backupDelayMs: 50 });
    const file = join(d.dir, 'lesson.py');
    writeFileSync(file, 'x = 1\n');
    await d.controller.openPath(file, 'dialog');
    d.type('x = 2\n');
    expect(backupsIn(d.backupsDir)).toEqual([]);
    await waitFor(() => backupsIn(d.backupsDir).length === 1, 2000, 'the backup');
    expect(readBackup(d.backupsDir)).toMatchObject({ kind: 'file', path: file, name: 'lesson.py', source: 'x = 2\n', basis: d.document!.basis!.fingerprint });
    d.controller.close();
  });

  it('keeps backing up while the person keeps typing (a throttle, not a debounce)', async () => {
    const d = desk({ backupDelayMs: 60 });
    await d.session.newScenario();
    // A keystroke every 20 ms for 300 ms: a debounce would not fire before the typing stops.
    for (let i = 0; i < 15; i++) {
      d.type(`print(${i})\n`);
      await sleep(20);
      if (i === 10) expect(backupsIn(d.backupsDir)).toHaveLength(1);
    }
    await waitFor(() => readBackup(d.backupsDir).source === 'print(14)\n', 2000, 'the last change backed up');
    d.controller.close();
  });

  it('after a crash, the next start restores the buffer with its file, marked unsaved, and Save writes it there', async () => {
    const first = desk();
    const file = join(first.dir, 'lesson.py');
    writeFileSync(file, 'x = 1\r\n');
    await first.controller.openPath(file, 'dialog');
    first.type('x = 2\ny = 3\n');
    await waitFor(() => backupsIn(first.backupsDir).length === 1, 2000, 'the backup');
    first.hotExit.dispose(); // the crash: nothing more happens in this process

    const next = desk({ backupsDir: first.backupsDir });
    expect(await next.session.restoreBackup()).toBe(true);
    expect(next.delivered[0]).toMatchObject({ file, name: 'lesson.py', source: 'x = 2\ny = 3\n', reload: false, unsaved: true });
    expect(next.document).toMatchObject({ kind: 'file', path: file, dirty: true });
    expect(await next.save()).toBe('saved');
    // Written with the file's own line breaks; the backup is gone.
    expect(readFileSync(file, 'utf8')).toBe('x = 2\r\ny = 3\r\n');
    expect(backupsIn(next.backupsDir)).toEqual([]);
    next.controller.close();
  });

  it('restores an untitled buffer as untitled, under its name; its Save asks where', async () => {
    const first = desk();
    await first.session.newScenario();
    first.type('print("draft")\n');
    await waitFor(() => backupsIn(first.backupsDir).length === 1, 2000, 'the backup');
    first.hotExit.dispose();

    const next = desk({ backupsDir: first.backupsDir });
    expect(await next.session.restoreBackup()).toBe(true);
    expect(next.delivered[0]).toMatchObject({ file: 'Untitled-1', name: 'Untitled-1', source: 'print("draft")\n', unsaved: true });
    expect(next.document).toMatchObject({ kind: 'untitled', dirty: true });
    // A new untitled document does not take the restored one's name.
    next.answers.push(2);
    expect(await next.session.newScenario()).toBe(false);
    next.savePaths.push(join(next.dir, 'draft.py'));
    expect(await next.save()).toBe('saved');
    expect(next.saveDialogs).toEqual([join(next.dir, 'Documents', 'Untitled-1.py')]);
    expect(backupsIn(next.backupsDir)).toEqual([]);
    next.controller.close();
  });

  it('a restored buffer still notices a change made on disk while the app was down', async () => {
    const first = desk();
    const file = join(first.dir, 'lesson.py');
    writeFileSync(file, 'x = 1\n');
    await first.controller.openPath(file, 'dialog');
    first.type('x = mine\n');
    await waitFor(() => backupsIn(first.backupsDir).length === 1, 2000, 'the backup');
    first.hotExit.dispose();
    writeFileSync(file, 'x = theirs\n');

    const next = desk({ backupsDir: first.backupsDir });
    await next.session.restoreBackup();
    next.answers.push(2);
    expect(await next.save()).toBe('cancelled');
    expect(next.asked[0]?.message).toBe('“lesson.py” has changed on disk since you opened it.');
    expect(readFileSync(file, 'utf8')).toBe('x = theirs\n');
    next.controller.close();
  });

  it('restores the newest backup first; the others wait their turn', async () => {
    const dir = join(tempDir(), 'Backups');
    const store = new BackupStore(dir);
    const older = new ScenarioDocument({ id: 1, kind: 'untitled', path: null, name: 'Untitled-1', display: 'Untitled-1', basis: null, pristine: null, buffer: 'old = 1\n' });
    const newer = new ScenarioDocument({ id: 2, kind: 'untitled', path: null, name: 'Untitled-2', display: 'Untitled-2', basis: null, pristine: null, buffer: 'new = 1\n' });
    let now = 1000;
    const hotExit = new HotExit({ store, now: () => now++ });
    await hotExit.write(older);
    await hotExit.write(newer);
    const d = desk({ backupsDir: dir });
    await d.session.restoreBackup();
    expect(d.document?.name).toBe('Untitled-2');
    expect(backupsIn(dir)).toHaveLength(2);
    d.controller.close();
  });

  it('has nothing to restore when the backup is what the file holds anyway (saved just before the crash)', async () => {
    const first = desk();
    const file = join(first.dir, 'lesson.py');
    writeFileSync(file, 'x = 1\n');
    await first.controller.openPath(file, 'dialog');
    first.type('x = 2\n');
    await first.hotExit.write(first.document!);
    writeFileSync(file, 'x = 2\n');

    const next = desk({ backupsDir: first.backupsDir });
    expect(await next.session.restoreBackup()).toBe(false);
    expect(next.delivered).toEqual([]);
    expect(backupsIn(next.backupsDir)).toEqual([]);
  });

  it('skips unreadable files in the Backups folder instead of failing to start', async () => {
    const dir = join(tempDir(), 'Backups');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '0123456789abcdef.json'), '{"format": "loopscope-backup", "version": 1, "sou');
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const d = desk({ backupsDir: dir });
    expect(await d.session.restoreBackup()).toBe(false);
    expect(await new BackupStore(dir).list()).toEqual([]);
  });

  it('deletes the backup when the buffer is saved, or undone back to the file’s text', async () => {
    const d = desk();
    const file = join(d.dir, 'lesson.py');
    writeFileSync(file, 'x = 1\n');
    await d.controller.openPath(file, 'dialog');
    d.type('x = 2\n');
    await waitFor(() => backupsIn(d.backupsDir).length === 1, 2000, 'the backup');
    d.type('x = 1\n');
    await waitFor(() => backupsIn(d.backupsDir).length === 0, 2000, 'the backup deleted after the undo');
    d.type('x = 3\n');
    await waitFor(() => backupsIn(d.backupsDir).length === 1, 2000, 'the second backup');
    expect(await d.save()).toBe('saved');
    expect(backupsIn(d.backupsDir)).toEqual([]);
    // And no backup written after the save by a timer that was still pending.
    await sleep(100);
    expect(backupsIn(d.backupsDir)).toEqual([]);
    d.controller.close();
  });

  it('a deletion is never undone by a backup write that was still in flight', async () => {
    const dir = join(tempDir(), 'Backups');
    const store = new BackupStore(dir);
    const hotExit = new HotExit({ store });
    const document = new ScenarioDocument({ id: 1, kind: 'untitled', path: null, name: 'Untitled-1', display: 'Untitled-1', basis: null, pristine: null, buffer: 'x = 1\n' });
    for (let i = 0; i < 20; i++) {
      const writing = hotExit.write(document);
      const deleting = hotExit.discard(document);
      await Promise.all([writing, deleting]);
      expect(backupsIn(dir)).toEqual([]);
    }
  });

  it('writes backups readable only by the person (they hold their text)', async () => {
    const dir = join(tempDir(), 'Backups');
    const store = new BackupStore(dir);
    const document = new ScenarioDocument({ id: 1, kind: 'untitled', path: null, name: 'Untitled-1', display: 'Untitled-1', basis: null, pristine: null, buffer: 'x = 1\n' });
    await new HotExit({ store }).write(document);
    const { statSync } = await import('node:fs');
    expect(statSync(join(dir, backupsIn(dir)[0]!)).mode & 0o777).toBe(0o600);
  });
});
