/** Electron's preload puts `window.loopscope` on the page; without it we are the web build. */
import type { PreloadApi } from '../../main/common/contract.ts';
import type { Host } from './host.ts';
import { ElectronHost } from './electron-host.ts';
import { WebHost } from './web-host.ts';

declare global {
  interface Window {
    loopscope?: PreloadApi;
  }
}

export function chooseHost(): Host {
  const api = window.loopscope;
  return api !== undefined ? new ElectronHost(api) : new WebHost();
}
