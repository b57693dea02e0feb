/**
 * Build of the desktop app: main process (and the worker that runs the scheduler), preload, and
 * renderer, from the project's own folders. Output goes to out/.
 */
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playerAsset } from './vite-player-asset.ts';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Bundle dependencies (zod, the Lezer parser) instead of requiring them from node_modules:
      // the scheduler worker runs unpacked from the asar (see electron-builder.yml), where
      // node_modules cannot be resolved, and the packaged app then needs no node_modules at all.
      externalizeDeps: false,
      lib: { entry: { main: 'main/electron/main.ts', 'run-worker': 'main/electron/run-worker.ts' } },
      rolldownOptions: {
        // .mjs: the unpacked worker has no package.json with "type": "module" above it.
        output: { entryFileNames: (chunk) => (chunk.name === 'run-worker' ? '[name].mjs' : '[name].js') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron' and a few builtins: bundle zod into it.
      externalizeDeps: false,
      // A sandboxed preload must be CommonJS; package.json is "type": "module", hence .cjs.
      rolldownOptions: {
        input: { preload: 'main/preload/preload.ts' },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [svelte(), playerAsset()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified by default; the page loads faster minified.
      minify: true,
      rolldownOptions: { input: 'renderer/index.html' },
    },
  },
});
