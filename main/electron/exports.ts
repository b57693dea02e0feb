/**
 * Saving an export (File ▸ Export in the page, E): the page made the bytes (a picture, slides,
 * the player page, a Perfetto trace); main asks where with the Save dialog, filtered to the
 * export's kind, and writes the file atomically. Electron's dialog is passed in, so this runs
 * under plain Node in the tests.
 */
import { basename, extname, join } from 'node:path';
import type { ExportFile, ExportKind, SaveResult } from '../common/contract.ts';
import { SaveError, writeFileAtomic } from './atomic-write.ts';

/** The Save dialog's filter for each kind. */
export const EXPORT_FILTERS: Record<ExportKind, { name: string; extensions: string[] }> = {
  svg: { name: 'SVG pictures', extensions: ['svg'] },
  png: { name: 'PNG pictures', extensions: ['png'] },
  gif: { name: 'Animated GIF', extensions: ['gif'] },
  zip: { name: 'Numbered PNG frames (zip)', extensions: ['zip'] },
  html: { name: 'Standalone HTML player', extensions: ['html'] },
  json: { name: 'Perfetto / Chrome trace JSON', extensions: ['json'] },
};

export interface ExportDeps {
  /** The native Save dialog at `suggested`, with one filter; null when cancelled. */
  chooseExportPath(suggested: string, filter: { name: string; extensions: string[] }): Promise<string | null>;
  reportError(title: string, message: string): void;
  /** Where the dialog starts (the Documents folder). */
  defaultFolder(): string;
  write?(path: string, bytes: Uint8Array): Promise<void>;
}

/** The name the dialog suggests: the page's, with the kind's extension when it lacks it. */
export function suggestedExportName(file: Pick<ExportFile, 'name' | 'kind'>): string {
  const name = basename(file.name);
  const extension = `.${EXPORT_FILTERS[file.kind].extensions[0] as string}`;
  return extname(name).toLowerCase() === extension ? name : `${name}${extension}`;
}

export async function saveExport(file: ExportFile, deps: ExportDeps): Promise<SaveResult> {
  const path = await deps.chooseExportPath(join(deps.defaultFolder(), suggestedExportName(file)), EXPORT_FILTERS[file.kind]);
  if (path === null) return 'cancelled';
  try {
    await (deps.write ?? writeFileAtomic)(path, file.bytes);
    return 'saved';
  } catch (error) {
    deps.reportError(`Could not export ${basename(path)}`, error instanceof SaveError || error instanceof Error ? error.message : String(error));
    return 'failed';
  }
}
