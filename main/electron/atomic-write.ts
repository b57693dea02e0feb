/**
 * Writing a file so that a crash, a kill or a full disk never leaves half of it.
 *
 * The new bytes go to a temporary file in the same folder (same file system, so the rename below
 * is atomic), are flushed to the disk (fsync), given the original's permission bits, and only
 * then renamed over the original. POSIX rename replaces the directory entry in one step, so
 * whoever opens the path sees the old file or the new one, never a truncated one; after the
 * rename the folder is fsynced too, so the new entry itself survives a power cut (where the
 * platform allows: Windows cannot open a folder for that). On any failure the temporary file is
 * removed and the original is untouched. This is what VS Code (and vim, and git for its refs) do.
 *
 * A save that was killed outright (SIGKILL, power loss) cannot clean up after itself; the next
 * save of the same file removes the temporary files such a save left behind.
 *
 * The file-system calls are passed in (defaulting to node:fs/promises) so tests can make one of
 * them fail at a chosen moment.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The file-system calls used here: a subset of node:fs/promises. */
export interface AtomicFs {
  lstat(path: string): Promise<{ mode: number; isFile(): boolean; isSymbolicLink(): boolean; isDirectory(): boolean }>;
  access(path: string, mode: number): Promise<void>;
  open(path: string, flags: string, mode?: number): Promise<WritableHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

export interface WritableHandle {
  write(data: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  chmod(mode: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface AtomicWriteOptions {
  /** Permission bits of a new file (before the umask); an existing file keeps its own. */
  mode?: number;
  fs?: AtomicFs;
  platform?: NodeJS.Platform;
}

/** A file that could not be written; `message` is for the person saving, and names the file. */
export class SaveError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SaveError';
  }
}

const TEMPORARY_SUFFIX = '.loopscope-tmp';

/** `.counter.py.3f9a1c2e.loopscope-tmp`: hidden, beside the file, recognisably ours. */
export function temporaryNameFor(path: string, tag: string = randomBytes(4).toString('hex')): string {
  return join(dirname(path), `.${basename(path)}.${tag}${TEMPORARY_SUFFIX}`);
}

/** Whether `entry` (a name in the file's folder) is a temporary file of a save of `path`. */
export function isTemporaryOf(path: string, entry: string): boolean {
  const prefix = `.${basename(path)}.`;
  return entry.startsWith(prefix) && entry.endsWith(TEMPORARY_SUFFIX) && /^[0-9a-f]{8}$/.test(entry.slice(prefix.length, -TEMPORARY_SUFFIX.length));
}

// Saves of one path run one after another: two overlapping saves would each sweep the other's
// temporary file, and the order of their renames would be a race.
const queues = new Map<string, Promise<unknown>>();

/** Replace the file at `path` with `data`, atomically (see the top of this file). */
export function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => write(path, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, options));
  const settled = next.catch(() => {});
  queues.set(path, settled);
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return next;
}

async function write(path: string, bytes: Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const fs = options.fs ?? (nodeFs as unknown as AtomicFs);
  const platform = options.platform ?? process.platform;

  let mode = options.mode ?? 0o666;
  let keepMode = false;
  try {
    const existing = await fs.lstat(path);
    if (existing.isSymbolicLink()) {
      throw new SaveError(`“${path}” is a symbolic link. Loopscope saves only to regular files: use Save As… to choose the file it points to.`, path, 'ELINK');
    }
    if (existing.isDirectory()) throw new SaveError(`“${path}” is a folder. Use Save As… to choose a file name.`, path, 'EISDIR');
    if (!existing.isFile()) throw new SaveError(`“${path}” is not a regular file. Use Save As… to choose another name.`, path, 'ENOTREG');
    // The rename below would replace a read-only file without asking (only the folder's
    // permissions matter to it); a file someone made read-only is kept that way.
    await fs.access(path, constants.W_OK).catch((error: unknown) => {
      throw errorFor(error, path, true, 'read-only');
    });
    mode = existing.mode & 0o7777;
    keepMode = true;
  } catch (error) {
    if (error instanceof SaveError) throw error;
    if (codeOf(error) !== 'ENOENT') throw errorFor(error, path, true);
  }

  const temporary = temporaryNameFor(path);
  let handle: WritableHandle | null = null;
  let created = false;
  try {
    handle = await fs.open(temporary, 'wx', mode);
    created = true;
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, offset);
      offset += bytesWritten;
    }
    // The open's mode went through the umask; the original's bits are restored exactly.
    if (keepMode) await handle.chmod(mode);
    await handle.sync();
    await handle.close();
    handle = null;
    await renameOver(fs, temporary, path, platform);
    created = false;
  } catch (error) {
    if (handle !== null) await handle.close().catch(() => {});
    if (created) await fs.unlink(temporary).catch(() => {});
    throw errorFor(error, path, keepMode);
  }
  await syncFolder(dirname(path), fs, platform);
  await sweepTemporaries(path, fs);
}

/**
 * Windows refuses a rename over a file another program holds open for a moment (antivirus
 * scanners, indexers, an editor reading it): a few short retries ride that out.
 */
async function renameOver(fs: AtomicFs, from: string, to: string, platform: NodeJS.Platform): Promise<void> {
  const transient = new Set(['EPERM', 'EACCES', 'EBUSY']);
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      if (platform !== 'win32' || attempt >= 5 || !transient.has(codeOf(error) ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
  }
}

/** fsync the folder, so the rename is on the disk too. Windows cannot open a folder to do it. */
async function syncFolder(folder: string, fs: AtomicFs, platform: NodeJS.Platform): Promise<void> {
  if (platform === 'win32') return;
  let handle: WritableHandle | null = null;
  try {
    handle = await fs.open(folder, 'r');
    await handle.sync();
  } catch {
    // Some file systems (network mounts, FUSE) refuse it; the data is already in place.
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Remove what killed saves of this file left behind (never another file's). */
async function sweepTemporaries(path: string, fs: AtomicFs): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(dirname(path));
  } catch {
    return;
  }
  await Promise.all(entries.filter((entry) => isTemporaryOf(path, entry)).map((entry) => fs.unlink(join(dirname(path), entry)).catch(() => {})));
}

function codeOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The failure as a message that names the file, says what happened to it, and what to do. */
function errorFor(error: unknown, path: string, existed: boolean, situation?: 'read-only'): SaveError {
  if (error instanceof SaveError) return error;
  const code = codeOf(error);
  const folder = dirname(path);
  const unchanged = existed ? 'The file on disk is unchanged.' : 'Nothing was written.';
  switch (situation === 'read-only' ? 'READONLY' : code) {
    case 'READONLY':
      return new SaveError(`“${path}” is read-only. ${unchanged} Make it writable, or use Save As… to save a copy elsewhere.`, path, code);
    case 'EACCES':
    case 'EPERM':
      return new SaveError(`Loopscope is not allowed to write in “${folder}”, so “${basename(path)}” was not saved. ${unchanged} Use Save As… to save it somewhere you can write.`, path, code);
    case 'EROFS':
      return new SaveError(`“${folder}” is on a read-only disk, so “${basename(path)}” was not saved. Use Save As… to save it somewhere else.`, path, code);
    case 'ENOSPC':
    case 'EDQUOT':
      return new SaveError(`The disk is full: “${path}” was not saved. ${unchanged} Free some space, or use Save As… to save it on another disk.`, path, code);
    case 'ENOENT':
    case 'ENOTDIR':
      return new SaveError(`The folder “${folder}” no longer exists, so “${basename(path)}” was not saved. Use Save As… to save it somewhere else.`, path, code);
    case 'ENAMETOOLONG':
      return new SaveError(`The name “${path}” is too long for this disk. Use Save As… with a shorter name.`, path, code);
    case 'EIO':
      return new SaveError(`The disk reported an error while saving “${path}”. ${unchanged} Check the disk, or use Save As… to save it elsewhere.`, path, code);
    default:
      return new SaveError(`Cannot save “${path}”: ${error instanceof Error ? error.message : String(error)}. ${unchanged}`, path, code);
  }
}
