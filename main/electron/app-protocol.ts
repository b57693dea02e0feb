/**
 * The UI's origin: `app://loopscope/`, a custom protocol that serves the built renderer
 * (out/renderer) and nothing else. Never file://: a file:// page shares its origin with every
 * file on the disk, while app://loopscope is an origin of its own that the CSP, the IPC sender
 * check and Chromium's same-origin rules can name.
 *
 * The handler is a plain `(Request) => Promise<Response>` over an injectable file reader, so the
 * traversal rules and headers are tested under Node; main.ts passes it to protocol.handle.
 */
import { readFile as fsReadFile, realpath as fsRealpath } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'loopscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The CSP, sent as a header with every response (a header, unlike a <meta>, also covers the
 * document before any markup is parsed). Scripts only from our origin, no eval, no plugins, no
 * framing, no <base> tricks. Styles allow 'unsafe-inline' because CodeMirror 6 and Svelte set
 * style attributes and may inject <style> elements; inline style cannot run script, and every
 * script rule stays strict.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers on every response, errors included. */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  };
}

/**
 * The file a request maps to, or a status explaining why there is none. Only GET/HEAD of our own
 * host; the decoded path must stay inside the root (encoded `..%2f` included).
 */
export function resolveAppRequest(rootDir: string, method: string, url: string): { path: string } | { status: number } {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405 };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 400 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { status: 400 };
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const root = resolve(rootDir);
  const path = resolve(root, `.${pathname}`);
  if (path === root || !isInside(root, path)) return { status: 404 };
  return { path };
}

export type ReadFile = (path: string) => Promise<Uint8Array<ArrayBuffer>>;
export type RealPath = (path: string) => Promise<string>;

/** True when `path` is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside === '' || (!inside.startsWith(`..${sep}`) && inside !== '..' && !isAbsolute(inside));
}

/**
 * The handler. A link in the served folder that leads out of it is not followed (404): a file
 * the build did not put there is never served. Inside app.asar there is nothing to check (an
 * archive made by the build and, packaged, checked against its hash by the asar-integrity fuse),
 * and Electron's asar layer is not asked to resolve links.
 */
export function createAppProtocolHandler(rootDir: string, readFile: ReadFile = fsReadFile, realpath: RealPath = fsRealpath): (request: Request) => Promise<Response> {
  const checkLinks = !/\.asar([\\/]|$)/.test(rootDir);
  let realRoot: Promise<string> | null = null;
  const notFound = () => new Response(null, { status: 404, headers: securityHeaders() });
  return async (request) => {
    const target = resolveAppRequest(rootDir, request.method, request.url);
    if ('status' in target) return new Response(null, { status: target.status, headers: securityHeaders() });
    let body: Uint8Array<ArrayBuffer>;
    try {
      if (checkLinks) {
        realRoot ??= realpath(resolve(rootDir));
        if (!isInside(await realRoot, await realpath(target.path))) return notFound();
      }
      body = await readFile(target.path);
    } catch {
      return notFound();
    }
    const headers = {
      ...securityHeaders(),
      'content-type': CONTENT_TYPES[extname(target.path).toLowerCase()] ?? 'application/octet-stream',
      // The files change only with a new build, but a stale cached index.html after an update
      // would load old assets: revalidate rather than guess.
      'cache-control': 'no-cache',
    };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
