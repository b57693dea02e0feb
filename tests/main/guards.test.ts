/**
 * The window's web contents cannot navigate, open windows, attach webviews or get permissions.
 */
import { describe, expect, it } from 'vitest';
import { guardSession, guardWebContents, type GuardedContents } from '../../main/electron/guards.ts';

class FakeContents implements GuardedContents {
  readonly listeners = new Map<string, (...args: never[]) => void>();
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  on(event: string, listener: (...args: never[]) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  fire(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const listener = this.listeners.get(event) as ((...a: unknown[]) => void) | undefined;
    listener?.({ preventDefault: () => (prevented = true), url: args[0] }, ...args);
    return prevented;
  }
}

describe('guardWebContents', () => {
  it('prevents every navigation, frame navigation and webview, and denies every new window', () => {
    const contents = new FakeContents();
    const log: string[] = [];
    guardWebContents(contents, (message) => log.push(message));
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'app://loopscope/other.html')).toBe(true);
    expect(contents.fire('will-frame-navigate', 'https://evil.example/frame')).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(contents.openHandler!({ url: 'https://evil.example/popup' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'app://loopscope/index.html' })).toEqual({ action: 'deny' });
    expect(log).toHaveLength(6);
    expect(log[0]).toContain('blocked navigation to https://evil.example/');
  });
});

describe('guardSession', () => {
  it('denies every permission request and check', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
    let check: ((contents: unknown, permission: string) => boolean) | null = null;
    guardSession(
      { setPermissionRequestHandler: (h) => void (request = h), setPermissionCheckHandler: (h) => void (check = h) },
      () => {},
    );
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | undefined;
      request!(null, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
      expect(check!(null, permission), permission).toBe(false);
    }
  });
});
