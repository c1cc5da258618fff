/**
 * Whose stories "Mes histoires" shows, and who may withdraw one (issue 17), on the shell's real store and
 * outbox, with the hub out of reach (the client throws, as it does offline). On a loaned PC every story
 * is the one person's. On a kiosk only the current visit's: the next visitor of a shared screen neither
 * sees nor withdraws what someone else told, even once it has reached the hub; after their visit a
 * visitor asks a helper, who withdraws it from the console.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../../main/outbox/outbox.ts';
import { WebzineService, type StoryInput } from '../../../main/services/webzine.ts';
import { openShellDb } from '../../../main/store/db.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const offline = {
  myStories: () => Promise.reject(new Error('offline')),
  journal: () => Promise.reject(new Error('offline')),
  journalFile: () => Promise.reject(new Error('offline')),
};
const story: StoryInput = { language: 'fr', credit: 'anonymous', photoShowsOthers: false, audio: 'UklGRiQAAABXQVZF' };

function service(kiosk: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webzine-'));
  dirs.push(dir);
  const db = openShellDb(path.join(dir, 'shell.sqlite'));
  const outbox = new Outbox(db);
  return { outbox, webzine: new WebzineService(db, outbox, offline, () => kiosk) };
}

describe('my stories on a loaned PC and on a kiosk', () => {
  it('on a loaned PC, every story is the person’s: listed and withdrawable whenever', async () => {
    const { outbox, webzine } = service(false);
    const { id } = webzine.send(story);
    webzine.endVisit(); // means nothing on a home loan
    expect((await webzine.mine()).map((s) => s.id)).toEqual([id]);
    expect(webzine.withdraw(id)).toEqual({ ok: true });
    expect(outbox.pendingCount('webzine.story')).toBe(0);
  });

  it('on a kiosk, the visitor lists and withdraws the stories of their visit, waiting or already at the hub', async () => {
    const { outbox, webzine } = service(true);
    const waiting = webzine.send(story).id;
    const sent = webzine.send(story).id;
    // The second one reached the hub, which published it.
    outbox.delivered(`webzine.story:${sent}`);
    webzine.applyStatus({ id: sent, state: 'published', title: 'Le marché', declineReason: null, updatedAt: new Date().toISOString() });
    expect((await webzine.mine()).map((s) => s.id).sort()).toEqual([waiting, sent].sort());
    expect(webzine.withdraw(waiting)).toEqual({ ok: true });
    expect(webzine.withdraw(sent)).toEqual({ ok: true });
    expect(outbox.pendingCount('webzine.withdraw')).toBe(1);
  });

  it('on a kiosk, the next visitor sees none of the previous visit’s stories and cannot withdraw them', async () => {
    const { outbox, webzine } = service(true);
    const waiting = webzine.send(story).id;
    const sent = webzine.send(story).id;
    outbox.delivered(`webzine.story:${sent}`);
    webzine.applyStatus({ id: sent, state: 'published', title: 'Le marché', declineReason: null, updatedAt: new Date().toISOString() });
    webzine.endVisit();
    expect(await webzine.mine()).toEqual([]);
    expect(webzine.withdraw(waiting)).toEqual({ ok: false });
    expect(webzine.withdraw(sent)).toEqual({ ok: false });
    // The first visitor's waiting story still leaves for the hub; no withdrawal was queued.
    expect(outbox.pendingCount('webzine.story')).toBe(1);
    expect(outbox.pendingCount('webzine.withdraw')).toBe(0);
  });
});
