#!/usr/bin/env node
// Launcher for `npx loopscope`. It runs the bundled CLI (out/cli/loopscope.mjs, built by
// `npm install`) when that bundle is newer than every source file; otherwise it loads the
// TypeScript sources through tsx, so an edit is never shadowed by a stale bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// Long runs allocate a future and a timer per sleep that live for a while: a larger young
// generation lets them die young instead of being copied and promoted (about 20% faster).
setFlagsFromString('--max-semi-space-size=64');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'out', 'cli', 'loopscope.mjs');

function newestSource(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

// The CLI also bundles the exports' pure code from renderer/ (the picture, the player's page).
const fresh =
  existsSync(bundle) &&
  statSync(bundle).mtimeMs >=
    Math.max(newestSource(join(root, 'scheduler')), newestSource(join(root, 'main', 'cli')), newestSource(join(root, 'renderer', 'export')), newestSource(join(root, 'renderer', 'viz')), newestSource(join(root, 'renderer', 'player')), newestSource(join(root, 'renderer', 'teach')));

if (fresh) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/cli/bin.ts');
}
