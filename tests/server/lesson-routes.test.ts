/**
 * The hub's lesson feed against a real hub: bundled packs in a signed index that the shell's verifier
 * accepts with the key from /machine/content-key; an unchanged index costs a 304; a pack archive
 * matches its index entry; a new version uploaded in the console is checked by lessons:check rules,
 * pushed on the machine's live feed, and installed by the shell's LessonFeed over HTTP; another
 * association sees none of it. Bad input on every route gets a 4xx and changes nothing.
 */
import { createPublicKey } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive, readFolder, writeArchive, type ArchiveEntry } from '../../lib/packs/archive.ts';
import { sha256Hex, verifyPackIndex, type PackIndexEntry } from '../../lib/packs/pack-index.ts';
import { LessonFeed, type LessonFeedTransport } from '../../main/lesson-feed/lesson-feed.ts';
import { PackStore } from '../../main/lesson-feed/pack-store.ts';
import { DEFAULT_LESSONS_DIR } from '../../server/hub.ts';
import { consoleCall, enrolDemo, enrolNewMachine, expectApiError, makeHub, removeTempDirs, sessionAs, tempDir, type ConsoleSession, type TestHub } from './helpers.ts';
import { snapshotTables } from './inspect.ts';

const BUNDLED = ['souris-bouger', 'souris-cliquer', 'souris-double-clic'];
/** A pack's version in the repository's lessons/ (what the hub bundles). */
const bundled = (id: string) => Number(/^version: (\d+)$/m.exec(readFileSync(join(DEFAULT_LESSONS_DIR, id, 'lesson.yaml'), 'utf8'))![1]);
let hub: TestHub;
let base: string;
let token: string;
let staff: ConsoleSession;

beforeAll(async () => {
  const lessonsDir = tempDir();
  for (const id of BUNDLED) cpSync(join(DEFAULT_LESSONS_DIR, id), join(lessonsDir, id), { recursive: true });
  hub = await makeHub(tempDir(), { lessonsDir });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
  token = (await enrolDemo(hub)).token;
  staff = await sessionAs(hub, 'Sam', 'staff');
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

const machineGet = (path: string, headers: Record<string, string> = {}, bearer = token) =>
  hub.app.inject({ method: 'GET', url: `/api/v1${path}`, headers: { authorization: `Bearer ${bearer}`, ...headers } });

/** The shell's transport over real HTTP (what the shell's hub client does). */
function httpTransport(bearer: string): LessonFeedTransport {
  const headers = { authorization: `Bearer ${bearer}` };
  return {
    async fetchIndex(etag) {
      const res = await fetch(`${base}/api/v1/machine/lessons/index`, { headers: { ...headers, ...(etag ? { 'if-none-match': etag } : {}) } });
      if (res.status === 304) return { status: 304 };
      if (!res.ok) throw new Error(`index: HTTP ${res.status}`);
      return { status: 200, body: await res.text(), etag: res.headers.get('etag') };
    },
    async fetchPack(entry: PackIndexEntry) {
      const res = await fetch(`${base}/api/v1/machine/lessons/packs/${entry.id}/${entry.version}`, { headers });
      if (!res.ok) throw new Error(`pack: HTTP ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    },
  };
}

/** A bundled pack at another version (optionally edited), as the files an author uploads. */
function packFiles(id: string, version: number, edit: (files: ArchiveEntry[]) => ArchiveEntry[] = (f) => f): ArchiveEntry[] {
  const files = readFolder(join(DEFAULT_LESSONS_DIR, id)).map((f) =>
    f.path === 'lesson.yaml' ? { ...f, data: Buffer.from(f.data.toString('utf8').replace(/^version: \d+$/m, `version: ${version}`)) } : f,
  );
  return edit(files);
}

const upload = (s: ConsoleSession, body: Buffer, contentType = 'application/gzip') =>
  hub.app.inject({ method: 'POST', url: '/api/v1/console/lessons/packs', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': contentType }, payload: body });

async function contentKey(bearer = token) {
  const res = await machineGet('/machine/content-key', {}, bearer);
  expect(res.statusCode).toBe(200);
  return createPublicKey((res.json() as { publicKey: string }).publicKey);
}

/** Every table's rows, hashed (inspect.ts). */
function snapshot(): Promise<string> {
  return snapshotTables(hub.store);
}

describe('the lesson index and packs, machine side', () => {
  it("offers the bundled packs in an index signed with the content key the machine pins", async () => {
    const res = await machineGet('/machine/lessons/index');
    expect(res.statusCode).toBe(200);
    const index = verifyPackIndex(res.body, await contentKey());
    expect(index.packs.map((p) => `${p.id}@${p.version}`)).toEqual(BUNDLED.map((id) => `${id}@${bundled(id)}`));
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('answers an unchanged index with a 304 and no body, under 1 KB on the wire', async () => {
    const first = await machineGet('/machine/lessons/index');
    const again = await machineGet('/machine/lessons/index', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const raw = await fetch(`${base}/api/v1/machine/lessons/index`, { headers: { authorization: `Bearer ${token}`, 'if-none-match': String(first.headers.etag) } });
    expect(raw.status).toBe(304);
    const headerBytes = [...raw.headers].reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
    expect(headerBytes).toBeLessThan(1024);
  });

  it('serves each pack archive as its index entry says, and a real pack inside', async () => {
    const index = verifyPackIndex((await machineGet('/machine/lessons/index')).body, await contentKey());
    for (const entry of index.packs) {
      const res = await machineGet(`/machine/lessons/packs/${entry.id}/${entry.version}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/gzip');
      expect(sha256Hex(res.rawPayload)).toBe(entry.sha256);
      expect(res.rawPayload.length).toBe(entry.size);
      expect(readArchive(res.rawPayload).map((f) => f.path)).toContain('lesson.yaml');
      expect((await machineGet(`/machine/lessons/packs/${entry.id}/${entry.version}`, { 'if-none-match': String(res.headers.etag) })).statusCode).toBe(304);
    }
  });

  it('refuses bad input with a 4xx that says what is accepted, and a missing or unknown token with 401', async () => {
    for (const path of ['/machine/lessons/packs/..%2Fetc/1', '/machine/lessons/packs/Souris/1', '/machine/lessons/packs/souris-bouger/0', '/machine/lessons/packs/souris-bouger/un']) {
      expect(expectApiError(await machineGet(path), 400, 'invalid_input').message).toMatch(/lesson and version in the path/);
    }
    expectApiError(await machineGet('/machine/lessons/packs/souris-bouger/99'), 404, 'not_found');
    for (const path of ['/machine/lessons/index', '/machine/lessons/packs/souris-bouger/1', '/machine/content-key']) {
      expectApiError(await hub.app.inject({ method: 'GET', url: `/api/v1${path}` }), 401, 'unauthorized');
      expectApiError(await machineGet(path, {}, 'x'.repeat(40)), 401, 'unauthorized');
    }
  });
});

describe('publishing a lesson version from the console', () => {
  it('checks the upload by the lessons:check rules, refuses what fails, and changes nothing then', async () => {
    const before = await snapshot();
    const tooLong = packFiles('souris-bouger', bundled('souris-bouger') + 1, (files) =>
      files.map((f) =>
        f.path === 'texts/fr.yaml'
          ? { ...f, data: Buffer.from(f.data.toString('utf8').replace(/^(\s+\S+: ).+$/m, '$1Cette phrase est beaucoup trop longue pour une personne qui apprend car elle a vingt mots au moins.')) }
          : f,
      ),
    );
    const refused = expectApiError(await upload(staff, writeArchive(tooLong)), 422, 'pack_refused');
    expect(refused.message).toMatch(/lessons:check found \d+ problem/);
    expect(refused.message).toMatch(/souris-bouger/);
    const offered = bundled('souris-bouger');
    expect(expectApiError(await upload(staff, writeArchive(packFiles('souris-bouger', offered))), 409, 'not_newer').message).toContain(`raise "version" in lesson.yaml above ${offered}`);
    expect(expectApiError(await upload(staff, Buffer.from('not an archive')), 400, 'invalid_archive').message).toMatch(/not a gzip archive/);
    expect(expectApiError(await upload(staff, writeArchive([{ path: 'readme.txt', data: Buffer.from('hi') }])), 422, 'pack_refused').message).toMatch(/no lesson.yaml/);
    // A manifest the schema refuses: the refusal says where (the console shows it to the author).
    const badKind = packFiles('souris-bouger', offered + 1, (files) =>
      files.map((f) => (f.path === 'lesson.yaml' ? { ...f, data: Buffer.from(f.data.toString('utf8').replace(/^(\s*-?\s*kind:\s*)\S+/m, '$1dance')) } : f)),
    );
    expect(expectApiError(await upload(staff, writeArchive(badKind)), 422, 'pack_refused').message).toMatch(/lesson.yaml does not match the schema: steps\.0/);
    expectApiError(await consoleCall(hub, staff, 'POST', '/console/lessons/packs', { pack: 'souris-bouger' }), 415, 'unsupported_media_type');
    expectApiError(await upload(staff, Buffer.from('x'), 'text/csv'), 415);
    expect(await snapshot()).toBe(before);
  });

  it('publishes a checked version, tells the machines on their live feed, and the shell installs it over HTTP', async () => {
    const store = new PackStore(mkdtempSync(join(tempDir(), 'shell-packs-')));
    const key = await contentKey();
    const feed = new LessonFeed({ store, transport: httpTransport(token), contentKey: () => key, shipped: new Map(BUNDLED.map((id) => [id, bundled(id)])) });
    expect((await feed.sync()).installed).toEqual([]);
    expect((await feed.sync()).index).toBe('unchanged');

    const ws = new WebSocket(`ws://${base.slice(7)}/api/v1/machine/feed`, { headers: { authorization: `Bearer ${token}` } });
    const events: Array<{ type: string }> = [];
    ws.on('message', (data) => events.push(JSON.parse(data.toString()) as { type: string }));
    await new Promise<void>((resolve) => ws.once('open', () => resolve()));
    await expect.poll(() => events.some((e) => e.type === 'hello')).toBe(true);

    // An author's archive: `tar czf souris-cliquer.tar.gz souris-cliquer/` (one folder at the root).
    const next = bundled('souris-cliquer') + 1;
    const files = packFiles('souris-cliquer', next).map((f) => ({ ...f, path: `souris-cliquer/${f.path}` }));
    const res = await upload(staff, writeArchive(files));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ id: 'souris-cliquer', version: next });
    await expect.poll(() => events.some((e) => e.type === 'lessons')).toBe(true);
    ws.close();

    const outcome = await feed.sync();
    expect(outcome.installed.map((p) => `${p.id}@${p.version}`)).toEqual([`souris-cliquer@${next}`]);
    expect(store.current('souris-cliquer')).toMatchObject({ version: next });
    expect(readFileSync(join(store.current('souris-cliquer')!.dir, 'lesson.yaml'), 'utf8')).toContain(`\nversion: ${next}\n`);

    const view = await consoleCall(hub, staff, 'GET', '/console/lessons');
    expect(view.statusCode).toBe(200);
    const pack = (view.json() as { packs: Array<{ id: string; title: string; offered: number; versions: Array<{ version: number; source: string; publishedBy: string | null }> }> }).packs.find((p) => p.id === 'souris-cliquer')!;
    expect(pack).toMatchObject({ offered: next, title: expect.stringMatching(/\S/) });
    expect(pack.versions.map((v) => [v.version, v.source, v.publishedBy])).toEqual([
      [next, 'upload', 'Sam'],
      [next - 1, 'bundled', null],
    ]);
  });

  it("keeps an association's versions to its own machines", async () => {
    const other = await hub.store.accounts.createAssociation('Autre association');
    const machine = await hub.store.register.createMachine({ associationId: other.id, assetTag: 'AUTRE-1', mode: 'home', cohort: 'home' });
    const { code } = await hub.store.register.createEnrolmentCode(machine.id, 60);
    const otherToken = (await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } })).json().token as string;
    const index = verifyPackIndex((await machineGet('/machine/lessons/index', {}, otherToken)).body, await contentKey(otherToken));
    const own = bundled('souris-cliquer') + 1;
    expect(index.packs.find((p) => p.id === 'souris-cliquer')?.version).toBe(own - 1);
    expectApiError(await machineGet(`/machine/lessons/packs/souris-cliquer/${own}`, {}, otherToken), 404, 'not_found');
    // The first association's machines see its version.
    expect((await machineGet(`/machine/lessons/packs/souris-cliquer/${own}`)).statusCode).toBe(200);
    const second = await enrolNewMachine(hub, 'PC-LESSONS-2');
    expect(verifyPackIndex((await machineGet('/machine/lessons/index', {}, second.token)).body, await contentKey()).packs.find((p) => p.id === 'souris-cliquer')?.version).toBe(own);
  });

  it('keeps its content key and bundled archives across a restart: the same index bytes, the same ETag', async () => {
    const dataDir = tempDir();
    const lessonsDir = tempDir();
    cpSync(join(DEFAULT_LESSONS_DIR, 'souris-molette'), join(lessonsDir, 'souris-molette'), { recursive: true });
    const first = await makeHub(dataDir, { lessonsDir });
    const a = await first.lessons.index(first.seed.associationId);
    await first.close();
    writeFileSync(join(lessonsDir, 'souris-molette', 'unused.txt'), 'a file added without raising the version');
    const second = await makeHub(dataDir, { lessonsDir });
    const b = await second.lessons.index(second.seed.associationId);
    await second.close();
    expect(b.text).toBe(a.text);
    expect(b.etag).toBe(a.etag);
  });
});
