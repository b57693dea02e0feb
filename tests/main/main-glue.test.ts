/**
 * The glue in main.ts, run for real under Node with a fake `electron` module: the built bundle
 * (out/main/main.js, from electron-vite, into a private folder) is imported with `electron`
 * replaced by recording fakes, and driven through a start: privileged scheme before ready,
 * single-instance lock, hardened window, app:// responses, IPC gates, the scenario from the
 * command line played by the real worker, menu commands, quitting.
 *
 * It cannot show pixels or Chromium's enforcement (tests/electron does, where Electron is
 * installed); it shows that the glue calls Electron the way the design says, and runs.
 */
import { EventEmitter } from 'node:events';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LoadedScenario, requests } from '../../main/common/contract.ts';
import { NEW_SCENARIO_SOURCE } from '../../main/common/scenario-template.ts';
import { CONTENT_SECURITY_POLICY } from '../../main/electron/app-protocol.ts';
import { ROOT, waitFor } from './support.ts';

const fake = vi.hoisted(() => {
  // Hoisted above the imports, so a small emitter of its own rather than node:events.
  class Emitter {
    private readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
    on(event: string, listener: (...args: unknown[]) => void): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: (...args: unknown[]) => void): this {
      return this.on(event, listener);
    }
    emit(event: string, ...args: unknown[]): boolean {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
      return (this.listeners.get(event) ?? []).length > 0;
    }
  }
  const calls: string[] = [];
  const windows: FakeWindow[] = [];
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));
  let userData = '';
  let menuTemplate: unknown[] = [];
  const privileged: unknown[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const errors: string[] = [];
  /** Questions asked in message boxes, and the answers (button indexes) to give, in order. */
  const questions: { message: string; buttons: string[] }[] = [];
  const answers: number[] = [];
  /** Paths the Save dialog returns, in order (null: cancelled). */
  const savePaths: (string | null)[] = [];
  let documents = '';

  class FakeWebContents extends Emitter {
    readonly sent: [string, unknown][] = [];
    readonly id = 1;
    /** The page's side of a send (set by a test to play the page). */
    onSend: (channel: string, payload: unknown) => void = () => {};
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
      this.onSend(channel, payload);
    }
    isDestroyed() {
      return false;
    }
  }
  class FakeWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    title = '';
    url = '';
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    setTitle(title: string) {
      this.title = title;
    }
    closed = false;
    /** Like BrowserWindow.close: 'close' can be prevented; otherwise the window goes. */
    close() {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (prevented) return;
      this.closed = true;
      this.emit('closed');
    }
    setDocumentEdited() {}
    setRepresentedFilename() {}
    isVisible() {
      return true;
    }
    show() {}
    maximize() {}
    setFullScreen() {}
    getNormalBounds() {
      return { x: 10, y: 10, width: 1280, height: 820 };
    }
    isMaximized() {
      return false;
    }
    isFullScreen() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    setBackgroundColor() {}
  }
  const appEmitter = new Emitter();
  const app = Object.assign(appEmitter, {
    isPackaged: false,
    setName: (name: string) => calls.push(`app.setName ${name}`),
    setPath: (name: string, path: string) => {
      if (name === 'userData') userData = path;
    },
    getPath: (name: string) => {
      if (name === 'documents') return documents;
      if (name !== 'userData') throw new Error(name);
      return userData;
    },
    setDocumentsPath: (path: string) => (documents = path),
    enableSandbox: () => calls.push('app.enableSandbox'),
    getAppPath: (): string => '',
    requestSingleInstanceLock: () => {
      calls.push('app.requestSingleInstanceLock');
      return true;
    },
    quit: () => calls.push('app.quit'),
    whenReady: () => ready,
    isReady: () => false,
    addRecentDocument: (path: string) => calls.push(`app.addRecentDocument ${path}`),
    clearRecentDocuments: () => {},
    getVersion: () => '0.1.0',
  });
  return {
    calls,
    windows,
    handlers,
    errors,
    questions,
    answers,
    savePaths,
    privileged,
    protocolHandlers,
    get menuTemplate() {
      return menuTemplate;
    },
    ready: () => readyResolve(),
    module: {
      app,
      BrowserWindow: FakeWindow,
      dialog: {
        showMessageBox: (_window: unknown, options: { type: string; message: string; detail: string; buttons: string[] }) => {
          if (options.type === 'error') {
            errors.push(`${options.message}: ${options.detail}`);
            return Promise.resolve({ response: 0 });
          }
          questions.push({ message: options.message, buttons: options.buttons });
          const response = answers.shift();
          if (response === undefined) return Promise.reject(new Error(`unexpected question: ${options.message}`));
          return Promise.resolve({ response });
        },
        showErrorBox: (title: string, message: string) => errors.push(`${title}: ${message}`),
        showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
        showSaveDialog: () => {
          const path = savePaths.shift();
          if (path === undefined) return Promise.reject(new Error('unexpected Save dialog'));
          return Promise.resolve(path === null ? { canceled: true } : { canceled: false, filePath: path });
        },
      },
      ipcMain: {
        handle: (channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) => handlers.set(channel, listener),
        removeHandler: (channel: string) => handlers.delete(channel),
      },
      Menu: {
        buildFromTemplate: (template: unknown[]) => {
          menuTemplate = template;
          return { template };
        },
        setApplicationMenu: () => calls.push('Menu.setApplicationMenu'),
      },
      nativeTheme: Object.assign(new Emitter(), { themeSource: 'system', shouldUseDarkColors: false }),
      protocol: {
        registerSchemesAsPrivileged: (schemes: unknown[]) => {
          calls.push('protocol.registerSchemesAsPrivileged');
          privileged.push(...schemes);
        },
        handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
          calls.push(`protocol.handle ${scheme}`);
          protocolHandlers.set(scheme, handler);
        },
      },
      screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
      session: {
        defaultSession: {
          setPermissionRequestHandler: () => calls.push('session.setPermissionRequestHandler'),
          setPermissionCheckHandler: () => calls.push('session.setPermissionCheckHandler'),
        },
      },
      shell: { openPath: () => Promise.resolve('') },
    },
  };
});

vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

const run = promisify(execFile);
// Inside the project but outside node_modules: Vitest then transforms the bundle itself, so its
// `import 'electron'` meets the mock. (out/ is build output, ignored by git and by packaging.)
// Per process: two test runs on one checkout must not delete each other's build.
const buildDir = join(ROOT, 'out', `.glue-test-${process.pid}`);
const profile = join(buildDir, 'profile');
const scenarioFile = join(buildDir, 'counter.py');
const savedArgv = process.argv;

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;
type Item = { label?: string; submenu?: Item[]; click?: () => void };
const findItem = (items: Item[], label: string): Item | undefined => {
  for (const item of items) {
    if (item.label === label) return item;
    const inner = item.submenu ? findItem(item.submenu, label) : undefined;
    if (inner) return inner;
  }
  return undefined;
};
const ours = () => ({ sender: fake.windows[0]!.webContents, senderFrame: { url: 'app://loopscope/index.html', parent: null } });
const invoke = (channel: string, payload: unknown) => (fake.handlers.get(channel) as Handler)(ours(), payload);

/**
 * The page, as far as main can tell: it shows the document main last sent, holds the editor's
 * text, and answers main's flush requests with it (as renderer/app/electron-host.ts does).
 */
const page = {
  document: -1,
  text: '',
  attach() {
    fake.windows[0]!.webContents.onSend = (channel, payload) => {
      if (channel === 'scenario:loaded') {
        const scenario = payload as { document?: number; source: string; edit?: boolean };
        page.document = scenario.document ?? -1;
        if (scenario.edit !== true) page.text = scenario.source;
      }
      if (channel === 'document:flush') {
        const { flush } = payload as { flush: number };
        setTimeout(() => void invoke('document:flushed', { flush, document: page.document, buffer: { source: page.text, dirty: true } }), 1);
      }
    };
  },
  /** Typing, reported to main as the page's debounce would. */
  async type(text: string) {
    page.text = text;
    await invoke('document:buffer', { document: page.document, buffer: { source: text, dirty: true } });
  },
};

describe('main.ts under a fake Electron', () => {
  beforeAll(async () => {
    rmSync(buildDir, { recursive: true, force: true });
    mkdirSync(profile, { recursive: true });
    await run(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', join(buildDir, 'out'), '--logLevel', 'warn'], { cwd: ROOT });
    writeFileSync(scenarioFile, 'import asyncio\n\nasync def main():\n    print("hello")\n    await asyncio.sleep(1)\n\nasyncio.run(main())\n');
    fake.module.app.getAppPath = () => ROOT;
    fake.module.app.setDocumentsPath(join(buildDir, 'Documents'));
    process.env['LOOPSCOPE_USER_DATA_DIR'] = profile;
    // `electron . counter.py`
    process.argv = ['/usr/bin/electron', '.', scenarioFile];
    (process as { defaultApp?: boolean }).defaultApp = true;
    await import(/* @vite-ignore */ join(buildDir, 'out', 'main', 'main.js'));
  }, 120_000);

  afterAll(() => {
    fake.module.app.emit('will-quit');
    process.argv = savedArgv;
    delete (process as { defaultApp?: boolean }).defaultApp;
    delete process.env['LOOPSCOPE_USER_DATA_DIR'];
    rmSync(buildDir, { recursive: true, force: true });
  });

  it('before ready: names the app, sandboxes every renderer, takes the single-instance lock, registers app:// as privileged', () => {
    expect(fake.calls.slice(0, 4)).toEqual(['app.setName Loopscope', 'app.enableSandbox', 'protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock']);
    expect(fake.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(fake.windows).toHaveLength(0);
    expect(fake.handlers.size).toBe(Object.keys(requests).length);
  });

  it('at ready: denies permissions, serves app://, sets the menu, opens one hardened window on app://loopscope', async () => {
    fake.ready();
    await waitFor(() => fake.windows.length === 1, 5000, 'the window');
    expect(fake.calls).toEqual(
      expect.arrayContaining(['session.setPermissionRequestHandler', 'session.setPermissionCheckHandler', 'protocol.handle app', 'Menu.setApplicationMenu']),
    );
    const window = fake.windows[0]!;
    expect(window.url).toBe('app://loopscope/index.html');
    expect(window.options['webPreferences']).toEqual({
      preload: join(buildDir, 'out', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      spellcheck: false,
    });
    expect(existsSync(join(buildDir, 'out', 'preload', 'preload.cjs'))).toBe(true);
  });

  it('serves the built renderer over app:// with the CSP header', async () => {
    const handler = fake.protocolHandlers.get('app')!;
    const page = await handler(new Request('app://loopscope/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe(readFileSync(join(buildDir, 'out', 'renderer', 'index.html'), 'utf8'));
    expect((await handler(new Request('app://loopscope/../../main/main.js'))).status).toBe(404);
  });

  it('answers IPC from the window and refuses a foreign sender', async () => {
    const window = fake.windows[0]!;
    const list = fake.handlers.get('gallery:list') as Handler;
    const ours = { sender: window.webContents, senderFrame: { url: 'app://loopscope/index.html', parent: null } };
    const gallery = (await list(ours, null)) as unknown[];
    expect(gallery.length).toBeGreaterThan(20);
    await expect(list({ sender: new EventEmitter(), senderFrame: ours.senderFrame }, null)).rejects.toThrow(/not the Loopscope window/);
    await expect(list({ ...ours, senderFrame: { url: 'https://evil.example/', parent: null } }, null)).rejects.toThrow(/not allowed/);
  });

  it('plays the scenario from the command line in the worker and sends it once the page has loaded', async () => {
    const window = fake.windows[0]!;
    page.attach();
    window.webContents.emit('did-start-loading');
    window.webContents.emit('did-finish-load');
    window.emit('ready-to-show');
    const loaded = await waitFor(() => window.webContents.sent.find(([channel]) => channel === 'scenario:loaded'), 20_000, 'scenario:loaded');
    const scenario = LoadedScenario.parse(loaded[1]);
    expect(scenario).toMatchObject({ file: scenarioFile, name: 'counter.py', reload: false, outcome: { kind: 'trace' } });
    expect(window.title).toBe('counter.py — Loopscope');
    expect(window.webContents.sent.filter(([channel]) => channel === 'menu:command').map(([, command]) => command)).toEqual(['axis-ticks', 'theme-system']);
    expect(JSON.parse(readFileSync(join(profile, 'recent-files.json'), 'utf8'))).toEqual({ files: [scenarioFile] });
    expect(fake.errors).toEqual([]);
  });

  it('replays the file when it is saved', async () => {
    const window = fake.windows[0]!;
    writeFileSync(scenarioFile, 'import asyncio\n\nasync def main():\n    print("hello again")\n    await asyncio.sleep(2)\n\nasyncio.run(main())\n');
    const reloaded = await waitFor(
      () => window.webContents.sent.find(([channel, payload]) => channel === 'scenario:loaded' && (payload as { reload: boolean }).reload),
      20_000,
      'the replay',
    );
    expect((reloaded[1] as { source: string }).source).toContain('hello again');
  });

  it('opens a dropped path only with its proof (the bytes the page read); forged drops all fail alike', async () => {
    const window = fake.windows[0]!;
    const drop = fake.handlers.get('scenario:open-dropped') as Handler;
    const ours = { sender: window.webContents, senderFrame: { url: 'app://loopscope/index.html', parent: null } };
    const secret = join(buildDir, 'secret.py');
    const secretText = 'print("a private scenario")\n';
    writeFileSync(secret, secretText);
    writeFileSync(join(buildDir, 'passwd'), 'root:x:0:0\n');
    symlinkSync(join(buildDir, 'passwd'), join(buildDir, 'passwd.py'));
    const loadedSources = () => window.webContents.sent.filter(([channel]) => channel === 'scenario:loaded').map(([, payload]) => (payload as { source: string }).source);
    const before = loadedSources().length;
    fake.errors.length = 0;
    const forged = [
      { path: secret, content: new Uint8Array([1, 2, 3]) }, // an existing file, without its bytes
      { path: join(buildDir, 'missing.py'), content: new Uint8Array([1, 2, 3]) }, // a file that does not exist
      { path: join(buildDir, 'passwd.py'), content: new TextEncoder().encode('root:x:0:0\n') }, // a link out, with the target's bytes
    ];
    for (const request of forged) await expect(drop(ours, request)).resolves.toBe(false);
    // The page learns nothing from the refusals: the same answer, and the same message for each.
    expect(fake.errors.map((error) => error.replace(/“[^”]*”/, '“…”'))).toEqual([
      'Cannot open the scenario: Loopscope could not open the dropped file “…”: it changed after it was dropped, or it cannot be read. Open it with File ▸ Open.',
      'Cannot open the scenario: Loopscope could not open the dropped file “…”: it changed after it was dropped, or it cannot be read. Open it with File ▸ Open.',
      'Cannot open the scenario: Loopscope could not open the dropped file “…”: it changed after it was dropped, or it cannot be read. Open it with File ▸ Open.',
    ]);
    // A bare path, as before the proof existed, is refused by the contract itself.
    await expect(drop(ours, { path: secret })).rejects.toThrow(/invalid payload/);
    expect(loadedSources().length).toBe(before);
    // The real drop: its bytes match, so it opens and plays.
    await expect(drop(ours, { path: secret, content: new TextEncoder().encode(secretText) })).resolves.toBe(true);
    await waitFor(() => loadedSources().includes(secretText), 20_000, 'the dropped scenario');
    fake.errors.length = 0;
    // Drop the command line's scenario again, so that the tests after this one find it open.
    const counter = readFileSync(scenarioFile);
    await expect(drop(ours, { path: scenarioFile, content: new Uint8Array(counter) })).resolves.toBe(true);
    await waitFor(() => window.title === 'counter.py — Loopscope' || undefined, 20_000, 'counter.py open again');
  });

  it('turns View menu items into menu:command events and remembers the theme', () => {
    const window = fake.windows[0]!;
    findItem(fake.menuTemplate as Item[], 'Dark')!.click!();
    expect(window.webContents.sent.at(-1)).toEqual(['menu:command', 'theme-dark']);
    expect(fake.module.nativeTheme.themeSource).toBe('dark');
    expect(JSON.parse(readFileSync(join(profile, 'view-settings.json'), 'utf8'))).toEqual({ axis: 'ticks', theme: 'dark' });
  });

  it('guards every web contents that gets created', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    fake.module.app.emit('web-contents-created', {}, contents);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    let prevented = false;
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
  });

  it('marks unsaved changes in the title, asks the page for its text on File ▸ Save, and saves it', async () => {
    const window = fake.windows[0]!;
    await page.type('import asyncio\n\nasync def main():\n    print("edited")\n\nasyncio.run(main())\n');
    expect(window.title).toBe('● counter.py — Loopscope');
    findItem(fake.menuTemplate as Item[], 'Save')!.click!();
    expect(window.webContents.sent.at(-1)).toEqual(['menu:command', 'save']);
    // The page answers the menu with Host.save(text).
    expect(await invoke('document:save', { document: page.document, source: page.text })).toBe('saved');
    expect(readFileSync(scenarioFile, 'utf8')).toContain('print("edited")');
    expect(window.title).toBe('counter.py — Loopscope');
    expect(fake.questions).toEqual([]);
  });

  it('plays the page’s text without touching the file', async () => {
    const window = fake.windows[0]!;
    const before = window.webContents.sent.length;
    expect(await invoke('document:play', { document: page.document, source: 'print("just trying")\n' })).toBe(true);
    const replay = await waitFor(() => window.webContents.sent.slice(before).find(([channel]) => channel === 'scenario:loaded'), 20_000, 'the replay of the edit');
    expect(replay[1]).toMatchObject({ name: 'counter.py', source: 'print("just trying")\n', edit: true, document: page.document });
    expect(readFileSync(scenarioFile, 'utf8')).not.toContain('just trying');
  });

  it('New Scenario starts Untitled-1, backs its edits up, and asks before the window closes: Cancel, a cancelled Save As, then Save As and quit', async () => {
    const window = fake.windows[0]!;
    const before = window.webContents.sent.length;
    findItem(fake.menuTemplate as Item[], 'New Scenario')!.click!();
    const loaded = await waitFor(
      () => window.webContents.sent.slice(before).find(([channel, payload]) => channel === 'scenario:loaded' && (payload as { name: string }).name === 'Untitled-1'),
      20_000,
      'the new scenario',
    );
    expect(loaded[1]).toMatchObject({ file: 'Untitled-1', source: NEW_SCENARIO_SOURCE, reload: false, outcome: { kind: 'trace' } });
    expect(window.title).toBe('Untitled-1 — Loopscope');
    await page.type(`${page.text}print("more")\n`);
    expect(window.title).toBe('● Untitled-1 — Loopscope');
    const backups = join(profile, 'Backups');
    await waitFor(() => existsSync(backups) && readdirSync(backups).some((name) => name.endsWith('.json')), 10_000, 'the hot-exit backup');

    // Cancel: the window stays.
    fake.answers.push(2);
    window.close();
    await waitFor(() => fake.questions.length === 1, 5000, 'the close prompt');
    expect(fake.questions[0]).toEqual({ message: 'Do you want to save the changes you made to Untitled-1?', buttons: ['Save', 'Don’t Save', 'Cancel'] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(window.closed).toBe(false);

    // Quit, Save, and the Save As dialog cancelled: the window stays and the app does not quit.
    fake.module.app.emit('before-quit');
    fake.answers.push(0);
    fake.savePaths.push(null);
    window.close();
    await waitFor(() => fake.questions.length === 2 && fake.savePaths.length === 0, 5000, 'the Save As dialog');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(window.closed).toBe(false);
    expect(fake.calls.filter((call) => call === 'app.quit')).toEqual([]);

    // Quit again, Save, a place chosen: written there, remembered, the backup gone, the window closed, the quit carried on.
    const saved = join(buildDir, 'from-untitled.py');
    fake.module.app.emit('before-quit');
    fake.answers.push(0);
    fake.savePaths.push(saved);
    window.close();
    await waitFor(() => window.closed, 10_000, 'the window to close');
    expect(readFileSync(saved, 'utf8')).toContain('print("more")');
    expect(JSON.parse(readFileSync(join(profile, 'recent-files.json'), 'utf8')).files[0]).toBe(saved);
    expect(readdirSync(backups).filter((name) => name.endsWith('.json'))).toEqual([]);
    expect(fake.calls.filter((call) => call === 'app.quit')).toEqual(['app.quit']);
    expect(fake.errors).toEqual([]);
  });

});
