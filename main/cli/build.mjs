// Bundle the CLI into one plain-JavaScript file (out/cli/loopscope.mjs), so `npx loopscope` starts
// without compiling TypeScript on every run, and build the standalone HTML player it fills for
// `--format html` (out/player/player.html, vite.player.config.ts). Runs from `npm install` (the
// `prepare` script).
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';

await build({
  entryPoints: ['main/cli/bin.ts'],
  outfile: 'out/cli/loopscope.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});

await viteBuild({ configFile: 'vite.player.config.ts', logLevel: 'warn' });
