/** A help request as the console receives it: defaults for every field, `over` for what a test is about. */
import type { HelpRequestView } from '../../../../app/protocol/hub.ts';

export function request(over: Partial<HelpRequestView> = {}): HelpRequestView {
  return {
    id: crypto.randomUUID(),
    machineId: crypto.randomUUID(),
    assetTag: 'PC-0042',
    state: 'new',
    createdAt: '2026-11-30T10:00:00.000Z',
    receivedAt: '2026-11-30T10:00:00.000Z',
    updatedAt: '2026-11-30T10:00:00.000Z',
    context: { screen: 'home', language: 'fr' },
    claimedBy: null,
    escalatedAt: null,
    voice: null,
    files: [],
    beneficiary: null,
    noteCount: 0,
    calledAt: null,
    machineMode: 'home',
    resolution: null,
    ...over,
  };
}
