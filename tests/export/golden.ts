/**
 * Golden files: an output is compared with the file kept in tests/export/golden/. On a mismatch
 * (or a missing file) the new output is written beside it as NAME.changed.EXT and the test fails,
 * so a person can look at both and accept the change by renaming it. Nothing is rewritten
 * silently: only LOOPSCOPE_ACCEPT_GOLDEN=1, outside CI, writes the golden file itself.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));

/** Null when `actual` matches the golden file `name`; otherwise what went wrong, in words. */
export function compareGolden(name: string, actual: string): string | null {
  mkdirSync(GOLDEN_DIR, { recursive: true });
  const path = join(GOLDEN_DIR, name);
  const dot = name.lastIndexOf('.');
  const changed = join(GOLDEN_DIR, `${name.slice(0, dot)}.changed${name.slice(dot)}`);
  const expected = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (expected === actual) {
    rmSync(changed, { force: true });
    return null;
  }
  if (process.env['LOOPSCOPE_ACCEPT_GOLDEN'] === '1' && process.env['CI'] === undefined) {
    writeFileSync(path, actual);
    rmSync(changed, { force: true });
    return null;
  }
  writeFileSync(changed, actual);
  return expected === null
    ? `no golden file ${path}: the output is in ${changed}; look at it, then rename it to accept it`
    : `${path} differs from the output, written to ${changed}: compare them, and rename it to accept the change`;
}
