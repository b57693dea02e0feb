/**
 * The standalone HTML player (renderer/player/): one page with everything inlined, which opens from
 * file:// with no server. Browsers refuse to load ES modules from file://, so the player is built as
 * one classic script (iife) and written into the page with its styles; the page's
 * Content-Security-Policy allows exactly that script and that style, by their SHA-256 hashes, and
 * nothing else (no network, no eval). Output: out/player/player.html, the template the CLI
 * (`loopscope run FILE --format html`) and the app's export fill with a scenario.
 */
import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

type OutputChunk = Rolldown.OutputChunk;
type OutputAsset = Rolldown.OutputAsset;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Inline the one script chunk and the styles into the page, and lock the page to them. */
function inlineIntoPage(): Plugin {
  return {
    name: 'loopscope-inline-player',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle);
      const page = files.find((file) => file.type === 'asset' && file.fileName.endsWith('.html'));
      const chunks = files.filter((file): file is OutputChunk => file.type === 'chunk');
      const styles = files.filter((file): file is OutputAsset => file.type === 'asset' && file.fileName.endsWith('.css'));
      if (page === undefined || page.type !== 'asset') return this.error('the player page was not built');
      if (chunks.length !== 1 || chunks[0]?.type !== 'chunk') return this.error(`the player must be one script, not ${chunks.length}`);
      const others = files.filter((file) => file !== page && !(chunks as unknown[]).includes(file) && !(styles as unknown[]).includes(file));
      if (others.length > 0) return this.error(`the player cannot carry separate files: ${others.map((f) => f.fileName).join(', ')}`);

      // An inline script ends at the first "</script", and "<!--" followed by "<script" changes how
      // the rest is read: write "<" as \x3C there (the same character in a string, a template or a
      // regular expression), then make sure the script still compiles.
      const script = chunks[0].code.replace(/<(?=\/?script|!--)/gi, '\\x3C');
      try {
        new Script(script, { filename: 'player.js' });
      } catch (error) {
        return this.error(`the player script no longer compiles once made safe to inline: ${String(error)}`);
      }
      const style = styles.map((file) => String(file.source)).join('\n').replace(/<(?=\/style)/gi, '\\3C ');
      const csp = [
        "default-src 'none'",
        `script-src ${sha256(script)}`,
        `style-src ${sha256(style)}`,
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
      ].join('; ');

      let html = String(page.source)
        .replace(/<script type="module"[^>]*><\/script>\s*/g, '')
        .replace(/<link rel="(?:stylesheet|modulepreload)"[^>]*>\s*/g, '');
      html = html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`);
      html = html.replace('</head>', () => `  <style>${style}</style>\n  </head>`);
      html = html.replace('</body>', () => `  <script>${script}</script>\n  </body>`);
      for (const file of [page, ...chunks, ...styles]) delete bundle[file.fileName];
      this.emitFile({ type: 'asset', fileName: 'player.html', source: html });
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  // renderer/public (the app's favicon) stays out: the page is one file.
  publicDir: false,
  plugins: [svelte(), inlineIntoPage()],
  build: {
    outDir: '../out/player',
    emptyOutDir: true,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    cssCodeSplit: false,
    modulePreload: false,
    reportCompressedSize: false,
    rolldownOptions: {
      // A slow Svelte compile on a busy machine is not worth a warning in `npm install`'s output.
      checks: { pluginTimings: false },
      input: 'renderer/player/player.html',
      output: { format: 'iife' },
    },
  },
});
