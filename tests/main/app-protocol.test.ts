/**
 * app://loopscope/: serves out/renderer and nothing else, with the CSP header on every response.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, createAppProtocolHandler, resolveAppRequest } from '../../main/electron/app-protocol.ts';
import { tempDir } from './support.ts';

function site() {
  const out = tempDir();
  const root = join(out, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Loopscope</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
  // A secret next to the site root: reachable only through a traversal.
  writeFileSync(join(out, 'secret.txt'), 'secret');
  return { root, handler: createAppProtocolHandler(root) };
}

const get = (url: string, method = 'GET') => new Request(url, { method });

describe('the app:// protocol handler', () => {
  it('serves the entry page and assets with types, the CSP and nosniff', async () => {
    const { handler } = site();
    for (const [url, type, body] of [
      [APP_ENTRY_URL, 'text/html; charset=utf-8', '<!doctype html><title>Loopscope</title>'],
      ['app://loopscope/', 'text/html; charset=utf-8', '<!doctype html><title>Loopscope</title>'],
      ['app://loopscope/assets/index-abc.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
      ['app://loopscope/assets/style.css?v=2#x', 'text/css; charset=utf-8', 'body{}'],
    ]) {
      const response = await handler(get(url!));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toBe(body);
    }
  });

  it.each([
    ['app://loopscope/../secret.txt', 404],
    ['app://loopscope/%2e%2e/%2e%2e/etc/passwd', 404],
    ['app://loopscope/assets/..%2f..%2f..%2fetc%2fpasswd', 404],
    ['app://loopscope/..%5c..%5cwindows%5cwin.ini', 400],
    ['app://loopscope/%00index.html', 400],
    ['app://loopscope/%E0%A4%A', 400],
    ['app://loopscope/missing.js', 404],
    ['app://loopscope/assets', 404],
    ['app://loopscope/assets/', 404],
    ['app://evil/index.html', 404],
    ['app://loopscope.evil/index.html', 404],
    ['file:///etc/passwd', 404],
    ['https://loopscope/index.html', 404],
  ])('%s → %i, with the CSP still attached', async (url, status) => {
    const { handler } = site();
    const response = await handler(get(url));
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toBe('');
  });

  it('does not follow a link out of the served folder (a link inside it is fine)', async () => {
    const { root, handler } = site();
    symlinkSync(join(root, '..', 'secret.txt'), join(root, 'assets', 'leak.txt'));
    symlinkSync('/etc/passwd', join(root, 'passwd.txt'));
    symlinkSync(join(root, '..'), join(root, 'up'));
    symlinkSync(join(root, 'assets', 'style.css'), join(root, 'alias.css'));
    for (const url of ['app://loopscope/assets/leak.txt', 'app://loopscope/passwd.txt', 'app://loopscope/up/secret.txt']) {
      const response = await handler(get(url));
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).toBe('');
    }
    const inside = await handler(get('app://loopscope/alias.css'));
    expect(inside.status).toBe(200);
    expect(await inside.text()).toBe('body{}');
  });

  it('inside app.asar it reads through Electron without asking it to resolve links', async () => {
    const asked: string[] = [];
    const handler = createAppProtocolHandler(
      '/opt/Loopscope/resources/app.asar/out/renderer',
      async (path) => new TextEncoder().encode(`read ${path}`),
      async (path) => {
        asked.push(path);
        return path;
      },
    );
    const response = await handler(get(APP_ENTRY_URL));
    expect(await response.text()).toBe('read /opt/Loopscope/resources/app.asar/out/renderer/index.html');
    expect(asked).toEqual([]);
  });

  it('answers only GET and HEAD', async () => {
    const { handler } = site();
    expect((await handler(get(APP_ENTRY_URL, 'POST'))).status).toBe(405);
    const head = await handler(get(APP_ENTRY_URL, 'HEAD'));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('never resolves outside the root, whatever the path', () => {
    for (const path of ['/../x', '/a/../../x', '/%2e%2e/x', '/./../x', '//etc/passwd', '/assets/../../../x']) {
      const target = resolveAppRequest('/srv/out/renderer', 'GET', `app://loopscope${path}`);
      if ('path' in target) expect(target.path.startsWith('/srv/out/renderer/'), path).toBe(true);
    }
  });
});

describe('the content security policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)] as const));

  it('allows scripts only from our origin, never inline or eval', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-hashes|wasm-unsafe|\*|http:|https:/);
  });

  it('closes plugins, framing, <base> and forms', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('worker-src')).toEqual(["'self'", 'blob:']);
  });

  it("allows inline styles only, for CodeMirror and Svelte (the one documented relaxation)", () => {
    expect(directives.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });
});
