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
import { lstat, readFile, realpath } from 'node:fs/promises';
import { basename } from 'node:path';
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
