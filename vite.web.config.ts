/** The browser build: the same renderer, with the scheduler in a Web Worker (`npm run web`). */
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [svelte()],
  build: { outDir: '../out/web', emptyOutDir: true },
  worker: { format: 'es' },
});
