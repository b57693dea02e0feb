/**
 * window.loopscope: exactly the PreloadApi, one function per channel, no ipcRenderer; inbound
 * events are checked against the contract before a listener sees them; listeners unsubscribe.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DROP_PROOF_BYTES, events, requests, type LoadedScenario, type PreloadApi } from '../../main/common/contract.ts';
import { MAX_SCENARIO_BYTES } from '../../main/electron/scenario-files.ts';
import { createPreloadApi } from '../../main/preload/api.ts';
import { FakeIpcRenderer } from './fake-ipc-renderer.ts';

const scenario: LoadedScenario = {
  file: 'scenarios/01.py',
  name: '01.py',
  source: 'pass\n',
  reload: false,
  outcome: {
    kind: 'trace',
    trace: { format: 'loopscope-trace', version: 1, events: new Int32Array([1, 2, 3]), floats: new Float64Array([0]), strings: ['main'], source: 'x', steps: 0, end: null },
  },
};

function setup(path = '/home/ada/dropped.py') {
  const ipc = new FakeIpcRenderer();
  const logged: string[] = [];
  const api = createPreloadApi(ipc, { getPathForFile: () => path }, (message) => logged.push(message));
  return { ipc, api, logged };
}

describe('createPreloadApi', () => {
  it('is exactly the PreloadApi: one function per channel, and no way to reach ipcRenderer', () => {
    const { api } = setup();
    const expected: (keyof PreloadApi)[] = [
      'listGallery',
      'openDialog',
      'openGallery',
      'openDropped',
      'newScenario',
      'playSource',
      'bufferChanged',
      'bufferFlushed',
      'save',
      'saveAs',
      'saveExport',
      'onScenarioLoaded',
      'onRunProgress',
      'onMenuCommand',
      'onDiskChange',
      'onFlushRequest',
      'stopRun',
      'readFileSettings',
      'writeFileSettings',
    ];
    expect(Object.keys(api).sort()).toEqual([...expected].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    // One function per contract channel: 14 requests + 5 events.
    expect(expected).toHaveLength(Object.keys(requests).length + Object.keys(events).length);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|send|invoke|on\b/i);
  });

  it('invokes each request channel with its contract payload', async () => {
    const { ipc, api } = setup();
    ipc.responses = {
      'gallery:list': [{ name: 'a.py', title: 'A', description: '' }],
      'scenario:open-dialog': true,
      'scenario:open-gallery': true,
      'scenario:open-dropped': true,
      'document:new': true,
      'document:play': true,
      'document:buffer': null,
      'document:flushed': null,
      'document:save': 'saved',
      'document:save-as': 'cancelled',
      'export:save': 'saved',
      'file-settings:read': { bookmarks: [{ step: 3, note: 'the clock jumps' }] },
      'file-settings:write': true,
    };
    expect(await api.listGallery()).toEqual([{ name: 'a.py', title: 'A', description: '' }]);
    expect(await api.openDialog()).toBe(true);
    expect(await api.openGallery('a.py')).toBe(true);
    expect(await api.openDropped(new File(['print(1)\n'], 'dropped.py'))).toBe(true);
    expect(await api.newScenario()).toBe(true);
    expect(await api.playSource(2, 'x = 1\n')).toBe(true);
    expect(await api.bufferChanged(2, { source: 'x = 2\n', dirty: true })).toBeNull();
    expect(await api.bufferFlushed(7, 2, { source: 'x = 3\n', dirty: true })).toBeNull();
    expect(await api.save(2, 'x = 3\n')).toBe('saved');
    expect(await api.saveAs(2, 'x = 3\n')).toBe('cancelled');
    const picture = new TextEncoder().encode('<svg/>');
    expect(await api.saveExport({ name: 'counter.svg', kind: 'svg', bytes: picture })).toBe('saved');
    expect(await api.readFileSettings(2)).toEqual({ bookmarks: [{ step: 3, note: 'the clock jumps' }] });
    expect(await api.writeFileSettings(2, { bookmarks: [{ step: 4, note: '' }] })).toBe(true);
    expect(ipc.invoked).toEqual([
      ['gallery:list', [null]],
      ['scenario:open-dialog', [null]],
      ['scenario:open-gallery', [{ name: 'a.py' }]],
      ['scenario:open-dropped', [{ path: '/home/ada/dropped.py', content: new TextEncoder().encode('print(1)\n') }]],
      ['document:new', [null]],
      ['document:play', [{ document: 2, source: 'x = 1\n' }]],
      ['document:buffer', [{ document: 2, buffer: { source: 'x = 2\n', dirty: true } }]],
      ['document:flushed', [{ flush: 7, document: 2, buffer: { source: 'x = 3\n', dirty: true } }]],
      ['document:save', [{ document: 2, source: 'x = 3\n' }]],
      ['document:save-as', [{ document: 2, source: 'x = 3\n' }]],
      ['export:save', [{ name: 'counter.svg', kind: 'svg', bytes: picture }]],
      ['file-settings:read', [{ document: 2 }]],
      ['file-settings:write', [{ document: 2, settings: { bookmarks: [{ step: 4, note: '' }] } }]],
    ]);
  });

  it("sends a drop's bytes as its proof, at most one byte over a scenario's size limit", async () => {
    const { ipc, api } = setup();
    ipc.responses = { 'scenario:open-dropped': false };
    await api.openDropped(new File([new Uint8Array(3_000_000)], 'huge.py'));
    const [, [request]] = ipc.invoked[0] as [string, [{ content: Uint8Array }]];
    expect(request.content).toBeInstanceOf(Uint8Array);
    expect(request.content.length).toBe(MAX_DROP_PROOF_BYTES);
    expect(MAX_DROP_PROOF_BYTES).toBe(MAX_SCENARIO_BYTES + 1);
  });

  it('rejects a response that breaks the contract instead of handing it to the page', async () => {
    const { ipc, api } = setup();
    ipc.responses = { 'gallery:list': [{ name: '../x', title: 1 }] };
    await expect(api.listGallery()).rejects.toThrow();
  });

  it('asks nothing of main for a drop that is not a file on disk', async () => {
    const { ipc, api } = setup('');
    expect(await api.openDropped({} as File)).toBe(false);
    const throwing = createPreloadApi(ipc, {
      getPathForFile: () => {
        throw new TypeError('not a File');
      },
    });
    expect(await throwing.openDropped('nope' as unknown as File)).toBe(false);
    expect(ipc.invoked).toEqual([]);
  });

  it('delivers valid events, drops malformed ones, and unsubscribes', () => {
    const { ipc, api, logged } = setup();
    const scenarios: LoadedScenario[] = [];
    const commands: string[] = [];
    const progress: unknown[] = [];
    const offScenario = api.onScenarioLoaded((s) => scenarios.push(s));
    api.onMenuCommand((c) => commands.push(c));
    api.onRunProgress((p) => progress.push(p));
    const changes: unknown[] = [];
    const flushes: unknown[] = [];
    api.onDiskChange((c) => changes.push(c));
    api.onFlushRequest((f) => flushes.push(f));

    ipc.emit('scenario:loaded', scenario);
    // A trace whose events are a plain array, not the contract's Int32Array.
    const trace = (scenario.outcome as { trace: object }).trace;
    ipc.emit('scenario:loaded', { ...scenario, outcome: { kind: 'trace', trace: { ...trace, events: [1, 2, 3] } } });
    ipc.emit('scenario:loaded', { file: 'x' });
    ipc.emit('menu:command', 'zoom-in');
    ipc.emit('menu:command', 'rm -rf /');
    ipc.emit('run:progress', { file: 'a.py', ticks: 4096, time: 2 });
    ipc.emit('run:progress', { file: 'a.py', ticks: 'many' });
    ipc.emit('document:disk-changed', { file: '/a.py', source: 'x = 1\n' });
    ipc.emit('document:disk-changed', { file: '/a.py' });
    ipc.emit('document:flush', { flush: 3 });
    ipc.emit('document:flush', { flush: -3 });

    expect(scenarios).toHaveLength(1);
    expect(scenarios[0]!.name).toBe('01.py');
    expect(commands).toEqual(['zoom-in']);
    expect(progress).toEqual([{ file: 'a.py', ticks: 4096, time: 2 }]);
    expect(changes).toEqual([{ file: '/a.py', source: 'x = 1\n' }]);
    expect(flushes).toEqual([{ flush: 3 }]);
    expect(logged).toHaveLength(6);
    expect(logged[0]).toMatch(/dropped a malformed scenario:loaded event/);

    offScenario();
    offScenario(); // twice is harmless
    ipc.emit('scenario:loaded', scenario);
    expect(scenarios).toHaveLength(1);
    expect(ipc.listeners.get('scenario:loaded')?.size).toBe(0);
    expect(ipc.listeners.get('menu:command')?.size).toBe(1);
  });

  it('refuses a listener that is not a function', () => {
    const { api } = setup();
    expect(() => api.onMenuCommand('alert(1)' as never)).toThrow(TypeError);
  });
});
