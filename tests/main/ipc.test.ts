/**
 * The IPC gates: every contract channel has a handler; a message from anything but our window's
 * top frame at our origin, or with a payload off the contract, is refused before the handler
 * runs; a valid one reaches it; responses are held to the contract too.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, requests } from '../../main/common/contract.ts';
import {
  IpcRejected,
  originOf,
  registerRequestHandlers,
  sendEvent,
  type InvokeEventLike,
  type IpcMainLike,
  type RequestHandlers,
} from '../../main/electron/ipc.ts';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke(channel, ...args) from `event`'s sender would get. */
  invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return Promise.resolve().then(() => handler(event, ...args));
  }
}

const ourWindow = { id: 1 };
const otherWindow = { id: 2 };
const topFrame = (url: string) => ({ url, parent: null });
const ours = (url = 'app://loopscope/index.html'): InvokeEventLike => ({ sender: ourWindow, senderFrame: topFrame(url) });

function setup(overrides: Partial<RequestHandlers> = {}) {
  const ipc = new FakeIpcMain();
  const calls: [string, unknown][] = [];
  const logged: string[] = [];
  const handlers: RequestHandlers = {
    'gallery:list': (request) => {
      calls.push(['gallery:list', request]);
      return [{ name: '01-a.py', title: 'A', description: 'first' }];
    },
    'scenario:open-dialog': (request) => {
      calls.push(['scenario:open-dialog', request]);
      return true;
    },
    'scenario:open-gallery': (request) => {
      calls.push(['scenario:open-gallery', request]);
      return true;
    },
    'scenario:open-dropped': (request) => {
      calls.push(['scenario:open-dropped', request]);
      return true;
    },
    'document:new': (request) => {
      calls.push(['document:new', request]);
      return true;
    },
    'document:play': (request) => {
      calls.push(['document:play', request]);
      return true;
    },
    'document:buffer': (request) => {
      calls.push(['document:buffer', request]);
      return null;
    },
    'document:flushed': (request) => {
      calls.push(['document:flushed', request]);
      return null;
    },
    'document:save': (request) => {
      calls.push(['document:save', request]);
      return 'saved';
    },
    'document:save-as': (request) => {
      calls.push(['document:save-as', request]);
      return 'cancelled';
    },
    'run:stop': (request) => {
      calls.push(['run:stop', request]);
      return true;
    },
    'export:save': (request) => {
      calls.push(['export:save', request]);
      return 'saved';
    },
    'file-settings:read': (request) => {
      calls.push(['file-settings:read', request]);
      return { bookmarks: [] };
    },
    'file-settings:write': (request) => {
      calls.push(['file-settings:write', request]);
      return true;
    },
    ...overrides,
  };
  let trusted: unknown = ourWindow;
  const unregister = registerRequestHandlers(
    ipc,
    handlers,
    { trustedSender: () => trusted, allowedOrigins: ['app://loopscope', 'http://localhost:5173'] },
    { log: (message) => logged.push(message) },
  );
  return { ipc, calls, logged, unregister, closeWindow: () => (trusted = null) };
}

describe('registerRequestHandlers', () => {
  it('registers exactly the channels of the contract', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(requests).sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('is typed so that a missing or mistyped handler does not compile (checked by tsc -p main)', () => {
    const complete = setup();
    // @ts-expect-error: 'scenario:open-dropped' has no handler
    const missing: RequestHandlers = {
      'gallery:list': () => [],
      'scenario:open-dialog': () => true,
      'scenario:open-gallery': () => true,
    };
    const mistyped: RequestHandlers = {
      'gallery:list': () => [],
      'scenario:open-dialog': () => true,
      // @ts-expect-error: the response of open-gallery is a boolean
      'scenario:open-gallery': () => 'yes',
      'scenario:open-dropped': () => true,
      'document:new': () => true,
      'document:play': () => true,
      'document:buffer': () => null,
      'document:flushed': () => null,
      // @ts-expect-error: a save answers saved, cancelled or failed
      'document:save': () => 'ok',
      'document:save-as': () => 'saved',
      'run:stop': () => false,
    };
    expect([missing, mistyped, complete]).toHaveLength(3);
  });

  it('lets a valid request from our window reach its handler, and returns its response', async () => {
    const { ipc, calls } = setup();
    await expect(ipc.invoke('gallery:list', ours(), null)).resolves.toEqual([{ name: '01-a.py', title: 'A', description: 'first' }]);
    await expect(ipc.invoke('scenario:open-gallery', ours(), { name: '17-deadlock-two-locks.py' })).resolves.toBe(true);
    const content = new TextEncoder().encode('pass\n');
    await expect(ipc.invoke('scenario:open-dropped', ours('http://localhost:5173/'), { path: '/home/ada/x.py', content })).resolves.toBe(true);
    await expect(ipc.invoke('document:save', ours(), { document: 3, source: 'x = 1\n' })).resolves.toBe('saved');
    await expect(ipc.invoke('document:flushed', ours(), { flush: 2, document: null, buffer: null })).resolves.toBeNull();
    expect(calls).toEqual([
      ['gallery:list', null],
      ['scenario:open-gallery', { name: '17-deadlock-two-locks.py' }],
      ['scenario:open-dropped', { path: '/home/ada/x.py', content }],
      ['document:save', { document: 3, source: 'x = 1\n' }],
      ['document:flushed', { flush: 2, document: null, buffer: null }],
    ]);
  });

  it.each<[string, string, unknown[]]>([
    ['a missing payload', 'gallery:list', []],
    ['two arguments', 'scenario:open-dialog', [null, 'extra']],
    ['an object where null is expected', 'gallery:list', [{}]],
    ['a traversal as gallery name', 'scenario:open-gallery', [{ name: '../../etc/passwd' }]],
    ['a non-.py gallery name', 'scenario:open-gallery', [{ name: 'notes.txt' }]],
    ['a number as gallery name', 'scenario:open-gallery', [{ name: 17 }]],
    ['no name at all', 'scenario:open-gallery', [{}]],
    ['an empty dropped path', 'scenario:open-dropped', [{ path: '', content: new Uint8Array(1) }]],
    ['an absurdly long dropped path', 'scenario:open-dropped', [{ path: 'a'.repeat(5000), content: new Uint8Array(1) }]],
    ['a drop without its proof', 'scenario:open-dropped', [{ path: '/home/ada/x.py' }]],
    ['a drop whose proof is text', 'scenario:open-dropped', [{ path: '/home/ada/x.py', content: 'pass' }]],
    ['a drop whose proof is over the size limit', 'scenario:open-dropped', [{ path: '/home/ada/x.py', content: new Uint8Array(1_000_002) }]],
    ['a string instead of an object', 'scenario:open-dropped', ['/etc/passwd']],
    ['a prototype-polluting payload', 'scenario:open-dropped', [JSON.parse('{"__proto__": {"path": "/x.py"}}')]],
    ['a buffer without its document', 'document:buffer', [{ buffer: { source: 'x = 1\n', dirty: true } }]],
    ['a negative document number', 'document:save', [{ document: -1, source: 'x = 1\n' }]],
    ['a source that is not text', 'document:play', [{ document: 1, source: ['x'] }]],
    ['a text longer than any scenario could be', 'document:save-as', [{ document: 1, source: 'x'.repeat(MAX_TEXT_CHARS + 1) }]],
    ['a dirty flag that is not a boolean', 'document:buffer', [{ document: 1, buffer: { source: '', dirty: 'yes' } }]],
  ])('refuses %s before the handler runs', async (_what, channel, args) => {
    const { ipc, calls, logged } = setup();
    await expect(ipc.invoke(channel, ours(), ...args)).rejects.toThrow(IpcRejected);
    expect(calls).toEqual([]);
    expect(logged).toHaveLength(1);
  });

  it.each<[string, InvokeEventLike, RegExp]>([
    ['another webContents', { sender: otherWindow, senderFrame: topFrame('app://loopscope/index.html') }, /not the Loopscope window/],
    ['a different origin', ours('https://evil.example/index.html'), /origin https:\/\/evil\.example is not allowed/],
    ['a file:// page', ours('file:///home/ada/out/renderer/index.html'), /is not allowed/],
    ['a look-alike host', ours('app://loopscope.evil/index.html'), /is not allowed/],
    ['another port of localhost', ours('http://localhost:5174/'), /is not allowed/],
    ['about:blank', ours('about:blank'), /is not allowed/],
    ['a subframe of our page', { sender: ourWindow, senderFrame: { url: 'app://loopscope/frame.html', parent: { url: 'app://loopscope/index.html' } } }, /subframe/],
    ['a frame that navigated away or was destroyed', { sender: ourWindow, senderFrame: null }, /frame is gone/],
  ])('refuses a message from %s before the handler runs', async (_what, event, reason) => {
    const { ipc, calls } = setup();
    for (const [channel, payload] of [
      ['gallery:list', null],
      ['scenario:open-dropped', { path: '/home/ada/x.py' }],
      ['document:save', { document: 1, source: 'x = 1\n' }],
    ] as const) {
      await expect(ipc.invoke(channel, event, payload)).rejects.toThrow(reason);
    }
    expect(calls).toEqual([]);
  });

  it('refuses everything once the window is closed', async () => {
    const { ipc, calls, closeWindow } = setup();
    closeWindow();
    await expect(ipc.invoke('gallery:list', ours(), null)).rejects.toThrow(/not the Loopscope window/);
    expect(calls).toEqual([]);
  });

  it('holds main to the contract: an off-contract response is an error, not a message', async () => {
    const { ipc } = setup({ 'gallery:list': () => [{ name: '../evil', title: 'x', description: '' }] });
    await expect(ipc.invoke('gallery:list', ours(), null)).rejects.toThrow();
  });
});

describe('originOf', () => {
  it.each([
    ['app://loopscope/index.html', 'app://loopscope'],
    ['app://loopscope/assets/x.js?v=1#h', 'app://loopscope'],
    ['http://localhost:5173/', 'http://localhost:5173'],
    ['https://example.com:443/a', 'https://example.com'],
    ['file:///etc/passwd', null],
    ['about:blank', null],
    ['not a url', null],
  ])('%s → %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });
});

describe('sendEvent', () => {
  it('sends contract events, refuses off-contract ones, and drops them when the window is gone', () => {
    const sent: [string, unknown][] = [];
    let destroyed = false;
    const target = { send: (channel: string, payload: unknown) => sent.push([channel, payload]), isDestroyed: () => destroyed };
    expect(sendEvent(target, 'menu:command', 'zoom-in')).toBe(true);
    expect(sendEvent(target, 'run:progress', { file: 'a.py', ticks: 4096, time: 1.5 })).toBe(true);
    expect(() => sendEvent(target, 'menu:command', 'format-disk' as never)).toThrow();
    destroyed = true;
    expect(sendEvent(target, 'menu:command', 'zoom-out')).toBe(false);
    expect(sendEvent(null, 'menu:command', 'zoom-out')).toBe(false);
    expect(sent).toEqual([
      ['menu:command', 'zoom-in'],
      ['run:progress', { file: 'a.py', ticks: 4096, time: 1.5 }],
    ]);
  });
});
