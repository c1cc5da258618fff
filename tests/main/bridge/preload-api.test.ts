import { describe, expect, it, vi } from 'vitest';
import { bridgeCallNames, ipcChannel } from '../../../app/bridge/contract.ts';
import { buildPasserelleApi, type IpcRendererLike } from '../../../main/bridge/preload-api.ts';

function fakeIpc(reply: unknown = { ok: true, value: 'done' }) {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const ipc = {
    invoke: vi.fn(async (_channel: string, _payload: unknown) => reply),
    on: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
      listeners.get(channel)?.delete(listener);
    }),
  } satisfies IpcRendererLike;
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'the ipc event object', ports: [] }, payload);
  };
  return { ipc, emit, listeners };
}

describe('window.passerelle as built by the preload', () => {
  it('has one function per bridge call plus `on`, and nothing else (no ipcRenderer, no send)', () => {
    const api = buildPasserelleApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual([...bridgeCallNames, 'on'].sort());
    for (const key of Object.keys(api)) expect(typeof (api as Record<string, unknown>)[key]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it("invokes each call on its own channel and returns the reply's value", async () => {
    const { ipc } = fakeIpc({ ok: true, value: { ok: true } });
    const api = buildPasserelleApi(ipc);
    await expect(api.saveLessonProgress({ lessonId: 'souris-cliquer', stepIndex: 2, finished: false })).resolves.toEqual({ ok: true });
    expect(ipc.invoke).toHaveBeenCalledWith(ipcChannel('saveLessonProgress'), { lessonId: 'souris-cliquer', stepIndex: 2, finished: false });
    await api.getShellInfo(undefined as unknown as Record<string, never>);
    expect(ipc.invoke).toHaveBeenLastCalledWith(ipcChannel('getShellInfo'), {});
  });

  it('turns an error reply into a rejected promise whose message starts with the code', async () => {
    const api = buildPasserelleApi(fakeIpc({ ok: false, error: { code: 'bad_input', message: 'bad payload for speak' } }).ipc);
    await expect(api.speak({ text: '', language: 'fr' })).rejects.toThrow(/^bad_input: bad payload for speak$/);
    const silent = buildPasserelleApi(fakeIpc(null).ipc);
    await expect(silent.getShellInfo({})).rejects.toThrow(/^internal:/);
  });

  it('gives listeners the payload only, never the IPC event, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const api = buildPasserelleApi(ipc);
    const seen: unknown[][] = [];
    const off = api.on('hubReachableChanged', (...args: unknown[]) => seen.push(args));
    emit(ipcChannel('hubReachableChanged'), { reachable: true });
    expect(seen).toEqual([[{ reachable: true }]]);
    off();
    emit(ipcChannel('hubReachableChanged'), { reachable: false });
    expect(seen).toHaveLength(1);
    expect(listeners.get(ipcChannel('hubReachableChanged'))?.size).toBe(0);
  });

  it('refuses to listen on anything but the listed events', () => {
    const { ipc } = fakeIpc();
    const api = buildPasserelleApi(ipc);
    for (const event of ['getShellInfo', 'passerelle:helpChanged', 'ELECTRON_BROWSER_WINDOW_ALERT', '__proto__', 'toString', '']) {
      expect(() => api.on(event as 'helpChanged', () => {})).toThrow(/unknown event/);
    }
    expect(() => api.on('helpChanged', 'not a function' as unknown as () => void)).toThrow(/function/);
    expect(ipc.on).not.toHaveBeenCalled();
  });
});
