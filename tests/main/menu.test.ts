/**
 * The application menu template: standard accelerators, radio groups that show the current
 * choice, platform conventions, and items wired to their actions.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../main/common/contract.ts';
import { buildMenuTemplate, recentLabel, type MenuActions, type MenuModel } from '../../main/electron/menu.ts';

type Item = MenuItemConstructorOptions;

function build(overrides: Partial<MenuModel> = {}) {
  const calls: string[] = [];
  const actions: MenuActions = {
    newScenario: () => calls.push('new'),
    open: () => calls.push('open'),
    openRecent: (path) => calls.push(`recent:${path}`),
    clearRecent: () => calls.push('clear-recent'),
    reload: () => calls.push('reload'),
    command: (command: MenuCommand) => calls.push(`command:${command}`),
    about: () => calls.push('about'),
    openLanguageGuide: () => calls.push('guide'),
  };
  const model: MenuModel = {
    platform: 'linux',
    isDev: false,
    appName: 'Loopscope',
    recentFiles: ['/home/ada/talks/counter.py', '/home/ada/a&b.py'],
    hasScenario: true,
    view: { axis: 'ticks', theme: 'system' },
    ...overrides,
  };
  return { template: buildMenuTemplate(model, actions), calls };
}

const submenu = (item: Item | undefined): Item[] => (item?.submenu ?? []) as Item[];
const top = (template: Item[], label: string) => template.find((item) => item.label?.replace('&', '') === label || item.role === label);
const find = (items: Item[], label: string): Item => {
  for (const item of items) {
    if (item.label === label) return item;
    const inner = Array.isArray(item.submenu) ? findOrNull(item.submenu as Item[], label) : null;
    if (inner !== null) return inner;
  }
  throw new Error(`no menu item ${label}`);
};
const findOrNull = (items: Item[], label: string): Item | null => {
  try {
    return find(items, label);
  } catch {
    return null;
  }
};
const click = (item: Item) => (item.click as unknown as () => void)();

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help on Windows and Linux, with Alt mnemonics', () => {
    const { template } = build();
    expect(template.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });

  it('puts an app menu first and a Window menu on macOS, without mnemonics', () => {
    const { template } = build({ platform: 'darwin' });
    expect(template.map((item) => item.label ?? item.role)).toEqual(['Loopscope', 'File', 'Edit', 'View', 'windowMenu', 'Help']);
    const app = submenu(template[0]);
    expect(app.map((item) => item.role ?? item.label ?? item.type)).toEqual(['About Loopscope', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    // macOS: Close Window in File, Quit only in the app menu, About not repeated in Help.
    const file = submenu(top(template, 'File'));
    expect(file.some((item) => item.role === 'close')).toBe(true);
    expect(file.some((item) => item.role === 'quit')).toBe(false);
    expect(submenu(top(template, 'help')).map((item) => item.label)).toEqual(['Scenario Language Guide']);
  });

  it('uses the standard accelerators', () => {
    const { template } = build();
    const accelerators = Object.fromEntries(
      ['New Scenario', 'Open…', 'Save', 'Save As…', 'Reload Scenario', 'Zoom In', 'Zoom Out', 'Actual Size', 'Tick Axis', 'Time Axis'].map((label) => [label, find(template, label).accelerator]),
    );
    expect(accelerators).toEqual({
      'New Scenario': 'CmdOrCtrl+N',
      'Open…': 'CmdOrCtrl+O',
      // Cmd+S / Shift+Cmd+S on macOS, Ctrl+S / Shift+Ctrl+S elsewhere.
      Save: 'CmdOrCtrl+S',
      'Save As…': 'Shift+CmdOrCtrl+S',
      'Reload Scenario': 'CmdOrCtrl+R',
      'Zoom In': 'CmdOrCtrl+=',
      'Zoom Out': 'CmdOrCtrl+-',
      'Actual Size': 'CmdOrCtrl+0',
      'Tick Axis': 'CmdOrCtrl+1',
      'Time Axis': 'CmdOrCtrl+2',
    });
    const file = submenu(top(template, 'File'));
    expect(file.at(-1)).toEqual({ role: 'quit', accelerator: 'CmdOrCtrl+Q' });
    expect(submenu(top(build({ platform: 'win32' }).template, 'File')).at(-1)).toEqual({ role: 'quit', accelerator: 'Alt+F4' });
    const edit = submenu(top(template, 'Edit')).map((item) => item.role).filter(Boolean);
    expect(edit).toEqual(['cut', 'copy', 'paste', 'selectAll']);
  });

  it('shows the axis and theme as radio groups checked from the settings', () => {
    const ticks = build().template;
    expect([find(ticks, 'Tick Axis'), find(ticks, 'Time Axis')].map((item) => [item.type, item.checked])).toEqual([
      ['radio', true],
      ['radio', false],
    ]);
    const dark = build({ view: { axis: 'time', theme: 'dark' } }).template;
    expect(find(dark, 'Time Axis').checked).toBe(true);
    const theme = submenu(find(dark, 'Theme'));
    expect(theme.map((item) => [item.label, item.type, item.checked])).toEqual([
      ['System', 'radio', false],
      ['Light', 'radio', false],
      ['Dark', 'radio', true],
    ]);
  });

  it('sends each View item as its menu:command', () => {
    const { template, calls } = build();
    for (const label of ['Zoom In', 'Zoom Out', 'Actual Size', 'Tick Axis', 'Time Axis', 'System', 'Light', 'Dark']) click(find(template, label));
    expect(calls).toEqual([
      'command:zoom-in',
      'command:zoom-out',
      'command:zoom-reset',
      'command:axis-ticks',
      'command:axis-time',
      'command:theme-system',
      'command:theme-light',
      'command:theme-dark',
    ]);
  });

  it('lists recent files (most recent first), opens them, and clears them', () => {
    const { template, calls } = build();
    const recent = submenu(find(template, 'Open Recent'));
    expect(recent.map((item) => item.label ?? item.type)).toEqual(['counter.py — /home/ada/talks', 'a&&b.py — /home/ada', 'separator', 'Clear Recent']);
    click(recent[0]!);
    click(recent[3]!);
    expect(calls).toEqual(['recent:/home/ada/talks/counter.py', 'clear-recent']);
    expect(submenu(find(build({ recentFiles: [] }).template, 'Open Recent'))).toEqual([{ label: 'No Recent Scenarios', enabled: false }]);
  });

  it('has File ▸ New Scenario, Open…, Open Recent, Save, Save As…, Reload in that order', () => {
    const labels = (platform: NodeJS.Platform) =>
      submenu(top(build({ platform }).template, 'File'))
        .map((item) => item.label ?? item.role ?? item.type)
        .filter((label) => label !== 'separator');
    expect(labels('linux')).toEqual(['New Scenario', 'Open…', 'Open Recent', 'Save', 'Save As…', 'Reload Scenario', 'Export… (coming later)', 'quit']);
    expect(labels('darwin')).toEqual(['New Scenario', 'Open…', 'Open Recent', 'Save', 'Save As…', 'Reload Scenario', 'Export… (coming later)', 'close']);
  });

  it('asks the page for Save and Save As (it holds the text), and main for New', () => {
    const { template, calls } = build();
    click(find(template, 'New Scenario'));
    click(find(template, 'Save'));
    click(find(template, 'Save As…'));
    expect(calls).toEqual(['new', 'command:save', 'command:save-as']);
  });

  it('disables Save without a scenario, and Reload for one without a file (untitled)', () => {
    const none = build({ hasScenario: false }).template;
    expect([find(none, 'Save').enabled, find(none, 'Save As…').enabled, find(none, 'New Scenario').enabled]).toEqual([false, false, undefined]);
    const untitled = build({ hasScenario: true, hasFile: false }).template;
    expect([find(untitled, 'Save').enabled, find(untitled, 'Reload Scenario').enabled]).toEqual([true, false]);
  });

  it('disables Reload without a scenario, and Export until it exists', () => {
    expect(find(build({ hasScenario: false }).template, 'Reload Scenario').enabled).toBe(false);
    expect(find(build().template, 'Reload Scenario').enabled).toBe(true);
    expect(find(build().template, 'Export… (coming later)').enabled).toBe(false);
  });

  it('offers Toggle Developer Tools only in development', () => {
    const roles = (model: Partial<MenuModel>) => submenu(top(build(model).template, 'View')).map((item) => item.role);
    expect(roles({ isDev: false })).not.toContain('toggleDevTools');
    expect(roles({ isDev: true })).toContain('toggleDevTools');
  });

  it('wires File and Help items to their actions', () => {
    const { template, calls } = build();
    click(find(template, 'Open…'));
    click(find(template, 'Reload Scenario'));
    click(find(template, 'Scenario Language Guide'));
    click(find(template, 'About Loopscope'));
    expect(calls).toEqual(['open', 'reload', 'guide', 'about']);
  });
});

describe('recentLabel', () => {
  it('doubles ampersands where they would be mnemonics', () => {
    expect(recentLabel('/x/R&D.py', 'win32')).toBe('R&&D.py — /x');
    expect(recentLabel('/x/R&D.py', 'darwin')).toBe('R&D.py — /x');
  });
});
