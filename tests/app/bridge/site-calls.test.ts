/**
 * The site browser's bridge calls (issue 13): each refuses a bad payload before any handler runs, and
 * takes its good one.
 */
import { describe, expect, it } from 'vitest';
import { BridgeInputError, bridgeCallNames, dispatchBridgeCall, type BridgeHandlers } from '../../../app/bridge/contract.ts';

const calls: string[] = [];
const handlers = Object.fromEntries(
  bridgeCallNames.map((name) => [
    name,
    (payload: unknown) => {
      calls.push(name);
      return payload;
    },
  ]),
) as unknown as BridgeHandlers;

describe('site browser bridge calls', () => {
  it.each([
    ['siteOpen', { tileId: 'ameli' }],
    ['sitePlace', { x: 0, y: 112, width: 1366, height: 656 }],
    ['sitePlace', { x: 0, y: 0, width: 0, height: 0 }],
    ['siteBack', {}],
    ['siteZoom', { direction: 'bigger' }],
    ['siteZoom', { direction: 'smaller' }],
    ['sitePrint', {}],
    ['siteListen', {}],
    ['siteLeave', { url: 'https://www.service-public.fr/' }],
    ['siteClose', {}],
  ])('%s takes %j', async (name, payload) => {
    calls.length = 0;
    await expect(dispatchBridgeCall(handlers, name, payload)).resolves.toEqual(payload);
    expect(calls).toEqual([name]);
  });

  it.each([
    ['siteOpen', {}],
    ['siteOpen', { tileId: '../ameli' }],
    ['siteOpen', { tileId: 'Ameli' }],
    ['siteOpen', { tileId: 'ameli', url: 'https://evil.example/' }],
    ['sitePlace', { x: 0, y: 0, width: 100 }],
    ['sitePlace', { x: -5, y: 0, width: 100, height: 100 }],
    ['sitePlace', { x: 0.5, y: 0, width: 100, height: 100 }],
    ['sitePlace', { x: 0, y: 0, width: 1e9, height: 100 }],
    ['sitePlace', { x: '0', y: 0, width: 100, height: 100 }],
    ['siteBack', { steps: 3 }],
    ['siteZoom', {}],
    ['siteZoom', { direction: 'huge' }],
    ['siteZoom', { direction: 'bigger', factor: 5 }],
    ['sitePrint', { silent: true }],
    ['siteListen', { script: 'alert(1)' }],
    ['siteLeave', {}],
    ['siteLeave', { url: '' }],
    ['siteLeave', { url: `https://a.example/${'x'.repeat(3000)}` }],
    ['siteLeave', { url: 42 }],
    ['siteClose', { all: true }],
  ])('%s refuses %j without calling any handler', async (name, payload) => {
    calls.length = 0;
    await expect(dispatchBridgeCall(handlers, name, payload)).rejects.toBeInstanceOf(BridgeInputError);
    expect(calls).toEqual([]);
  });
});
