/**
 * `npm run web`'s server (main/web/serve.ts): 127.0.0.1 only, the CSP on every answer, and
 * nothing outside the served folder, whether asked for with `..` or reached through a link.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP, serveWeb } from '../../main/web/serve.ts';

let server: Server;
let url = '';
const out = mkdtempSync(join(tmpdir(), 'loopscope-web-'));

beforeAll(async () => {
  const dir = join(out, 'web');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Loopscope</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(out, 'secret.txt'), 'secret');
  symlinkSync(join(out, 'secret.txt'), join(dir, 'leak.txt'));
  symlinkSync('/etc/passwd', join(dir, 'assets', 'passwd.js'));
  symlinkSync(out, join(dir, 'up'));
  symlinkSync(join(dir, 'assets', 'app.js'), join(dir, 'alias.js'));
  ({ server, url } = await serveWeb({ dir, port: 0 }));
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(out, { recursive: true, force: true });
});

function requestStatus(base: URL, path: string, done: (status: number) => void, fail: (error: Error) => void): void {
  const req = httpRequest({ host: base.hostname, port: base.port, path, method: 'GET' }, (response) => {
    response.resume();
    done(response.statusCode ?? 0);
  });
  req.on('error', fail);
  req.end();
}

const get = async (path: string) => {
  const response = await fetch(new URL(path, url));
  return { status: response.status, csp: response.headers.get('content-security-policy'), body: await response.text() };
};

describe('the web server', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((server.address() as { address: string }).address).toBe('127.0.0.1');
  });

  it('serves the page and its assets, with the CSP', async () => {
    expect(await get('/')).toEqual({ status: 200, csp: CSP, body: '<!doctype html><title>Loopscope</title>' });
    expect(await get('/assets/app.js')).toEqual({ status: 200, csp: CSP, body: 'console.log(1)' });
    // A link that stays inside the folder is fine.
    expect(await get('/alias.js')).toEqual({ status: 200, csp: CSP, body: 'console.log(1)' });
  });

  it('does not follow a link out of its folder', async () => {
    for (const path of ['/leak.txt', '/assets/passwd.js', '/up/secret.txt']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(403);
      expect(answer.csp).toBe(CSP);
      expect(answer.body).toBe('');
    }
  });

  it('refuses traversal and answers a missing file with 404', async () => {
    // Sent as is (fetch would normalise the path before sending it).
    const raw = (path: string) =>
      new Promise<number>((done, fail) => requestStatus(new URL(url), path, done, fail));
    expect(await raw('/..%2fsecret.txt')).toBe(403);
    expect(await raw('/assets/..%2f..%2fsecret.txt')).toBe(403);
    expect((await get('/nothing.js')).status).toBe(404);
  });
});
