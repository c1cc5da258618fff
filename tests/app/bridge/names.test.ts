import { describe, expect, it } from 'vitest';
import { bridgeCalls, bridgeEvents } from '../../../app/bridge/contract.ts';
import { BridgeCallError, bridgeCallNames, bridgeErrorCode, bridgeEventNames, unwrapReply } from '../../../app/bridge/names.ts';

describe('the bridge names', () => {
  it('are the keys of the contract’s schemas, in the same order', () => {
    expect(Object.keys(bridgeCalls)).toEqual([...bridgeCallNames]);
    expect(Object.keys(bridgeEvents)).toEqual([...bridgeEventNames]);
  });
});

describe('one reply shape for both hosts', () => {
  it('unwraps a value', () => {
    expect(unwrapReply('getShellInfo', { ok: true, value: { a: 1 } })).toEqual({ a: 1 });
  });

  it('turns an error reply into a BridgeCallError whose message leads with the code', () => {
    let caught: unknown;
    try {
      unwrapReply('requestHelp', { ok: false, error: { code: 'bad_input', message: 'bad payload for requestHelp' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BridgeCallError);
    expect((caught as BridgeCallError).code).toBe('bad_input');
    expect((caught as Error).message).toBe('bad_input: bad payload for requestHelp');
  });

  it('reads the code back from the message alone (what Electron’s context bridge keeps of an error)', () => {
    const crossed = new Error(new BridgeCallError('forbidden', 'not the shell').message);
    expect(bridgeErrorCode(crossed)).toBe('forbidden');
    expect(bridgeErrorCode(new Error('TypeError: x'))).toBeNull();
    expect(bridgeErrorCode('internal: a string')).toBeNull();
  });

  it('treats a missing or malformed reply as an internal error', () => {
    expect(() => unwrapReply('speak', undefined)).toThrow('internal: no reply to speak');
    expect(() => unwrapReply('speak', { ok: 'yes' })).toThrow(BridgeCallError);
  });
});
