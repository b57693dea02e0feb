/**
 * The app's builds (web and desktop) carry the standalone player page (out/player/player.html,
 * built by vite.player.config.ts through `npm run build:cli`) as an asset beside index.html, so
 * Export ▸ HTML player fills it with the run on screen without a server or a second build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

export const PLAYER_PAGE = fileURLToPath(new URL('./out/player/player.html', import.meta.url));

export function playerAsset(): Plugin {
  return {
    name: 'loopscope-player-asset',
    apply: 'build',
    generateBundle() {
      if (!existsSync(PLAYER_PAGE)) return this.error(`the HTML player is not built (${PLAYER_PAGE}): run \`npm run build:cli\`, which builds it`);
      this.emitFile({ type: 'asset', fileName: 'player.html', source: readFileSync(PLAYER_PAGE, 'utf8') });
    },
  };
}
