/**
 * One bridge call answered, for both hosts: the contract validates the name and the payload, the
 * handler runs, and the answer is a BridgeReply: the value, or an error safe to show (a refused
 * payload says why; an internal error says nothing more and goes to the log with its stack).
 */
import { BridgeInputError, dispatchBridgeCall, type BridgeHandlers } from '../../app/bridge/contract.ts';
import type { BridgeReply } from '../../app/bridge/names.ts';
import type { Log } from '../log.ts';

export async function answerCall(handlers: BridgeHandlers, name: unknown, payload: unknown, log: Log): Promise<BridgeReply> {
  try {
    return { ok: true, value: await dispatchBridgeCall(handlers, name, payload) };
  } catch (error) {
    if (error instanceof BridgeInputError) return { ok: false, error: { code: 'bad_input', message: error.message } };
    log(`bridge call ${String(name)} failed`, error);
    return { ok: false, error: { code: 'internal', message: `the shell could not complete ${String(name)}` } };
  }
}
