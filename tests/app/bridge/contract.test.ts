import { describe, expect, it } from 'vitest';
import { BridgeInputError, bridgeCallNames, dispatchBridgeCall, ipcChannel, type BridgeHandlers } from '../../../app/bridge/contract.ts';

const calls: string[] = [];
const handlers = Object.fromEntries(
  bridgeCallNames.map((name) => [
    name,
    (payload: unknown) => {
      calls.push(name);
      return { echoed: payload };
    },
  ]),
) as unknown as BridgeHandlers;

describe('bridge contract', () => {
  it('names every call once, each on its own channel', () => {
    const channels = bridgeCallNames.map(ipcChannel);
    expect(new Set(channels).size).toBe(bridgeCallNames.length);
    expect(channels).toContain('passerelle:requestHelp');
  });

  it('dispatches a valid payload to its handler', async () => {
    await expect(dispatchBridgeCall(handlers, 'requestHelp', { context: { screen: 'home' } })).resolves.toEqual({
      echoed: { context: { screen: 'home' } },
    });
  });

  it.each([
    ['an unknown call', 'deleteEverything', {}],
    ['a prototype name', '__proto__', {}],
    ['a missing field', 'requestHelp', {}],
    ['an extra field', 'requestHelp', { context: { screen: 'home' }, admin: true }],
    ['a wrong type', 'getLesson', { id: 42, language: 'fr' }],
    ['an unknown language', 'speak', { text: 'Bonjour', language: 'xx' }],
    ['a path in a lesson id', 'getLesson', { id: '../../etc/passwd', language: 'fr' }],
    ['a huge text to speak', 'speak', { text: 'a'.repeat(10_000), language: 'fr' }],
  ])('refuses %s without calling any handler', async (_label, name, payload) => {
    calls.length = 0;
    await expect(dispatchBridgeCall(handlers, name, payload)).rejects.toBeInstanceOf(BridgeInputError);
    expect(calls).toEqual([]);
  });
});
