/**
 * Atomic saves on a real disk: the new bytes replace the old in one rename, the original's mode is
 * kept, no temporary file is left, and a failure at any moment (mid-write, at the flush, at the
 * rename) leaves the old file byte for byte, with a message that names the file and says what to
 * do. Failures are made by a file system that passes every call to the real one except the one
 * told to fail.
 */
import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as realFs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTemporaryOf, SaveError, temporaryNameFor, writeFileAtomic, type AtomicFs, type WritableHandle } from '../../main/electron/atomic-write.ts';
import { tempDir } from './support.ts';

const real = realFs as unknown as AtomicFs;

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** The real file system, with one call replaced. */
function faulty(overrides: Partial<AtomicFs>, handleOverrides: Partial<WritableHandle> = {}): AtomicFs & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    lstat: (path) => real.lstat(path),
    access: (path, mode) => real.access(path, mode),
    rename: (from, to) => real.rename(from, to),
    unlink: (path) => real.unlink(path),
    readdir: (path) => real.readdir(path),
    open: async (path, flags, mode) => {
      opened.push(`${flags} ${path}`);
      const handle = await realFs.open(path, flags, mode);
      // An override runs with the real handle as `this`, so it can pass some calls through.
      const call = <K extends keyof WritableHandle>(key: K): WritableHandle[K] =>
        ((handleOverrides[key] ?? (handle as unknown as WritableHandle)[key]) as (...args: unknown[]) => unknown).bind(handle) as WritableHandle[K];
      return { write: call('write'), chmod: call('chmod'), sync: call('sync'), close: call('close') };
    },
    ...overrides,
  };
}

const listing = (dir: string) => readdirSync(dir).sort();

describe('writeFileAtomic', () => {
  it('creates a new file with exactly the bytes given, and leaves nothing else', async () => {
    const dir = tempDir();
    const file = join(dir, 'new.py');
    await writeFileAtomic(file, 'print("hello")\n');
    expect(readFileSync(file, 'utf8')).toBe('print("hello")\n');
    expect(listing(dir)).toEqual(['new.py']);
    // A new file gets the usual mode, through the umask (0o666 & ~0o022 here).
    expect(statSync(file).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('replaces an existing file and keeps its mode', async () => {
    const dir = tempDir();
    for (const mode of [0o600, 0o754, 0o640, 0o664, 0o777]) {
      const file = join(dir, `mode-${mode.toString(8)}.py`);
      writeFileSync(file, 'old\n');
      chmodSync(file, mode);
      await writeFileAtomic(file, new Uint8Array([0x6e, 0x65, 0x77, 0x0a]));
      expect(readFileSync(file, 'utf8')).toBe('new\n');
      expect(statSync(file).mode & 0o7777).toBe(mode);
    }
    expect(listing(dir).filter((entry) => entry.endsWith('.loopscope-tmp'))).toEqual([]);
  });

  it('replaces the file by a rename: the old inode is left whole for whoever still has it open', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.py');
    writeFileSync(file, 'old\n');
    const before = statSync(file).ino;
    const reader = await realFs.open(file, 'r');
    await writeFileAtomic(file, 'new, and longer\n');
    expect(statSync(file).ino).not.toBe(before);
    expect((await reader.readFile()).toString()).toBe('old\n');
    await reader.close();
  });

  it('fsyncs the temporary file before the rename, and the folder after it', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.py');
    const events: string[] = [];
    const fs = faulty(
      {
        rename: async (from, to) => {
          events.push('rename');
          await real.rename(from, to);
        },
      },
      {},
    );
    const open = fs.open;
    fs.open = async (path, flags, mode) => {
      const handle = await open(path, flags, mode);
      const what = path === dir ? 'folder' : 'temporary';
      return { ...handle, sync: async () => (events.push(`sync ${what}`), handle.sync()) };
    };
    await writeFileAtomic(file, 'x\n', { fs, platform: 'linux' });
    expect(events).toEqual(['sync temporary', 'rename', 'sync folder']);
    // Windows cannot open a folder to flush it: not tried there.
    events.length = 0;
    await writeFileAtomic(file, 'y\n', { fs, platform: 'win32' });
    expect(events).toEqual(['sync temporary', 'rename']);
  });

  it.each<[string, Partial<AtomicFs>, Partial<WritableHandle>, RegExp]>([
    [
      'the disk filling up half way through the write',
      {},
      {
        // Writes part of the data, then the disk is full.
        async write(this: realFs.FileHandle, data, offset, length, position) {
          if (offset === 0) return this.write(data, 0, Math.floor(length / 2), position);
          throw errno('ENOSPC');
        },
      },
      /The disk is full: “.*old\.py” was not saved\. The file on disk is unchanged\. Free some space, or use Save As…/,
    ],
    ['the flush failing', {}, { sync: () => Promise.reject(errno('EIO')) }, /The disk reported an error while saving “.*old\.py”\. The file on disk is unchanged\./],
    ['the rename failing', { rename: () => Promise.reject(errno('EXDEV')) }, {}, /Cannot save “.*old\.py”: EXDEV: simulated\. The file on disk is unchanged\./],
  ])('leaves the old file byte for byte, and no temporary file, after %s', async (_what, overrides, handleOverrides, message) => {
    const dir = tempDir();
    const file = join(dir, 'old.py');
    const old = Buffer.from('# the old version\n'.repeat(200));
    writeFileSync(file, old);
    chmodSync(file, 0o640);
    const error = await writeFileAtomic(file, 'x'.repeat(64 * 1024), { fs: faulty(overrides, handleOverrides) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaveError);
    expect((error as SaveError).message).toMatch(message);
    expect(readFileSync(file).equals(old)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(listing(dir)).toEqual(['old.py']);
  });

  it.each<[string, string, RegExp]>([
    ['a folder it may not write in', 'EACCES', /Loopscope is not allowed to write in “.*”, so “a\.py” was not saved\. Nothing was written\. Use Save As…/],
    ['a read-only disk', 'EROFS', /“.*” is on a read-only disk, so “a\.py” was not saved\. Use Save As…/],
    ['a folder that was deleted', 'ENOENT', /The folder “.*” no longer exists, so “a\.py” was not saved\. Use Save As…/],
    ['a full disk', 'ENOSPC', /The disk is full: “.*a\.py” was not saved\. Nothing was written\./],
  ])('names the file and what to do for %s', async (_what, code, message) => {
    const dir = tempDir();
    const fs = faulty({ open: () => Promise.reject(errno(code)) });
    await expect(writeFileAtomic(join(dir, 'a.py'), 'x\n', { fs })).rejects.toThrow(message);
    expect(listing(dir)).toEqual([]);
  });

  it('keeps a read-only file read-only instead of replacing it', async () => {
    const dir = tempDir();
    const file = join(dir, 'locked.py');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o444);
    // The test may run as root, for whom access() allows everything: ask as a user would be answered.
    const fs = faulty({ access: () => Promise.reject(errno('EACCES')) });
    await expect(writeFileAtomic(file, 'new\n', { fs })).rejects.toThrow(/“.*locked\.py” is read-only\. The file on disk is unchanged\. Make it writable, or use Save As…/);
    expect(readFileSync(file, 'utf8')).toBe('old\n');
  });

  it('refuses to replace a symbolic link, a folder or a device with a file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'target.py'), 'target\n');
    symlinkSync(join(dir, 'target.py'), join(dir, 'link.py'));
    await expect(writeFileAtomic(join(dir, 'link.py'), 'x\n')).rejects.toThrow(/“.*link\.py” is a symbolic link\. Loopscope saves only to regular files: use Save As…/);
    expect(lstatSync(join(dir, 'link.py')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.py'), 'utf8')).toBe('target\n');
    await expect(writeFileAtomic(dir, 'x\n')).rejects.toThrow(/is a folder\. Use Save As…/);
    await expect(writeFileAtomic('/dev/null', 'x\n')).rejects.toThrow(/is not a regular file/);
  });

  it('removes temporary files that killed saves of the same file left, and no one else’s', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.py');
    const stale = temporaryNameFor(file, 'deadbeef');
    const otherFiles = temporaryNameFor(join(dir, 'b.py'), 'deadbeef');
    writeFileSync(stale, 'half a sa');
    writeFileSync(otherFiles, 'half of b');
    writeFileSync(join(dir, '.a.py.notes.loopscope-tmp'), 'not ours: no 8-digit tag');
    await writeFileAtomic(file, 'whole\n');
    expect(listing(dir)).toEqual(['.a.py.notes.loopscope-tmp', '.b.py.deadbeef.loopscope-tmp', 'a.py']);
    expect(isTemporaryOf(file, '.a.py.0123abcd.loopscope-tmp')).toBe(true);
    expect(isTemporaryOf(file, '.ba.py.0123abcd.loopscope-tmp')).toBe(false);
  });

  it('runs overlapping saves of one file one after another: the last one wins, whole', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.py');
    const versions = Array.from({ length: 20 }, (_, i) => `# version ${i}\n${'x'.repeat(1000 * (20 - i))}\n`);
    await Promise.all(versions.map((version) => writeFileAtomic(file, version)));
    expect(readFileSync(file, 'utf8')).toBe(versions.at(-1));
    expect(listing(dir)).toEqual(['a.py']);
  });

  it('retries a rename that Windows refuses for a moment (a scanner holding the file)', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.py');
    let refusals = 2;
    const fs = faulty({ rename: (from, to) => (refusals-- > 0 ? Promise.reject(errno('EBUSY')) : real.rename(from, to)) });
    await writeFileAtomic(file, 'x\n', { fs, platform: 'win32' });
    expect(readFileSync(file, 'utf8')).toBe('x\n');
    // Elsewhere such a failure is not transient: reported at once.
    refusals = 1;
    await expect(writeFileAtomic(file, 'y\n', { fs, platform: 'linux' })).rejects.toThrow(SaveError);
    expect(readFileSync(file, 'utf8')).toBe('x\n');
  });
});
