/**
 * Statuses of a help request reach the shell by two roads (the outbox's answers and the live feed):
 * an older one arriving last must not take back what the person was told.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalHelpRequest } from '../../../app/bridge/contract.ts';
import type { HelpStatus } from '../../../app/protocol/hub.ts';
import { Outbox } from '../../../main/outbox/outbox.ts';
import { HelpService } from '../../../main/services/help.ts';
import { openShellDb, type ShellDb } from '../../../main/store/db.ts';

let dir: string;
let db: ShellDb;
let help: HelpService;
const changes: LocalHelpRequest[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'help-order-'));
  db = openShellDb(path.join(dir, 'shell.sqlite'));
  changes.length = 0;
  help = new HelpService(db, new Outbox(db), (r) => changes.push(r));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const at = (ms: number) => new Date(Date.parse('2026-11-30T10:00:00.000Z') + ms).toISOString();
const status = (id: string, over: Partial<HelpStatus>): HelpStatus => ({ id, state: 'new', helper: null, updatedAt: at(0), calledAt: null, ...over });

describe('the order of statuses from the hub', () => {
  it('"Marie va vous appeler" stays when the answer to the request, older, arrives after the feed', () => {
    const { id } = help.request({ screen: 'home' });
    help.applyStatus(status(id, { state: 'claimed', helper: { firstName: 'Marie', photo: null }, updatedAt: at(5) }));
    help.markDelivered(status(id, { state: 'new', updatedAt: at(1) }));
    expect(help.get(id)).toMatchObject({ state: 'claimed', helperFirstName: 'Marie', delivered: true });
    expect(changes.at(-1)).toMatchObject({ state: 'claimed' });
  });

  it('a newer status, or the same one again, is applied', () => {
    const { id } = help.request({ screen: 'home' });
    help.markDelivered(status(id, { state: 'new', updatedAt: at(1) }));
    help.applyStatus(status(id, { state: 'claimed', helper: { firstName: 'Marie', photo: null }, updatedAt: at(5) }));
    help.applyStatus(status(id, { state: 'claimed', helper: { firstName: 'Marie', photo: null }, updatedAt: at(5) }));
    expect(help.get(id)).toMatchObject({ state: 'claimed' });
    help.applyStatus(status(id, { state: 'resolved', helper: { firstName: 'Marie', photo: null }, updatedAt: at(9) }));
    expect(help.get(id)?.state).toBe('resolved');
    help.applyStatus(status(id, { state: 'claimed', helper: { firstName: 'Marie', photo: null }, updatedAt: at(7) }));
    expect(help.get(id)?.state).toBe('resolved');
  });
});
