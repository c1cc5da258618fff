import { build } from 'esbuild';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe('the preload bundle', () => {
  it('is one CommonJS file that requires only electron and carries no package (no zod)', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'main/electron/preload.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      metafile: true,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    expect([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules'))).toEqual([]);
    expect(code.length).toBeLessThan(10_000);
  });

  it('exposes window.passerelle once, built from ipcRenderer but never ipcRenderer itself', async () => {
    const result = await build({ entryPoints: [path.join(root, 'main/electron/preload.ts')], bundle: true, write: false, format: 'cjs', external: ['electron'], logLevel: 'silent' });
    const exposed: Array<[string, unknown]> = [];
    const ipcRenderer = { invoke: async () => ({ ok: true, value: 1 }), on() {}, removeListener() {}, send() {}, sendSync() {} };
    const fakeElectron = { contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.push([key, value]) }, ipcRenderer };
    // Run the bundle as the sandboxed preload would, with a stand-in for require('electron').
    new Function('require', 'module', 'exports', result.outputFiles[0]!.text)((id: string) => {
      if (id !== 'electron') throw new Error(`the preload required ${id}`);
      return fakeElectron;
    }, { exports: {} }, {});
    expect(exposed.map(([key]) => key)).toEqual(['passerelle']);
    const api = exposed[0]![1] as Record<string, unknown>;
    expect(api).not.toBe(ipcRenderer);
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(Object.keys(api)).not.toContain('send');
    expect(Object.keys(api)).not.toContain('invoke');
    await expect((api.getShellInfo as (p: unknown) => Promise<unknown>)({})).resolves.toBe(1);
  });
});
