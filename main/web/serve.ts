/**
 * `npm run web`: build the renderer for the browser (vite.web.config.ts) and serve out/web on
 * 127.0.0.1 with a strict Content-Security-Policy header, then print the URL.
 *
 *   npm run web                 build, then serve on port 4173 (or a free one if it is taken)
 *   npm run web -- --port 0     any free port
 *   npm run web -- --no-build   serve what is already in out/web
 *
 * The same CSP as the desktop app: only our own scripts, styles and worker, nothing inline.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const WEB_DIR = join(ROOT, 'out', 'web');

export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.py': 'text/plain; charset=utf-8',
};

const HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * Build the web renderer with Vite (in a child process, so this file needs no Vite types). Always
 * the production build, whoever asks: under the test runner NODE_ENV is `test`, and Vite then
 * builds Svelte's development runtime (its checks and messages; 35 kB more, slower, and 60-90 MB
 * more of the page's memory with the 1 M trace open), which the bench measured when the tests had
 * built last.
 */
export function buildWeb(): void {
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '-c', 'vite.web.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
}

/**
 * `dir` is the served folder with its links resolved (realDir). A file is served only when its
 * own real path is inside it: a link in the folder that leads out (to a home folder, to
 * /etc/passwd) is refused like a `..` in the URL.
 */
async function handle(dir: string, realDir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...HEADERS, Allow: 'GET, HEAD' }).end();
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    response.writeHead(400, HEADERS).end();
    return;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(dir, path));
  if (file !== dir && !file.startsWith(dir + sep)) {
    response.writeHead(403, HEADERS).end();
    return;
  }
  try {
    const real = await realpath(file);
    if (real !== realDir && !real.startsWith(realDir + sep)) {
      response.writeHead(403, HEADERS).end();
      return;
    }
    const info = await stat(real);
    if (!info.isFile()) throw new Error('not a file');
    const body = await readFile(real);
    const immutable = file.includes(`${sep}assets${sep}`);
    response.writeHead(200, {
      ...HEADERS,
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    response.writeHead(404, { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }
}

/** Serve a built directory on 127.0.0.1; resolves with the server and its URL. */
export function serveWeb(options: { dir?: string; port?: number } = {}): Promise<{ server: Server; url: string }> {
  const dir = resolve(options.dir ?? WEB_DIR);
  let realDir: Promise<string> | null = null;
  const server = createServer((request, response) => {
    realDir ??= realpath(dir).catch((error: unknown) => {
      realDir = null; // try again with the next request (the folder may be built by then)
      throw error;
    });
    realDir
      .then((real) => handle(dir, real, request, response))
      .catch(() => {
        if (!response.headersSent) response.writeHead(500, HEADERS);
        response.end();
      });
  });
  const listen = (port: number) =>
    new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', fail);
        done();
      });
    });
  return (async () => {
    const wanted = options.port ?? 4173;
    try {
      await listen(wanted);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || wanted === 0) throw error;
      await listen(0);
    }
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : wanted;
    return { server, url: `http://127.0.0.1:${port}/` };
  })();
}

async function main(argv: string[]): Promise<void> {
  const portAt = argv.indexOf('--port');
  const port = portAt === -1 ? undefined : Number(argv[portAt + 1]);
  if (!argv.includes('--no-build')) buildWeb();
  const { url } = await serveWeb(port === undefined ? {} : { port });
  console.log(`Loopscope (web) is at ${url}`);
  console.log('Press Ctrl+C to stop.');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
