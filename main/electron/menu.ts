/**
 * The application menu as data: a pure function from what the menu should show to Electron's
 * template, so accelerators, radio groups and platform differences are tested without Electron.
 * (Only Electron's types are imported; main.ts turns the template into a Menu.)
 *
 * macOS convention: an app menu first (About, Hide, Quit), Close Window in File, a Window menu.
 * Windows/Linux: Quit in File, About in Help. Edit is there on every platform because macOS
 * routes Cmd+C/Cmd+A to web contents only through Edit menu roles.
 *
 * File's keys (Cmd on macOS, Ctrl elsewhere): New Scenario Ctrl+N, Open Ctrl+O, Save Ctrl+S,
 * Save As Shift+Ctrl+S, Reload Ctrl+R. Save and Save As go to the page (it holds the editor's
 * text), which answers with Host.save / Host.saveAs; the page does not bind these keys itself in
 * the desktop app, so each press saves once. Undo and Redo stay the editor's own keys
 * (CodeMirror's history), with no menu accelerator that could take the same key press twice.
 */
import { basename, dirname } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../common/contract.ts';
import type { ViewSettings } from './view-settings.ts';

export interface MenuModel {
  platform: NodeJS.Platform;
  /** Development build: adds Toggle Developer Tools. */
  isDev: boolean;
  appName: string;
  recentFiles: readonly string[];
  /** A scenario is open, so Save and Reload have something to work on. */
  hasScenario: boolean;
  /** The open scenario has a file to reload from (not an untitled one). */
  hasFile?: boolean;
  view: ViewSettings;
}

export interface MenuActions {
  newScenario(): void;
  open(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  reload(): void;
  command(command: MenuCommand): void;
  about(): void;
  openLanguageGuide(): void;
}

export function buildMenuTemplate(model: MenuModel, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = model.platform === 'darwin';
  const command = (name: MenuCommand) => () => actions.command(name);
  // Alt-key mnemonics exist on Windows and Linux only; macOS would show the ampersand.
  const top = (label: string) => (mac ? label : `&${label}`);

  const appMenu: MenuItemConstructorOptions = {
    label: model.appName,
    submenu: [
      { label: `About ${model.appName}`, click: () => actions.about() },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };

  const recent: MenuItemConstructorOptions[] =
    model.recentFiles.length === 0
      ? [{ label: 'No Recent Scenarios', enabled: false }]
      : [
          ...model.recentFiles.map((path): MenuItemConstructorOptions => ({ label: recentLabel(path, model.platform), click: () => actions.openRecent(path) })),
          { type: 'separator' },
          { label: 'Clear Recent', click: () => actions.clearRecent() },
        ];

  const fileMenu: MenuItemConstructorOptions = {
    label: top('File'),
    submenu: [
      { label: 'New Scenario', accelerator: 'CmdOrCtrl+N', click: () => actions.newScenario() },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      { label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      // The page answers these with the editor's text (Host.save / Host.saveAs).
      { label: 'Save', accelerator: 'CmdOrCtrl+S', enabled: model.hasScenario, click: command('save') },
      { label: 'Save As…', accelerator: 'Shift+CmdOrCtrl+S', enabled: model.hasScenario, click: command('save-as') },
      { type: 'separator' },
      { label: 'Reload Scenario', accelerator: 'CmdOrCtrl+R', enabled: model.hasScenario && model.hasFile !== false, click: () => actions.reload() },
      { type: 'separator' },
      { label: 'Export… (coming later)', enabled: false },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', accelerator: model.platform === 'win32' ? 'Alt+F4' : 'CmdOrCtrl+Q' },
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: top('Edit'),
    submenu: [{ role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { type: 'separator' }, { role: 'selectAll' }],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: top('View'),
    submenu: [
      // Timeline zoom, not page zoom: the renderer zooms its axis, the text stays legible.
      { label: 'Zoom In', accelerator: 'CmdOrCtrl+=', click: command('zoom-in') },
      { label: 'Zoom Out', accelerator: 'CmdOrCtrl+-', click: command('zoom-out') },
      { label: 'Actual Size', accelerator: 'CmdOrCtrl+0', click: command('zoom-reset') },
      { type: 'separator' },
      { label: 'Tick Axis', type: 'radio', accelerator: 'CmdOrCtrl+1', checked: model.view.axis === 'ticks', click: command('axis-ticks') },
      { label: 'Time Axis', type: 'radio', accelerator: 'CmdOrCtrl+2', checked: model.view.axis === 'time', click: command('axis-time') },
      { type: 'separator' },
      {
        label: 'Theme',
        submenu: [
          { label: 'System', type: 'radio', checked: model.view.theme === 'system', click: command('theme-system') },
          { label: 'Light', type: 'radio', checked: model.view.theme === 'light', click: command('theme-light') },
          { label: 'Dark', type: 'radio', checked: model.view.theme === 'dark', click: command('theme-dark') },
        ],
      },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(model.isDev ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };

  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    label: top('Help'),
    submenu: [
      { label: 'Scenario Language Guide', click: () => actions.openLanguageGuide() },
      ...(mac ? [] : [{ type: 'separator' } as const, { label: `About ${model.appName}`, click: () => actions.about() }]),
    ],
  };

  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, ...(mac ? [{ role: 'windowMenu' } as const] : []), helpMenu];
}

/**
 * `counter.py — ~/talks/asyncio`. On Windows and Linux a single `&` marks the mnemonic letter,
 * so a file named `a&b.py` would lose its ampersand; doubling it shows it literally.
 */
export function recentLabel(path: string, platform: NodeJS.Platform): string {
  const label = `${basename(path)} — ${dirname(path)}`;
  return platform === 'darwin' ? label : label.replace(/&/g, '&&');
}
