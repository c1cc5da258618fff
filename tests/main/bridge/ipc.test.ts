import { describe, expect, it, vi } from 'vitest';
import { bridgeCallNames, ipcChannel, type BridgeHandlers } from '../../../app/bridge/contract.ts';
import type { BridgeReply } from '../../../app/bridge/names.ts';
import { forwardShellEvents, registerBridgeIpc, type InvokeEventLike, type IpcMainLike } from '../../../main/bridge/ipc.ts';

const shellInfo = { appVersion: '0.1.0', enrolled: true, assetTag: 'PC-042', mode: 'home', language: 'fr', hubReachable: true, helpPhone: null };

function setup(overrides: Partial<BridgeHandlers> = {}, isExpectedSender?: (sender: unknown, name: string) => boolean) {
  const registered = new Map<string, (event: InvokeEventLike, payload: unknown) => Promise<BridgeReply>>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (registered.has(channel)) throw new Error(`twice: ${channel}`);
      registered.set(channel, listener);
    },
    removeHandler: (channel) => registered.delete(channel),
  };
  const handlers = {
    getShellInfo: vi.fn(async () => shellInfo),
    speak: vi.fn(async () => ({ audio: null })),
    ...overrides,
  } as unknown as BridgeHandlers;
  const log = vi.fn();
  const unregister = registerBridgeIpc({ ipcMain, handlers, log, ...(isExpectedSender ? { isExpectedSender } : {}) });
  const call = (name: string, payload: unknown, frame: InvokeEventLike['senderFrame'] = { url: 'app://shell/', parent: null }, sender: unknown = 'shell') =>
    registered.get(ipcChannel(name as 'speak'))!({ senderFrame: frame, sender }, payload);
  return { registered, handlers, log, call, unregister };
}

describe('registerBridgeIpc', () => {
  it('registers exactly one channel per bridge call and removes them all', () => {
    const { registered, unregister } = setup();
    expect([...registered.keys()].sort()).toEqual(bridgeCallNames.map(ipcChannel).sort());
    unregister();
    expect(registered.size).toBe(0);
  });

  it('answers the shell page with the value', async () => {
    const { call } = setup();
    await expect(call('getShellInfo', {})).resolves.toEqual({ ok: true, value: shellInfo });
  });

  it.each([
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a look-alike origin', { url: 'app://shell.evil/', parent: null }],
    ['a sub-frame of the shell', { url: 'app://shell/', parent: { url: 'app://shell/' } }],
    ['a destroyed frame', null],
  ])('refuses %s without running the handler', async (_name, frame) => {
    const { call, handlers, log } = setup();
    await expect(call('getShellInfo', {}, frame)).resolves.toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(handlers.getShellInfo).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalled();
  });

  it('refuses a page in another webContents when the window check says so', async () => {
    const { call, handlers } = setup({}, (sender) => sender === 'shell');
    await expect(call('getShellInfo', {}, undefined, 'another window')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers.getShellInfo).not.toHaveBeenCalled();
  });

  it("lets the sender check see the call's name (a small window may make only its few calls)", async () => {
    const { call, handlers } = setup({}, (sender, name) => sender === 'shell' || (sender === 'help button' && name === 'getShellInfo'));
    await expect(call('getShellInfo', {}, undefined, 'help button')).resolves.toMatchObject({ ok: true });
    await expect(call('speak', { text: 'Ici', language: 'fr' }, undefined, 'help button')).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers.speak).not.toHaveBeenCalled();
  });

  it('answers a bad payload with bad_input and what was wrong, without calling the handler', async () => {
    const { call, handlers } = setup();
    const reply = await call('speak', { text: '', language: 'fr', extra: 'x' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(reply.ok === false && reply.error.message).toMatch(/speak/);
    expect(handlers.speak).not.toHaveBeenCalled();
  });

  it('hides an internal failure behind a plain message: no stack, no detail, but logs it', async () => {
    const { call, log } = setup({
      getShellInfo: async () => {
        throw new Error('SQLITE_CORRUPT at /home/pc/.config/Passerelle/shell.sqlite');
      },
    });
    const reply = await call('getShellInfo', {});
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'the shell could not complete getShellInfo' } });
    expect(JSON.stringify(reply)).not.toMatch(/SQLITE|\.sqlite|at /);
    expect(log).toHaveBeenCalledWith('bridge call getShellInfo failed', expect.any(Error));
  });
});

describe('forwardShellEvents', () => {
  it("sends each shell event on the event's channel while the window lives", () => {
    let listener: ((event: 'hubReachableChanged', payload: { reachable: boolean }) => void) | null = null;
    const services = {
      onEvent: (l: typeof listener) => {
        listener = l;
        return () => {
          listener = null;
        };
      },
    };
    const sent: unknown[][] = [];
    let destroyed = false;
    const target = { isDestroyed: () => destroyed, send: (channel: string, payload: unknown) => sent.push([channel, payload]) };
    const stop = forwardShellEvents(services as never, () => target);
    listener!('hubReachableChanged', { reachable: true });
    destroyed = true;
    listener!('hubReachableChanged', { reachable: false });
    expect(sent).toEqual([[ipcChannel('hubReachableChanged'), { reachable: true }]]);
    stop();
    expect(listener).toBeNull();
  });

  it('drops events while there is no window', () => {
    let listener: ((event: string, payload: unknown) => void) | null = null;
    forwardShellEvents({ onEvent: (l) => ((listener = l as never), () => {}) }, () => null);
    expect(() => listener!('helpChanged', {})).not.toThrow();
  });
});
