/**
 * Paths main can vouch for. A scenario is opened from a path that came from main's own Open
 * dialog, the command line (or the OS: a second instance, macOS open-file), Open Recent, or the
 * gallery: main chose or was given each of them outside the page. The one path the page supplies
 * is a drop, and a compromised page could supply any path there: to read any .py on disk, follow
 * a link to /etc/passwd, or learn which files exist.
 *
 * So a drop carries its proof: the bytes of the dropped File, read by the page. Chromium lets a
 * page (even a compromised, sandboxed renderer) read only the files the person dropped or picked,
 * so bytes equal to the file on disk show that the person dropped that very file. Main checks
 * them before it opens the path, and every failure looks the same to the page (one message, no
 * disk detail): nothing about files it could not already read leaks back.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, realpath } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import { TRACE_PROOF_SLICE, type TraceDropProof } from '../common/contract.ts';
import { MAX_SCENARIO_BYTES, ScenarioFileError, requireScenarioTarget, validateScenarioPath } from './scenario-files.ts';

/**
 * The path of a dropped file whose `content` (what the page read from the File) is the file's
 * content on disk, or a ScenarioFileError saying, without disk details, that it cannot be opened.
 */
export async function vouchForDrop(path: string, content: Uint8Array): Promise<string> {
  // Refusals that need no disk access can say why (the page knows the name and the size).
  const valid = validateScenarioPath(path);
  if (content.length > MAX_SCENARIO_BYTES) {
    throw new ScenarioFileError(`“${basename(valid)}” is larger than ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} bytes; Loopscope opens scenarios up to that size.`, valid);
  }
  const unverified = new ScenarioFileError(
    `Loopscope could not open the dropped file “${basename(valid)}”: it changed after it was dropped, or it cannot be read. Open it with File ▸ Open.`,
    valid,
  );
  let onDisk: Buffer;
  try {
    await requireScenarioTarget(valid);
    const info = await lstat(await realpath(valid));
    if (!info.isFile() || info.size !== content.length) throw unverified;
    onDisk = await readFile(valid);
  } catch {
    throw unverified;
  }
  if (!onDisk.equals(content)) throw unverified;
  return valid;
}

/**
 * The path of a dropped saved trace whose proof (its size and the SHA-256 of each slice, computed
 * by the page from the dropped File) matches the file on disk, or the same refusal for every
 * failure. A link is followed only to another saved trace (`.json`), as scenarios' links are only
 * to scenarios.
 */
export async function vouchForTraceDrop(path: string, proof: TraceDropProof): Promise<string> {
  if (typeof path !== 'string' || path.includes('\0') || !/\.json$/i.test(path)) {
    throw new ScenarioFileError(`Loopscope opens saved traces (.json) and scenarios (.py); “${basename(String(path))}” is neither.`, String(path));
  }
  const valid = isAbsolute(path) ? resolve(path) : resolve(process.cwd(), path);
  const unverified = new ScenarioFileError(
    `Loopscope could not open the dropped file “${basename(valid)}”: it changed after it was dropped, or it cannot be read. Open it with File ▸ Open.`,
    valid,
  );
  try {
    const target = await realpath(valid);
    if (!/\.json$/i.test(target)) throw unverified;
    const info = await lstat(target);
    if (!info.isFile() || info.size !== proof.size) throw unverified;
    const digests = await sliceDigests(target);
    if (digests.length !== proof.digests.length || digests.some((digest, i) => digest !== proof.digests[i])) throw unverified;
  } catch {
    throw unverified;
  }
  return valid;
}

/** The SHA-256 of each TRACE_PROOF_SLICE bytes of a file, in hex (one digest for an empty file). */
async function sliceDigests(path: string): Promise<string[]> {
  const digests: string[] = [];
  let hash = createHash('sha256');
  let filled = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(chunk.length - at, TRACE_PROOF_SLICE - filled);
      hash.update(chunk.subarray(at, at + take));
      at += take;
      filled += take;
      if (filled === TRACE_PROOF_SLICE) {
        digests.push(hash.digest('hex'));
        hash = createHash('sha256');
        filled = 0;
      }
    }
  }
  if (filled > 0 || digests.length === 0) digests.push(hash.digest('hex'));
  return digests;
}
