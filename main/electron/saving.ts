/**
 * Save and Save As for a document: where to write (its own file, or a path chosen in the Save
 * dialog), whether the file changed on disk since it was opened or last saved (then ask, rather
 * than overwrite someone's work), and the atomic write itself. Electron's dialogs are passed in,
 * so every answer a person can give is tested under plain Node.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { SaveResult } from '../common/contract.ts';
import { SaveError, writeFileAtomic } from './atomic-write.ts';
import { versionOf, type DiskVersion, type ScenarioDocument } from './document.ts';
import { fingerprintOf, readFingerprint, sameContent, type Fingerprint } from './file-fingerprint.ts';
import { readScenarioFile } from './scenario-files.ts';

/** A native message box: the index of the button chosen. */
export interface MessageBox {
  type: 'warning' | 'question' | 'error';
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
}

export interface SaveDeps {
  /** The native Save dialog, starting at `suggested`; null when cancelled. */
  chooseSavePath(suggested: string): Promise<string | null>;
  ask(box: MessageBox): Promise<number>;
  reportError(title: string, message: string): void;
  /** Where Save As starts for a document without a folder of its own (the Documents folder). */
  defaultFolder(): string;
  /** The page can show the buffer beside the file on disk: Compare is offered when the file changed on disk. */
  compare?(document: ScenarioDocument, onDisk: DiskVersion): void;
  write?(path: string, bytes: Uint8Array): Promise<void>;
  fingerprint?(path: string): Promise<Fingerprint | null>;
}

export interface Saved {
  result: SaveResult;
  /** Where it was written, and what is now on disk (when result is 'saved'). */
  path?: string;
  version?: DiskVersion;
}

/**
 * Save `text` as `document`: in place when it is a file of the person's own (Save), otherwise,
 * or when `as` is set, where the Save dialog says. Does not change the document: the caller
 * applies a successful result (document.saved), since it also updates the window around it.
 */
export async function saveDocument(document: ScenarioDocument, text: string, as: boolean, deps: SaveDeps): Promise<Saved> {
  let path: string;
  if (as || !document.savesInPlace || document.path === null) {
    const chosen = await chooseTarget(document, deps);
    if (chosen === null) return { result: 'cancelled' };
    path = chosen;
  } else {
    path = document.path;
  }
  // Writing over the document's own file: check nobody else changed it first. (Another file
  // chosen in the dialog was confirmed there, by the dialog's own "Replace?".)
  if (path === document.path && document.kind === 'file') {
    const go = await confirmOverwrite(document, path, deps);
    if (go !== 'overwrite') return { result: 'cancelled' };
  }
  const bytes = document.encode(text);
  try {
    await (deps.write ?? writeFileAtomic)(path, bytes);
  } catch (error) {
    deps.reportError(`Could not save ${basename(path)}`, error instanceof SaveError || error instanceof Error ? error.message : String(error));
    return { result: 'failed' };
  }
  let mtimeMs = Date.now();
  try {
    mtimeMs = (await stat(path)).mtimeMs;
  } catch {
    // Written but not readable back (a strange mount): the hash still recognises it.
  }
  const bom = document.basis?.bom === true;
  const source = Buffer.from(bytes.subarray(bom ? 3 : 0)).toString('utf8');
  return { result: 'saved', path, version: { source, bom, fingerprint: fingerprintOf(bytes, { mtimeMs }) } };
}

/** The Save dialog; a name typed without `.py` gets it, and asks before replacing a file the dialog did not ask about. */
async function chooseTarget(document: ScenarioDocument, deps: SaveDeps): Promise<string | null> {
  const chosen = await deps.chooseSavePath(suggestedPath(document, deps.defaultFolder()));
  if (chosen === null || chosen === '') return null;
  if (/\.py$/i.test(chosen)) return chosen;
  const withExtension = `${chosen}.py`;
  if ((await (deps.fingerprint ?? readFingerprint)(withExtension).catch(() => null)) === null) return withExtension;
  const answer = await deps.ask({
    type: 'warning',
    message: `“${basename(withExtension)}” already exists. Do you want to replace it?`,
    detail: `Scenarios are saved as .py files, so “${basename(chosen)}” becomes “${basename(withExtension)}”, and a file with that name is already in “${dirname(withExtension)}”.`,
    buttons: ['Replace', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
  });
  return answer === 0 ? withExtension : null;
}

/** Where Save As starts: the file itself, or a file named after the document in a sensible folder. */
export function suggestedPath(document: ScenarioDocument, defaultFolder: string): string {
  if (document.kind === 'file' && document.path !== null) return document.path;
  const name = document.kind === 'untitled' ? `${document.name}.py` : document.name;
  return join(defaultFolder, name);
}

/**
 * Overwrite, or not, a file that changed on disk since the document last read or wrote it. The
 * hash decides (a touch is not a change); a deleted file is simply written again.
 */
async function confirmOverwrite(document: ScenarioDocument, path: string, deps: SaveDeps): Promise<'overwrite' | 'cancel'> {
  let now: Fingerprint | null;
  try {
    now = await (deps.fingerprint ?? readFingerprint)(path);
  } catch {
    // Unreadable now: the write will say why, naming the file.
    return 'overwrite';
  }
  if (now === null) return 'overwrite';
  const basis = document.basis?.fingerprint ?? null;
  if (basis !== null && sameContent(now, basis)) return 'overwrite';
  const canCompare = deps.compare !== undefined;
  const when = new Date(now.mtimeMs).toLocaleTimeString();
  const answer = await deps.ask({
    type: 'warning',
    message: `“${basename(path)}” has changed on disk since you opened it.`,
    detail: `Another program changed it at ${when}. Saving replaces those changes with yours.${canCompare ? ' Compare shows both versions side by side.' : ''}`,
    buttons: canCompare ? ['Overwrite', 'Compare', 'Cancel'] : ['Overwrite', 'Cancel'],
    defaultId: canCompare ? 2 : 1,
    cancelId: canCompare ? 2 : 1,
  });
  if (answer === 0) return 'overwrite';
  if (canCompare && answer === 1) {
    try {
      deps.compare!(document, versionOf(await readScenarioFile(path)));
    } catch (error) {
      deps.reportError(`Cannot compare ${basename(path)}`, error instanceof Error ? error.message : String(error));
    }
  }
  return 'cancel';
}
