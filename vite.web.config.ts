/** The browser build: the same renderer, with the scheduler in a Web Worker (`npm run web`). */
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playerAsset } from './vite-player-asset.ts';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte(), playerAsset()],
  build: { outDir: '../out/web', emptyOutDir: true },
  worker: { format: 'es' },
});
