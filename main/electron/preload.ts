/**
 * Preload of the shell window (sandboxed, context-isolated). Bundled by scripts/build-electron.ts
 * into one CommonJS file: a sandboxed preload can require only a few Electron modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildPasserelleApi } from '../bridge/preload-api.ts';

contextBridge.exposeInMainWorld('passerelle', buildPasserelleApi(ipcRenderer));
