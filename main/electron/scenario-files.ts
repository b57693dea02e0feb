/**
 * Scenario files on disk: which paths may be opened, reading them with errors a person can act
 * on, and the gallery (scenarios/*.py described by their docstrings).
 *
 * Paths reach main only from its own Open dialog, from drops (resolved by the preload) and from
 * the command line; every one passes through here, so the rule "only .py files, only regular
 * files, gallery names only inside the gallery" lives in one place.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { GalleryEntry } from '../common/contract.ts';
import { describeScenario } from '../common/gallery.ts';
import { MAX_SCENARIO_BYTES } from '../common/scenario-bytes.ts';
import { fingerprintOf, type Fingerprint } from './file-fingerprint.ts';
import { decodeScenario, ScenarioDecodingError } from './scenario-decoding.ts';

export { parseDocstring, titleFromFileName, type Docstring } from '../common/gallery.ts';

// One limit for every host (the CLI reads files the same way).
export { MAX_SCENARIO_BYTES };

/** A file that cannot be opened as a scenario; `message` is written for the person who chose it. */
export class ScenarioFileError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ScenarioFileError';
  }
}

export interface ScenarioFile {
  /** Absolute path. */
  path: string;
  source: string;
  /** The file began with a byte order mark (not in `source`; a save writes it back). */
  bom: boolean;
  /** The bytes read, for noticing later changes on disk. */
  fingerprint: Fingerprint;
}

/** An absolute path to a .py file, or a ScenarioFileError saying why not. */
export function validateScenarioPath(input: string, cwd: string = process.cwd()): string {
  if (typeof input !== 'string' || input.trim() === '') throw new ScenarioFileError('No file was given.', String(input));
  if (input.includes('\0')) throw new ScenarioFileError('The file name contains a NUL character.', input);
  const path = isAbsolute(input) ? resolve(input) : resolve(cwd, input);
  // Case-insensitive: Windows users meet SCENARIO.PY as often as scenario.py.
  if (!/\.py$/i.test(path)) {
    throw new ScenarioFileError(`Loopscope opens Python scenario files (.py); “${basename(path)}” is not one.`, path);
  }
  return path;
}

/**
 * A link may stand for a scenario (`demo.py` → `lessons/demo.py`), but not for something else: a
 * `.py` name that leads to /etc/passwd or to a folder is refused, whoever asks, so no way of
 * opening a file can be turned into a way of reading others.
 */
export async function requireScenarioTarget(path: string): Promise<void> {
  let target: string;
  try {
    target = await realpath(path);
  } catch (error) {
    throw asScenarioFileError(error, path);
  }
  if (!/\.py$/i.test(target)) {
    throw new ScenarioFileError(`“${basename(path)}” is a link to “${target}”, which is not a Python scenario file (.py).`, path);
  }
}

/** Read a scenario file: validated path, regular file, size limit, UTF-8 (a BOM is dropped). */
export async function readScenarioFile(input: string, cwd?: string): Promise<ScenarioFile> {
  const path = validateScenarioPath(input, cwd);
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    await requireScenarioTarget(path);
    const info = await stat(path);
    mtimeMs = info.mtimeMs;
    if (info.isDirectory()) throw new ScenarioFileError(`“${path}” is a folder, not a scenario file.`, path);
    if (!info.isFile()) throw new ScenarioFileError(`“${path}” is not a regular file.`, path);
    if (info.size > MAX_SCENARIO_BYTES) {
      throw new ScenarioFileError(
        `“${basename(path)}” is ${megabytes(info.size)}; Loopscope opens scenarios of up to ${megabytes(MAX_SCENARIO_BYTES)}. A scenario is a short teaching example: open a smaller file, or cut this one down in another editor.`,
        path,
      );
    }
    bytes = await readFile(path);
  } catch (error) {
    throw asScenarioFileError(error, path);
  }
  try {
    return { path, ...decodeScenario(bytes, basename(path)), fingerprint: fingerprintOf(bytes, { mtimeMs }) };
  } catch (error) {
    if (error instanceof ScenarioDecodingError) throw new ScenarioFileError(error.message, path);
    throw error;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}

function asScenarioFileError(error: unknown, path: string): ScenarioFileError {
  if (error instanceof ScenarioFileError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return new ScenarioFileError(`There is no file “${path}”.`, path);
    case 'EACCES':
    case 'EPERM':
      return new ScenarioFileError(`Loopscope is not allowed to read “${path}”.`, path);
    case 'EISDIR':
      return new ScenarioFileError(`“${path}” is a folder, not a scenario file.`, path);
    default:
      return new ScenarioFileError(`Cannot read “${path}”: ${error instanceof Error ? error.message : String(error)}`, path);
  }
}

/**
 * The file of a gallery scenario. Names come from the renderer, so they are checked against the
 * contract's pattern (no separators, hence no `..` segments) and the result must sit directly in
 * the gallery folder: `../../etc/passwd`, `sub/x.py` and `.hidden.py` are all refused.
 */
export function resolveGalleryFile(galleryDir: string, name: string): string {
  const valid = GalleryEntry.shape.name.safeParse(name);
  if (!valid.success || name.startsWith('.')) {
    throw new ScenarioFileError(`“${name}” is not the name of a gallery scenario.`, String(name));
  }
  const dir = resolve(galleryDir);
  const path = resolve(dir, name);
  if (dirname(path) !== dir) throw new ScenarioFileError(`“${name}” is not the name of a gallery scenario.`, path);
  return path;
}

/** The gallery: every scenarios/*.py, in file-name order, titled by its docstring. */
export async function listGallery(galleryDir: string): Promise<GalleryEntry[]> {
  let names: string[];
  try {
    const entries = await readdir(galleryDir, { withFileTypes: true });
    names = entries.filter((entry) => entry.isFile() && isGalleryName(entry.name)).map((entry) => entry.name);
  } catch (error) {
    // A missing gallery is a packaging fault, not the user's: show an empty gallery.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return Promise.all(
    names.map(async (name) => {
      return describeScenario(name, await readFile(resolve(galleryDir, name), 'utf8'));
    }),
  );
}

function isGalleryName(name: string): boolean {
  return !name.startsWith('.') && GalleryEntry.shape.name.safeParse(name).success;
}

