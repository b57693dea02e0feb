/**
 * The standalone player page (out/player/player.html, vite.player.config.ts), built for tests when
 * it is older than what it is built from, under the same lock as the web build (test files run in
 * parallel). `npm install` builds it too (main/cli/build.mjs).
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, newestMtime, withBuildLock } from './support.ts';

export const PLAYER_PAGE = join(ROOT, 'out', 'player', 'player.html');
const SOURCES = ['renderer', 'scheduler', join('main', 'common'), 'vite.player.config.ts', 'svelte.config.js', 'package.json'];

function fresh(): boolean {
  const built = statSync(PLAYER_PAGE, { throwIfNoEntry: false });
  return built !== undefined && SOURCES.every((source) => newestMtime(join(ROOT, source)) < built.mtimeMs);
}

/** The player page's text, built first if it is stale. */
export async function playerTemplate(): Promise<string> {
  await withBuildLock(() => {
    if (fresh()) return;
    const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const result = spawnSync(process.execPath, [vite, 'build', '-c', 'vite.player.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
      // The production build, whoever asks (main/web/serve.ts's buildWeb says why).
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (result.status !== 0) throw new Error(`the player build failed (exit ${result.status ?? result.signal})`);
  });
  return readFileSync(PLAYER_PAGE, 'utf8');
}
