// Bundle the CLI into one plain-JavaScript file (out/cli/loopscope.mjs), so `npx loopscope` starts
// without compiling TypeScript on every run. Runs from `npm install` (the `prepare` script).
import { build } from 'esbuild';

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
