/**
 * The renderer's Host in Electron over the real preload API (with a fake ipcRenderer): it stamps
 * the buffer with main's number for the document on screen, answers main's flush requests at once
 * (with the editor's text, or with nothing when there is no editor), and sends nothing about a
 * document before main has sent one.
 */
import { describe, expect, it } from 'vitest';
import type { LoadedScenario } from '../../main/common/contract.ts';
import { createPreloadApi } from '../../main/preload/api.ts';
import { FakeIpcRenderer } from './fake-ipc-renderer.ts';
import { ElectronHost } from '../../renderer/app/electron-host.ts';

const loaded = (document: number, edit = false): LoadedScenario => ({
  file: '/home/ada/a.py',
  name: 'a.py',
  source: 'x = 1\n',
  reload: false,
  document,
  ...(edit ? { edit: true } : {}),
  outcome: { kind: 'error', error: { kind: 'syntax', file: 'a.py', line: 1, column: 1, endLine: 1, endColumn: 2, message: 'x' } },
});

function setup() {
  const ipc = new FakeIpcRenderer();
  ipc.responses = { 'document:play': true, 'document:buffer': null, 'document:flushed': null, 'document:save': 'saved', 'document:save-as': 'cancelled', 'document:new': true };
  const logged: string[] = [];
  const host = new ElectronHost(createPreloadApi(ipc, { getPathForFile: () => '' }), (message) => logged.push(message));
  return { ipc, host, logged };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ElectronHost', () => {
  it('sends nothing about a document before main has sent one', async () => {
    const { ipc, host } = setup();
    host.playSource('x = 2\n');
    host.bufferChanged({ source: 'x = 2\n', dirty: true });
    expect(await host.save('x = 2\n')).toBe('cancelled');
    expect(ipc.invoked).toEqual([]);
  });

  it('stamps plays, edits and saves with the number of the document on screen', async () => {
    const { ipc, host } = setup();
    const seen: number[] = [];
    host.onScenario((scenario) => seen.push(scenario.document ?? -1));
    ipc.emit('scenario:loaded', loaded(3));
    host.playSource('x = 2\n');
    host.bufferChanged({ source: 'x = 2\n', dirty: true });
    expect(await host.save('x = 2\n')).toBe('saved');
    expect(await host.saveAs('x = 2\n')).toBe('cancelled');
    ipc.emit('scenario:loaded', loaded(4));
    host.playSource('y = 1\n');
    await host.newScenario();
    expect(seen).toEqual([3, 4]);
    expect(ipc.invoked).toEqual([
      ['document:play', [{ document: 3, source: 'x = 2\n' }]],
      ['document:buffer', [{ document: 3, buffer: { source: 'x = 2\n', dirty: true } }]],
      ['document:save', [{ document: 3, source: 'x = 2\n' }]],
      ['document:save-as', [{ document: 3, source: 'x = 2\n' }]],
      ['document:play', [{ document: 4, source: 'y = 1\n' }]],
      ['document:new', [null]],
    ]);
  });

  it('answers a flush at once with the editor’s text as it is now', async () => {
    const { ipc, host } = setup();
    let text = 'x = 1\n';
    host.setBufferReader(() => ({ source: text, dirty: text !== 'x = 1\n' }));
    ipc.emit('scenario:loaded', loaded(7));
    text = 'x = 99  # typed a moment ago\n';
    ipc.emit('document:flush', { flush: 12 });
    await tick();
    expect(ipc.invoked).toEqual([['document:flushed', [{ flush: 12, document: 7, buffer: { source: 'x = 99  # typed a moment ago\n', dirty: true } }]]]);
  });

  it('answers a flush even without an editor or a document, so main never waits for nothing', async () => {
    const { ipc } = setup();
    ipc.emit('document:flush', { flush: 1 });
    await tick();
    expect(ipc.invoked).toEqual([['document:flushed', [{ flush: 1, document: null, buffer: null }]]]);
  });

  it('answers a flush with no text when the editor cannot be read, and says so in the console', async () => {
    const { ipc, host, logged } = setup();
    host.setBufferReader(() => {
      throw new Error('editor gone');
    });
    ipc.emit('scenario:loaded', loaded(2));
    ipc.emit('document:flush', { flush: 5 });
    await tick();
    expect(ipc.invoked).toEqual([['document:flushed', [{ flush: 5, document: 2, buffer: null }]]]);
    expect(logged[0]).toMatch(/editor's text could not be read: Error: editor gone/);
  });

  it('passes disk changes on to the page', () => {
    const { ipc, host } = setup();
    const changes: unknown[] = [];
    const off = host.onDiskChange((change) => changes.push(change));
    ipc.emit('document:disk-changed', { file: '/home/ada/a.py', source: 'theirs\n' });
    off();
    ipc.emit('document:disk-changed', { file: '/home/ada/a.py', source: 'again\n' });
    expect(changes).toEqual([{ file: '/home/ada/a.py', source: 'theirs\n' }]);
  });
});
