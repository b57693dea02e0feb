/**
 * The preload of the Loopscope window (sandboxed, context-isolated, built as CommonJS). It exposes
 * `window.loopscope`, the PreloadApi of the IPC contract, and nothing else.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createPreloadApi } from './api.ts';

contextBridge.exposeInMainWorld('loopscope', createPreloadApi(ipcRenderer, webUtils));
