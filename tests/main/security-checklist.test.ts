/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security, 20
 * recommendations), one named test per item: each pins what Loopscope does about it, or says why
 * it does not apply and pins that it stays so. docs/security.md has the same table.
 *
 * Settings are read from main.ts's source with TypeScript's parser (the window is made there; the
 * scanner in electronegativity.test.ts needs them literal there too); behaviour is checked on the
 * modules that implement it. The real window is driven by tests/electron where Electron runs,
 * and main.ts's glue under a fake Electron by main-glue.test.ts.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, CONTENT_SECURITY_POLICY, createAppProtocolHandler } from '../../main/electron/app-protocol.ts';
import { guardSession, guardWebContents } from '../../main/electron/guards.ts';
import { senderProblem } from '../../main/electron/ipc.ts';
import { createPreloadApi } from '../../main/preload/api.ts';
import { events, requests } from '../../main/common/contract.ts';
import { CSP as WEB_CSP } from '../../main/web/serve.ts';
import { ROOT, tempDir } from './support.ts';

const MAIN = join(ROOT, 'main', 'electron', 'main.ts');
const mainSource = readFileSync(MAIN, 'utf8');

/** Every .ts/.svelte/.html file under a folder, relative to the project. */
function sources(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|svelte|html)$/.test(name)) out.push(path);
    }
  };
  walk(join(ROOT, folder));
  return out;
}
const read = (path: string) => readFileSync(path, 'utf8');

/** The object literal passed as `webPreferences` to `new BrowserWindow(...)` in main.ts, as a plain record. */
function windowWebPreferences(): Record<string, unknown> {
  const file = ts.createSourceFile(MAIN, mainSource, ts.ScriptTarget.Latest, true);
  const found: Record<string, unknown>[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && node.expression.getText() === 'BrowserWindow') {
      const options = node.arguments?.[0];
      if (options !== undefined && ts.isObjectLiteralExpression(options)) {
        for (const property of options.properties) {
          if (ts.isPropertyAssignment(property) && property.name.getText() === 'webPreferences' && ts.isObjectLiteralExpression(property.initializer)) {
            const record: Record<string, unknown> = {};
            for (const setting of property.initializer.properties) {
              if (ts.isSpreadAssignment(setting)) record['...'] = setting.expression.getText();
              else if (ts.isPropertyAssignment(setting)) {
                const value = setting.initializer;
                record[setting.name.getText()] =
                  value.kind === ts.SyntaxKind.TrueKeyword ? true : value.kind === ts.SyntaxKind.FalseKeyword ? false : ts.isStringLiteral(value) ? value.text : value.getText();
              }
            }
            found.push(record);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  expect(found, 'exactly one BrowserWindow is made, in main.ts').toHaveLength(1);
  expect(found[0]!['...'], 'no spread: every setting is visible here and to the scanner').toBeUndefined();
  return found[0]!;
}

class FakeContents {
  readonly handlers = new Map<string, (...args: unknown[]) => void>();
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  on(event: string, listener: (...args: never[]) => void): this {
    this.handlers.set(event, listener as (...args: unknown[]) => void);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** Fire an event with a preventable first argument; true if it was prevented. */
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const first = { preventDefault: () => (prevented = true), url: args[0] };
    this.handlers.get(event)?.(first, ...args);
    return prevented;
  }
}

const silent = () => {};

describe("Electron's security checklist", () => {
  it('1. Only load secure content: the UI comes only from app://loopscope, and the CSP allows no remote origin', () => {
    expect(APP_ENTRY_URL).toBe('app://loopscope/index.html');
    // The one loadURL: the app's own origin, or electron-vite's dev server only when unpackaged.
    expect(mainSource.match(/\.loadURL\(/g)).toHaveLength(1);
    expect(mainSource).toContain('void win.loadURL(devServerUrl ?? APP_ENTRY_URL);');
    expect(mainSource).toContain("const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];");
    for (const csp of [CONTENT_SECURITY_POLICY, WEB_CSP]) expect(csp).not.toMatch(/https?:|wss?:|\*/);
    // No remote script, style or font anywhere in the page's sources.
    const remote = sources('renderer').filter((path) => /(src|href)=["']https?:|@import\s+url\(["']?https?:|fetch\(["']https?:/.test(read(path)));
    expect(remote).toEqual([]);
  });

  it('2. Do not enable Node.js integration for remote content: no Node.js in the page, its workers or frames', () => {
    expect(windowWebPreferences()).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
  });

  it('3. Enable context isolation: the preload runs in its own world', () => {
    expect(windowWebPreferences()).toMatchObject({ contextIsolation: true });
  });

  it('4. Enable process sandboxing: this window, and every renderer (app.enableSandbox before ready)', () => {
    expect(windowWebPreferences()).toMatchObject({ sandbox: true });
    expect(mainSource).toMatch(/\napp\.enableSandbox\(\);/);
    expect(mainSource.indexOf('app.enableSandbox()')).toBeLessThan(mainSource.indexOf('app.whenReady()'));
  });

  it('5. Handle session permission requests: every permission is denied, asked or checked', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
    let check: ((contents: unknown, permission: string) => boolean) | null = null;
    guardSession({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) }, silent);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'serial']) {
      let granted: boolean | null = null;
      request!({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
      expect(check!({}, permission), permission).toBe(false);
    }
    expect(mainSource).toContain('guardSession(session.defaultSession);');
  });

  it('6. Do not disable webSecurity', () => {
    expect(windowWebPreferences()).toMatchObject({ webSecurity: true });
    for (const path of [...sources('main'), ...sources('renderer')]) expect(read(path), relative(ROOT, path)).not.toMatch(/webSecurity:\s*false|disablewebsecurity/);
  });

  it("7. Define a Content-Security-Policy with restrictive rules: script-src 'self', sent as a header on every app:// answer", async () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    const root = tempDir();
    const handler = createAppProtocolHandler(root);
    for (const url of [APP_ENTRY_URL, `${APP_ORIGIN}/missing.js`]) {
      expect((await handler(new Request(url))).headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('8. Do not enable allowRunningInsecureContent', () => {
    expect(windowWebPreferences()).toMatchObject({ allowRunningInsecureContent: false });
  });

  it('9. Do not enable experimental features', () => {
    expect(windowWebPreferences()).toMatchObject({ experimentalFeatures: false });
  });

  it('10. Do not use enableBlinkFeatures (one Blink feature is disabled instead: Auxclick)', () => {
    expect(windowWebPreferences()).not.toHaveProperty('enableBlinkFeatures');
    expect(windowWebPreferences()).toMatchObject({ disableBlinkFeatures: 'Auxclick' });
    for (const path of sources('main')) expect(read(path), relative(ROOT, path)).not.toMatch(/enableBlinkFeatures/);
  });

  it('11. <webview>: do not use allowpopups — does not apply: there is no <webview> (the tag is off, and one attached anyway is refused)', () => {
    expect(windowWebPreferences()).toMatchObject({ webviewTag: false });
    for (const path of sources('renderer')) expect(read(path), relative(ROOT, path)).not.toMatch(/<webview|allowpopups/i);
    const contents = new FakeContents();
    guardWebContents(contents, silent);
    expect(contents.fire('will-attach-webview')).toBe(true);
  });

  it('12. <webview>: verify options and params — does not apply for the same reason: every attach is prevented, whatever its options', () => {
    const contents = new FakeContents();
    guardWebContents(contents, silent);
    for (const webPreferences of [{ nodeIntegration: true }, { preload: '/tmp/evil.js' }, {}]) {
      let prevented = false;
      contents.handlers.get('will-attach-webview')!({ preventDefault: () => (prevented = true) }, webPreferences, { src: 'https://evil.example/' });
      expect(prevented).toBe(true);
    }
    expect(mainSource).toContain("app.on('web-contents-created', (_event, contents) => guardWebContents(contents));");
  });

  it('13. Disable or limit navigation: every navigation of the page or a frame is prevented', () => {
    const contents = new FakeContents();
    guardWebContents(contents, silent);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://loopscope/other.html', 'javascript:alert(1)']) {
      expect(contents.fire('will-navigate', url), url).toBe(true);
      expect(contents.fire('will-frame-navigate', url), url).toBe(true);
    }
  });

  it('14. Disable or limit the creation of new windows: every window.open is denied', () => {
    const contents = new FakeContents();
    guardWebContents(contents, silent);
    for (const url of ['https://evil.example/', 'app://loopscope/index.html', 'about:blank']) expect(contents.openHandler!({ url })).toEqual({ action: 'deny' });
  });

  it('15. Do not use shell.openExternal with untrusted content — does not apply: nothing calls it; shell.openPath opens only the bundled language guide', () => {
    for (const path of [...sources('main'), ...sources('renderer')]) expect(read(path), relative(ROOT, path)).not.toMatch(/openExternal/);
    expect(mainSource.match(/shell\.\w+\(/g)).toEqual(['shell.openPath(']);
    expect(mainSource).toContain('shell.openPath(paths.languageGuide)');
  });

  it('16. Use a current version of Electron: pinned exactly, a 45.x patch, the one installed', () => {
    const pkg = JSON.parse(read(join(ROOT, 'package.json'))) as { devDependencies: Record<string, string> };
    const pinned = pkg.devDependencies['electron']!;
    expect(pinned).toMatch(/^45\.\d+\.\d+$/);
    // The newest 45 patch when this was written (`npm view electron versions`); the lock file agrees.
    expect(Number(pinned.split('.')[1])).toBeGreaterThanOrEqual(6);
    const lock = JSON.parse(read(join(ROOT, 'package-lock.json'))) as { packages: Record<string, { version?: string }> };
    expect(lock.packages['node_modules/electron']?.version).toBe(pinned);
  });

  it('17. Validate the sender of all IPC messages: only our window, its top frame, our origin', () => {
    const ours = { id: 1 };
    const policy = { trustedSender: () => ours, allowedOrigins: [APP_ORIGIN] };
    const top = { url: APP_ENTRY_URL, parent: null };
    expect(senderProblem({ sender: ours, senderFrame: top }, policy)).toBeNull();
    expect(senderProblem({ sender: { id: 2 }, senderFrame: top }, policy)).toMatch(/not the Loopscope window/);
    expect(senderProblem({ sender: ours, senderFrame: { url: APP_ENTRY_URL, parent: top } }, policy)).toMatch(/subframe/);
    expect(senderProblem({ sender: ours, senderFrame: { url: 'https://evil.example/', parent: null } }, policy)).toMatch(/not allowed/);
    expect(senderProblem({ sender: ours, senderFrame: null }, policy)).toMatch(/gone/);
    expect(mainSource).toContain('trustedSender: () => window?.webContents ?? null');
  });

  it('18. Avoid the file:// protocol, prefer a custom one: app://loopscope, a standard secure scheme, and file:// gets no extra privileges', () => {
    expect(mainSource).toContain('protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);');
    expect(mainSource).toContain('protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererRoot));');
    expect(mainSource).not.toMatch(/file:\/\/|loadFile\(/);
    expect(read(join(ROOT, 'electron-builder.yml'))).toMatch(/\n {2}grantFileProtocolExtraPrivileges: false\n/);
  });

  it('19. Check which fuses you can change: set at packaging (electronFuses); packaging.test.ts flips them in a binary and reads them back', () => {
    const config = read(join(ROOT, 'electron-builder.yml'));
    const start = config.indexOf('\nelectronFuses:\n') + 1;
    const end = config.slice(start + 1).search(/\n[^ #\n]/) + start + 1;
    const block = config.slice(start, end);
    const fuses = Object.fromEntries([...block.matchAll(/^ {2}(\w+): (true|false)$/gm)].map((m) => [m[1], m[2] === 'true']));
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('20. Do not expose Electron APIs to untrusted web content: the preload exposes one object of contract functions, never ipcRenderer', () => {
    const preload = read(join(ROOT, 'main', 'preload', 'preload.ts'));
    expect(preload.match(/contextBridge\.\w+\(/g)).toEqual(['contextBridge.exposeInMainWorld(']);
    expect(preload).toContain("contextBridge.exposeInMainWorld('loopscope', createPreloadApi(ipcRenderer, webUtils));");
    const leaked: unknown[] = [];
    const ipc = {
      invoke: async () => null,
      on: (_channel: string, listener: unknown) => leaked.push(listener),
      removeListener: () => {},
    };
    const api = createPreloadApi(ipc, { getPathForFile: () => '' }, silent);
    expect(Object.keys(api)).toHaveLength(Object.keys(requests).length + Object.keys(events).length);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    // Listeners get the payload only, never Electron's event object (which carries `sender`).
    let received: unknown[] = [];
    api.onMenuCommand((...args: unknown[]) => (received = args));
    (leaked[0] as (event: unknown, payload: unknown) => void)({ sender: 'ipcRenderer' }, 'zoom-in');
    expect(received).toEqual(['zoom-in']);
  });
});
