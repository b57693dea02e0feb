/**
 * The object the preload puts on `window.loopscope`: exactly PreloadApi, one named function per
 * channel of the contract, built over the two Electron objects it needs (passed in, so the
 * checks run under a test without Electron).
 *
 * The page gets functions, never ipcRenderer: it can only ask for what the contract names.
 * Inbound events are parsed with the contract's schemas before a listener sees them, and
 * responses too, so the renderer can trust the types it is given.
 */
import {
  MAX_DROP_PROOF_BYTES,
  TRACE_PROOF_SLICE,
  events,
  requests,
  type EventChannel,
  type EventOf,
  type PreloadApi,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
} from '../common/contract.ts';

/** The part of Electron's ipcRenderer used here. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface WebUtilsLike {
  getPathForFile(file: File): string;
}

export function createPreloadApi(ipc: IpcRendererLike, webUtils: WebUtilsLike, log: (message: string) => void = (m) => console.error(m)): PreloadApi {
  async function invoke<C extends RequestChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const response = await ipc.invoke(channel, request);
    return requests[channel].response.parse(response) as ResponseOf<C>;
  }

  function subscribe<C extends EventChannel>(channel: C, listener: (payload: EventOf<C>) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError(`${channel}: the listener must be a function`);
    const receive = (_event: unknown, payload: unknown): void => {
      const parsed = events[channel].safeParse(payload);
      if (!parsed.success) {
        log(`Loopscope: dropped a malformed ${channel} event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        return;
      }
      listener(parsed.data as EventOf<C>);
    };
    ipc.on(channel, receive);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, receive);
    };
  }

  return {
    listGallery: () => invoke('gallery:list', null),
    openDialog: () => invoke('scenario:open-dialog', null),
    openGallery: (name) => invoke('scenario:open-gallery', { name }),
    openDropped: async (file) => {
      // Since Electron 32 File.path is gone; webUtils is the way from a dropped File to its
      // path. Not a file from disk (e.g. dragged text): nothing to open.
      let path = '';
      try {
        path = webUtils.getPathForFile(file);
      } catch {
        path = '';
      }
      if (path === '') return false;
      // A saved trace may be hundreds of MB: its proof is the digest of each slice of it.
      if (/\.json$/i.test(path)) return invoke('scenario:open-dropped', { path, trace: await traceProof(file) });
      // The proof that the person dropped this file: its bytes, which the page can read only
      // for files that were dropped or picked (main compares them with the file on disk).
      const content = new Uint8Array(await file.slice(0, MAX_DROP_PROOF_BYTES).arrayBuffer());
      return invoke('scenario:open-dropped', { path, content });
    },
    onScenarioLoaded: (listener) => subscribe('scenario:loaded', listener),
    onRunProgress: (listener) => subscribe('run:progress', listener),
    onMenuCommand: (listener) => subscribe('menu:command', listener),
    newScenario: () => invoke('document:new', null),
    playSource: (document, source) => invoke('document:play', { document, source }),
    bufferChanged: (document, buffer) => invoke('document:buffer', { document, buffer }),
    bufferFlushed: (flush, document, buffer) => invoke('document:flushed', { flush, document, buffer }),
    save: (document, source) => invoke('document:save', { document, source }),
    saveAs: (document, source) => invoke('document:save-as', { document, source }),
    onDiskChange: (listener) => subscribe('document:disk-changed', listener),
    onFlushRequest: (listener) => subscribe('document:flush', listener),
    stopRun: () => invoke('run:stop', null),
    saveExport: (file) => invoke('export:save', file),
    readFileSettings: (document) => invoke('file-settings:read', { document }),
    writeFileSettings: (document, settings) => invoke('file-settings:write', { document, settings }),
  };
}

/**
 * The proof that the person dropped a saved trace: its size and the SHA-256 of each slice, which
 * the page can compute only from the file's bytes (main computes them again from the file on disk).
 */
async function traceProof(file: Blob): Promise<{ size: number; digests: string[] }> {
  const digests: string[] = [];
  for (let start = 0; start === 0 || start < file.size; start += TRACE_PROOF_SLICE) {
    const digest = await crypto.subtle.digest('SHA-256', await file.slice(start, start + TRACE_PROOF_SLICE).arrayBuffer());
    digests.push(Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join(''));
  }
  return { size: file.size, digests };
}
