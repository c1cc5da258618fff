import { describe, expect, it } from 'vitest';
import { bridgeCallNames, bridgeEventNames, ipcChannel } from '../../../app/bridge/contract.ts';
import { preloadCallNames, preloadChannel, preloadEventNames } from '../../../main/electron/bridge-names.ts';

describe("the preload's copy of the bridge names", () => {
  it('lists exactly the calls of the contract', () => {
    expect([...preloadCallNames]).toEqual(bridgeCallNames);
  });

  it('lists exactly the events of the contract', () => {
    expect([...preloadEventNames]).toEqual(bridgeEventNames);
  });

  it('names every channel as the contract does', () => {
    for (const name of [...bridgeCallNames, ...bridgeEventNames]) expect(preloadChannel(name)).toBe(ipcChannel(name));
  });
});
