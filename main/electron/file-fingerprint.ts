/**
 * What a file on disk was when Loopscope read or wrote it: size, modification time and a hash of
 * its bytes. Save compares it with the file as it is now, so a change made by another program
 * since the document was opened or last saved is noticed instead of overwritten. The hash
 * decides: a `touch` (new mtime, same bytes) is not a change; size and mtime say when and how
 * much in the message.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';

export interface Fingerprint {
  size: number;
  mtimeMs: number;
  sha256: string;
}

export function fingerprintOf(bytes: Uint8Array, info: { mtimeMs: number }): Fingerprint {
  return { size: bytes.length, mtimeMs: info.mtimeMs, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The file's fingerprint now, or null when there is no file. Other failures are thrown. */
export async function readFingerprint(path: string): Promise<Fingerprint | null> {
  try {
    const info = await stat(path);
    return fingerprintOf(await readFile(path), info);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Same bytes: sizes first (cheap), then the hashes. */
export function sameContent(a: Fingerprint, b: Fingerprint): boolean {
  return a.size === b.size && a.sha256 === b.sha256;
}
