/**
 * The Electron main process: the one window, its menu, the app:// protocol and the IPC handlers.
 *
 * This file is glue. What it glues is tested under plain Node (tests/main): the controller
 * (open, watch, replay), the runner (worker, supersede, progress), the IPC gates, the protocol
 * handler, the menu template, the guards and the persisted state. What stays here needs a real
 * Electron: creating the window, dialogs, the menu object, nativeTheme. tests/electron drives
 * it when an Electron binary is installed.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, screen, session, shell } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventChannel, EventOf, LoadedScenario, MenuCommand, TraceDropProof } from '../common/contract.ts';
import { NEW_SCENARIO_SOURCE } from '../common/scenario-template.ts';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, createAppProtocolHandler } from './app-protocol.ts';
import { appPaths } from './app-paths.ts';
import { CloseGuard } from './close-guard.ts';
import type { ScenarioDocument } from './document.ts';
import { createDocuments } from './document-session.ts';
import type { MessageBox } from './saving.ts';
import { guardSession, guardWebContents } from './guards.ts';
import { originOf, registerRequestHandlers, sendEvent } from './ipc.ts';
import { saveExport } from './exports.ts';
import { JsonStore } from './json-store.ts';
import { FileSettingsStore } from './file-settings.ts';
import { scenarioArgument } from './launch-args.ts';
import { buildMenuTemplate, type MenuActions } from './menu.ts';
import { RecentFiles } from './recent-files.ts';
import { SCHEDULER_WORKER_LIMITS, ScenarioRunner } from './runner.ts';
import { listGallery } from './scenario-files.ts';
import { vouchForDrop, vouchForTraceDrop } from './dropped-files.ts';
import { applyMenuCommand, DEFAULT_VIEW_SETTINGS, settingsCommands, ViewSettings } from './view-settings.ts';
import { MIN_SIZE, restoreBounds, trackWindowState, windowStateStore } from './window-state.ts';

const APP_NAME = 'Loopscope';

// Before anything reads app paths: userData becomes .../Loopscope rather than .../loopscope.
app.setName(APP_NAME);
// A fresh profile for end-to-end tests (and for trying the first-run state), development only.
const profileOverride = process.env['LOOPSCOPE_USER_DATA_DIR'];
if (!app.isPackaged && profileOverride) app.setPath('userData', profileOverride);
// Every renderer sandboxed, whatever a future BrowserWindow forgets to say.
app.enableSandbox();

// Must happen before `ready`. standard: real origin (app://loopscope) and relative URLs;
// secure: a secure context like https; supportFetchAPI: module scripts load through fetch.
// Not corsEnabled, so no other origin can read our files.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);

if (!app.requestSingleInstanceLock()) {
  // Another Loopscope is running: it receives our argv in 'second-instance' and opens the file.
  app.quit();
} else {
  start();
}

function start(): void {
  const paths = appPaths({
    outMainDir: dirname(fileURLToPath(import.meta.url)),
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
  });
  // electron-vite dev serves the renderer with hot reload; only ever trusted unpackaged.
  const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
  const devOrigin = devServerUrl === undefined ? null : originOf(devServerUrl);

  const userData = app.getPath('userData');
  const recent = new RecentFiles(join(userData, 'recent-files.json'));
  const settingsStore = new JsonStore(join(userData, 'view-settings.json'), ViewSettings, () => DEFAULT_VIEW_SETTINGS);
  const windowStore = windowStateStore(join(userData, 'window-state.json'));
  let view = settingsStore.load();
  nativeTheme.themeSource = view.theme;

  let window: BrowserWindow | null = null;
  let rendererReady = false;
  let lastLoaded: LoadedScenario | null = null;
  // A file named before the window exists (argv, macOS open-file): opened once it does.
  let pendingOpen: string | null = null;
  const initialArgument = scenarioArgument(process.argv, process.defaultApp === true);
  if (initialArgument !== null) pendingOpen = resolve(process.cwd(), initialArgument);

  const send = <C extends EventChannel>(channel: C, payload: EventOf<C>): void => {
    if (rendererReady) sendEvent(window?.webContents ?? null, channel, payload);
  };

  const reportError = (title: string, message: string): void => {
    if (window !== null && window.isVisible()) void dialog.showMessageBox(window, { type: 'error', message: title, detail: message, buttons: ['OK'] });
    else dialog.showErrorBox(title, message);
  };

  const runner = new ScenarioRunner({
    createWorker: () => new Worker(paths.worker, { name: 'loopscope-scheduler', resourceLimits: SCHEDULER_WORKER_LIMITS }),
    onProgress: (progress) => send('run:progress', progress),
    onPartial: (scenario) => send('scenario:loaded', scenario),
  });

  // The title shows the document's name, and ● while it has unsaved changes (macOS also marks
  // the close button: setDocumentEdited).
  const refreshTitle = (): void => {
    const document = controller.document;
    window?.setTitle(document === null ? APP_NAME : document.title(APP_NAME));
    if (process.platform === 'darwin') window?.setDocumentEdited(document?.dirty ?? false);
  };

  // A file of the person's own was opened or saved: Open Recent, the title bar's file proxy icon
  // (macOS) and the OS's recent documents (macOS, Windows); those APIs exist only there.
  const rememberFile = (document: ScenarioDocument): void => {
    if (process.platform === 'darwin') window?.setRepresentedFilename(document.kind === 'untitled' ? '' : (document.path ?? ''));
    if (document.kind !== 'file' || document.path === null) return;
    recent.add(document.path);
    if (process.platform !== 'linux') app.addRecentDocument(document.path);
  };

  const ask = async (box: MessageBox): Promise<number> => {
    const options = { ...box, noLink: true };
    const result = window !== null && window.isVisible() ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    return result.response;
  };

  const chooseSavePath = async (suggested: string): Promise<string | null> => {
    const options: Electron.SaveDialogOptions = {
      title: 'Save Scenario',
      defaultPath: suggested,
      filters: [{ name: 'Python scenarios', extensions: ['py'] }],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    };
    const result = window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
    return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath;
  };

  const chooseExportPath = async (suggested: string, filter: { name: string; extensions: string[] }): Promise<string | null> => {
    const options: Electron.SaveDialogOptions = { title: 'Export', defaultPath: suggested, filters: [filter], properties: ['showOverwriteConfirmation', 'createDirectory'] };
    const result = window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
    return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath;
  };

  const { controller, session: documents, hotExit } = createDocuments({
    run: (job) => runner.run(job),
    deliver: (scenario) => {
      lastLoaded = scenario;
      send('scenario:loaded', scenario);
      refreshTitle();
    },
    galleryDir: paths.galleryDir,
    reportError,
    opened: (document) => {
      refreshTitle();
      rememberFile(document);
      refreshMenu();
    },
    forgetRecent: (path) => {
      recent.remove(path);
      refreshMenu();
    },
    backupsDir: join(userData, 'Backups'),
    // The page answers a flush only once it is loaded; before that there is nothing to ask.
    sendFlush: (flush) => rendererReady && sendEvent(window?.webContents ?? null, 'document:flush', { flush }),
    dialogs: { ask, chooseSavePath, reportError, defaultFolder: () => lastFolder() },
    template: NEW_SCENARIO_SOURCE,
    changed: () => {
      refreshTitle();
      refreshMenu();
    },
    savedAt: (document) => {
      rememberFile(document);
      refreshMenu();
    },
    sendDiskChange: (change) => send('document:disk-changed', change),
  });
  const closeGuard = new CloseGuard(
    () => documents.confirmLeave(),
    () => app.quit(),
  );

  /** Where Open and Save As start: the open file's folder, else the most recent file's, else Documents. */
  function lastFolder(): string {
    const document = controller.document;
    if (document !== null && document.kind === 'file' && document.path !== null) return dirname(document.path);
    const [latest] = recent.list();
    if (latest !== undefined) return dirname(latest);
    try {
      return app.getPath('documents');
    } catch {
      // Some Linux desktops have no Documents folder configured.
      return app.getPath('home');
    }
  }

  // A file from the command line, a second instance or macOS's open-file.
  const openFile = (path: string): void => {
    if (window !== null) {
      void controller.openPath(path, 'argv');
      return;
    }
    pendingOpen = path;
    // macOS keeps running without windows: make one to show the file in.
    if (app.isReady()) createWindow();
  };

  /** A drop opens only once main has checked its proof (dropped-files.ts). */
  async function openDropped(request: { path: string; content: Uint8Array } | { path: string; trace: TraceDropProof }): Promise<boolean> {
    let vouched: string;
    try {
      vouched = 'trace' in request ? await vouchForTraceDrop(request.path, request.trace) : await vouchForDrop(request.path, request.content);
    } catch (error) {
      reportError('Cannot open the scenario', error instanceof Error ? error.message : String(error));
      return false;
    }
    return controller.openPath(vouched, 'drop');
  }

  async function showOpenDialog(): Promise<boolean> {
    const options: Electron.OpenDialogOptions = {
      title: 'Open Scenario',
      properties: ['openFile'],
      // Scenarios, and traces saved with `loopscope run FILE --format json`.
      filters: [
        { name: 'Scenarios and saved traces', extensions: ['py', 'json'] },
        { name: 'Python scenarios', extensions: ['py'] },
        { name: 'Saved traces', extensions: ['json'] },
      ],
      defaultPath: lastFolder(),
    };
    const result = window === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(window, options);
    const chosen = result.canceled ? undefined : result.filePaths[0];
    return chosen === undefined ? false : controller.openPath(chosen, 'dialog');
  }

  const applyCommand = (command: MenuCommand): void => {
    const next = applyMenuCommand(view, command);
    if (next !== view) {
      view = next;
      nativeTheme.themeSource = view.theme;
      try {
        settingsStore.save(view);
      } catch (error) {
        console.warn(`Loopscope: cannot save the view settings: ${String(error)}`);
      }
      refreshMenu();
    }
    send('menu:command', command);
  };

  const menuActions: MenuActions = {
    newScenario: () => void documents.newScenario(),
    open: () => void showOpenDialog(),
    openRecent: (path) => void controller.openPath(path, 'recent'),
    clearRecent: () => {
      recent.clear();
      if (process.platform !== 'linux') app.clearRecentDocuments();
      refreshMenu();
    },
    reload: () => void controller.reload(),
    command: applyCommand,
    about: () => {
      const detail = [
        `Version ${app.getVersion()}`,
        `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
        '',
        'Watch, step by step, how asyncio’s event loop runs your coroutines.',
      ].join('\n');
      if (window === null) void dialog.showMessageBox({ type: 'info', message: APP_NAME, detail });
      else void dialog.showMessageBox(window, { type: 'info', message: APP_NAME, detail });
    },
    openLanguageGuide: () => {
      // A local file (shipped in resources/docs): no URL to vet, and it works offline.
      void shell.openPath(paths.languageGuide).then((problem) => {
        if (problem !== '') reportError('Cannot open the scenario language guide', problem);
      });
    },
  };

  function refreshMenu(): void {
    const template = buildMenuTemplate(
      {
        platform: process.platform,
        isDev: !app.isPackaged,
        appName: APP_NAME,
        recentFiles: recent.list(),
        hasScenario: controller.document !== null,
        hasFile: controller.document?.path != null,
        view,
      },
      menuActions,
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  const backgroundColor = (): string => (nativeTheme.shouldUseDarkColors ? '#1b1d22' : '#ffffff');

  function createWindow(): void {
    const saved = windowStore.load();
    const bounds = restoreBounds(
      saved,
      screen.getAllDisplays().map((display) => display.workArea),
    );
    rendererReady = false;
    const win = new BrowserWindow({
      ...bounds,
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
      title: APP_NAME,
      show: false,
      backgroundColor: backgroundColor(),
      webPreferences: {
        preload: paths.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        // Middle-click would otherwise open links in new windows (auxclick).
        disableBlinkFeatures: 'Auxclick',
        // A dropped file is handled by the page (and the preload), never navigated to.
        navigateOnDragDrop: false,
        spellcheck: false,
      },
    });
    window = win;
    closeGuard.reset();
    if (saved.maximized) win.maximize();
    if (saved.fullScreen) win.setFullScreen(true);
    trackWindowState(win, windowStore);

    win.once('ready-to-show', () => {
      win.show();
      // Opened once the window shows, so a question about a restored buffer's edits has a window.
      if (pendingOpen !== null) {
        const path = pendingOpen;
        pendingOpen = null;
        void controller.openPath(path, 'argv');
      }
    });
    // Unsaved changes: Save / Don't Save / Cancel before the window goes (closing it, quitting).
    win.on('close', (event) => closeGuard.close(event, win));
    // The title bar shows the scenario, not the page's <title>.
    win.on('page-title-updated', (event) => event.preventDefault());
    win.webContents.on('did-start-loading', () => {
      rendererReady = false;
    });
    win.webContents.on('did-finish-load', () => {
      rendererReady = true;
      // A fresh page (first load, or a reload after a crash or in development) learns the
      // menu's choices and gets the open scenario again; it has no place to keep, so reload: false.
      for (const command of settingsCommands(view)) send('menu:command', command);
      const document = controller.document;
      if (document === null || lastLoaded === null) return;
      // The edits main knows of that the last result does not show are played again.
      if (document.dirty && lastLoaded.source !== document.text) void controller.replayForNewPage();
      else {
        const { edit: _edit, ...last } = lastLoaded;
        send('scenario:loaded', { ...last, reload: false, unsaved: document.dirty });
      }
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      console.error(`Loopscope: the window's renderer is gone (${details.reason})`);
    });
    win.on('closed', () => {
      window = null;
      rendererReady = false;
      lastLoaded = null;
      runner.cancel();
      controller.close();
      refreshMenu();
    });

    void win.loadURL(devServerUrl ?? APP_ENTRY_URL);
  }

  // Settings kept with a file (bookmarks), for the document on screen only.
  const fileSettings = new FileSettingsStore(join(userData, 'file-settings.json'), {
    pathOf: (id) => {
      const document = controller.document;
      return document !== null && document.id === id && document.kind !== 'untitled' ? document.path : null;
    },
  });

  registerRequestHandlers(
    ipcMain,
    {
      'gallery:list': () => listGallery(paths.galleryDir),
      'scenario:open-dialog': () => showOpenDialog(),
      'scenario:open-gallery': ({ name }) => controller.openGallery(name),
      'scenario:open-dropped': (request) => openDropped(request),
      'document:new': () => documents.newScenario(),
      'document:play': ({ document, source }) => documents.play(document, source),
      'document:buffer': ({ document, buffer }) => {
        documents.bufferChanged(document, buffer);
        return null;
      },
      'document:flushed': ({ flush, document, buffer }) => {
        documents.flushed(flush, document, buffer);
        return null;
      },
      'document:save': ({ document, source }) => documents.save(document, source, false),
      'document:save-as': ({ document, source }) => documents.save(document, source, true),
      // Stop: the run's worker is terminated; the page keeps the partial model it has drawn.
      'run:stop': () => {
        const running = runner.busy;
        runner.cancel();
        return running;
      },
      'export:save': (file) => saveExport(file, { chooseExportPath, reportError, defaultFolder: () => lastFolder() }),
      'file-settings:read': ({ document }) => fileSettings.read(document),
      'file-settings:write': ({ document, settings }) => fileSettings.write(document, settings),
    },
    {
      trustedSender: () => window?.webContents ?? null,
      allowedOrigins: devOrigin === null ? [APP_ORIGIN] : [APP_ORIGIN, devOrigin],
    },
  );

  // Every web contents (the window, DevTools, anything later) gets the same guards.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (window !== null) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    const argument = scenarioArgument(argv, process.defaultApp === true);
    if (argument !== null) openFile(resolve(workingDirectory, argument));
  });

  // macOS: files opened from Finder or dropped on the Dock icon (may arrive before `ready`).
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFile(path);
  });

  nativeTheme.on('updated', () => {
    // The page follows prefers-color-scheme, which Chromium updates from nativeTheme by itself;
    // the window's own background (seen while resizing) is ours to update.
    window?.setBackgroundColor(backgroundColor());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && window === null) createWindow();
  });

  app.on('before-quit', () => closeGuard.beforeQuit());

  app.on('will-quit', () => {
    runner.dispose();
    controller.close();
    hotExit.dispose();
  });

  void app.whenReady().then(async () => {
    guardSession(session.defaultSession);
    protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererRoot));
    refreshMenu();
    runner.warmUp();
    // Hot exit: the buffer that had unsaved changes when the app last stopped (crash, kill).
    await documents.restoreBackup().catch((error: unknown) => console.error('Loopscope: could not restore the backup:', error));
    createWindow();
  });
}
