/**
 * Home-screen tiles on the hub (issue 13): a machine gets its person's tiles on a home loan, its
 * place's on a kiosk, else the association's defaults, else the built-in set; a change reaches its
 * feed at once; a bad set is refused with what is accepted and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MachineEvent } from '../../app/protocol/hub.ts';
import type { TilesOverview } from '../../app/protocol/tiles.ts';
import { BUILTIN_TILES } from '../../app/tiles/model.ts';
import { consoleCall, enrolDemo, expectApiError, makeHub, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import { snapshotTables } from './inspect.ts';
import { openFeed } from './ws-client.ts';

let hub: TestHub;
let staff: ConsoleSession;
let helper: ConsoleSession;
let base: string;

const caf = { kind: 'website', id: 'caf', picture: 'euro', label: 'CAF', url: 'https://www.caf.fr/', domains: ['caf.fr', '*.caf.fr'], loginProviders: ['franceconnect'] };
const lessons = { kind: 'lessons', id: 'lessons', picture: 'books' };
const help = { kind: 'help', id: 'help', picture: 'phone' };

beforeAll(async () => {
  hub = await makeHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  base = `127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
  staff = await sessionAs(hub, 'Sophie', 'staff');
  helper = await sessionAs(hub, 'Marie', 'accompagnant');
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

describe('tiles: which set a machine shows', () => {
  it('built-in set, then the defaults, then the person of a home loan; a kiosk shows its place, never a past loan', async () => {
    const home = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: 'T-HOME', mode: 'home', cohort: 'home' });
    const kiosk = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: 'T-KIOSK', mode: 'kiosk', cohort: 'Mairie du 12e' });
    expect(await hub.store.tiles.machineTiles(home.id)).toEqual({ tiles: BUILTIN_TILES, source: 'builtin' });

    expect((await consoleCall(hub, staff, 'PUT', '/console/tiles/defaults', { tiles: [lessons, help] })).statusCode).toBe(200);
    expect(await hub.store.tiles.machineTiles(home.id)).toMatchObject({ source: 'association', tiles: [lessons, help] });

    const jeanne = (await consoleCall(hub, staff, 'POST', '/console/beneficiaries', { firstName: 'Jeanne', phone: '06 12 34 56 78', language: 'fr' })).json() as { id: string };
    expect((await consoleCall(hub, helper, 'PUT', `/console/tiles/people/${jeanne.id}`, { tiles: [lessons, caf, help] })).statusCode).toBe(200);
    // Not on loan yet: still the defaults.
    expect((await hub.store.tiles.machineTiles(home.id))?.source).toBe('association');
    expect((await consoleCall(hub, staff, 'POST', '/console/loans', { machineId: home.id, beneficiaryId: jeanne.id })).statusCode).toBe(201);
    expect(await hub.store.tiles.machineTiles(home.id)).toMatchObject({ source: 'person', tiles: [lessons, { ...caf }, help] });

    expect((await hub.store.tiles.machineTiles(kiosk.id))?.source).toBe('association');
    expect((await consoleCall(hub, staff, 'PUT', `/console/tiles/places/${encodeURIComponent('Mairie du 12e')}`, { tiles: [caf] })).statusCode).toBe(200);
    expect(await hub.store.tiles.machineTiles(kiosk.id)).toMatchObject({ source: 'place', tiles: [caf] });

    // null takes a scope back to its fallback.
    expect((await consoleCall(hub, helper, 'PUT', `/console/tiles/people/${jeanne.id}`, { tiles: null })).statusCode).toBe(200);
    expect((await hub.store.tiles.machineTiles(home.id))?.source).toBe('association');

    const overview = (await consoleCall(hub, helper, 'GET', '/console/tiles')).json() as TilesOverview;
    expect(overview.defaults.tiles).toEqual([lessons, help]);
    expect(overview.defaults.updatedBy).toBe('Sophie');
    expect(overview.people.find((p) => p.id === jeanne.id)).toMatchObject({ firstName: 'Jeanne', tiles: null });
    expect(overview.places).toEqual([expect.objectContaining({ cohort: 'Mairie du 12e', kiosks: 1, tiles: [caf] })]);
  });

  it("pushes the machine's new tiles on its feed when the defaults change, and only when they change for it", async () => {
    const { token } = await enrolDemo(hub);
    const ws = await openFeed(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${token}` });
    const hello = MachineEvent.parse(await ws.feed.next());
    expect(hello.type === 'hello' && hello.tiles?.source).toBe('association');
    const next = [help, lessons, { ...caf, id: 'caf2' }];
    expect((await consoleCall(hub, staff, 'PUT', '/console/tiles/defaults', { tiles: next })).statusCode).toBe(200);
    expect(MachineEvent.parse(await ws.feed.next())).toEqual({ type: 'tiles', tiles: { source: 'association', tiles: next } });
    // A place's set does not concern a home machine: nothing is pushed.
    expect((await consoleCall(hub, staff, 'PUT', '/console/tiles/places/Ailleurs', { tiles: [help] })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(ws.feed.seen).toEqual([]);
    ws.close();
  });
});

describe('tiles: bad input changes nothing', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['no body', undefined, /missing/],
    ['nine tiles', { tiles: Array.from({ length: 9 }, (_, i) => ({ ...caf, id: `s${i}` })) }, /1 to 8 tiles/],
    ['an empty set', { tiles: [] }, /1 to 8 tiles/],
    ['two lessons tiles', { tiles: [lessons, { ...lessons, id: 'l2' }] }, /at most one "lessons"/],
    ['the same id twice', { tiles: [caf, caf] }, /two tiles have the id/],
    ['an unknown kind', { tiles: [{ kind: 'game', id: 'g', picture: 'books' }] }, /kind is one of/],
    ['a picture not in the catalogue', { tiles: [{ ...lessons, picture: '../../etc/passwd' }] }, /picture is one of/],
    ['a plain-http address', { tiles: [{ ...caf, url: 'http://www.caf.fr/' }] }, /https:\/\//],
    ['a user-info address', { tiles: [{ ...caf, url: 'https://caf.fr@evil.example/' }] }, /no user name/],
    ['an IP address', { tiles: [{ ...caf, url: 'https://192.168.1.10/' }] }, /no IP address/],
    ['a javascript: address', { tiles: [{ ...caf, url: 'javascript:alert(1)' }] }, /https:\/\//],
    ['a domain with a scheme', { tiles: [{ ...caf, domains: ['https://caf.fr'] }] }, /a domain is/],
    ['a wildcard in the middle', { tiles: [{ ...caf, domains: ['caf.*.fr'] }] }, /a domain is/],
    ['no domain at all', { tiles: [{ ...caf, domains: [] }] }, /domains/],
    ['an unknown login provider', { tiles: [{ ...caf, loginProviders: ['evilconnect'] }] }, /franceconnect/],
    ['a label with markup', { tiles: [{ ...caf, label: '<img src=x>' }] }, /no control characters/],
    ['a website without a label', { tiles: [{ ...caf, label: undefined }] }, /label/],
    ['an extra field', { tiles: [{ ...lessons, script: 'x' }] }, /script/],
  ];
  for (const [what, body, message] of bad) {
    it(`PUT /console/tiles/defaults with ${what}: 400 saying what is accepted`, async () => {
      const before = await snapshotTables(hub.store);
      const res = await consoleCall(hub, staff, 'PUT', '/console/tiles/defaults', body);
      expect(expectApiError(res, 400, 'invalid_input').message).toMatch(message);
      expect(await snapshotTables(hub.store)).toBe(before);
    });
  }

  it('a person id that is not a UUID is 400, an unknown one 404; a place name out of the cohort rules is 400', async () => {
    const before = await snapshotTables(hub.store);
    expectApiError(await consoleCall(hub, helper, 'PUT', '/console/tiles/people/nope', { tiles: null }), 400, 'invalid_input');
    expectApiError(await consoleCall(hub, helper, 'PUT', '/console/tiles/people/6f1c1e36-8a7a-4c2e-9a55-000000000000', { tiles: null }), 404, 'not_found');
    expectApiError(await consoleCall(hub, staff, 'PUT', `/console/tiles/places/${encodeURIComponent('<script>')}`, { tiles: null }), 400, 'invalid_input');
    expect(await snapshotTables(hub.store)).toBe(before);
  });
});
