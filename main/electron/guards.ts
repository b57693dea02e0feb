/**
 * What the window's web contents may not do: navigate anywhere, open windows, embed <webview>s,
 * or get any permission (camera, notifications, clipboard-read, ...). Loopscope needs none of it,
 * so every request is denied rather than judged. Written against the few members it uses so the
 * rules are tested under Node; main.ts applies them to every web contents that is created.
 */

interface Preventable {
  preventDefault(): void;
}

export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: Preventable & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardedSession {
  setPermissionRequestHandler(handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string) => boolean) | null): void;
}

export type GuardLog = (message: string) => void;

export function guardWebContents(contents: GuardedContents, log: GuardLog = (message) => console.warn(message)): void {
  // The UI is one page; reloads are not navigations. Anything else (a dropped link, a
  // compromised script setting location) would take our preload to a foreign page.
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`Loopscope: blocked navigation to ${url}`);
  });
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    log(`Loopscope: blocked frame navigation to ${event.url}`);
  });
  // Covers window.open, target=_blank and middle-click (auxclick is also disabled in webPreferences).
  contents.setWindowOpenHandler(({ url }) => {
    log(`Loopscope: blocked a new window for ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('Loopscope: blocked a <webview>');
  });
}

export function guardSession(session: GuardedSession, log: GuardLog = (message) => console.warn(message)): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`Loopscope: denied permission ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
