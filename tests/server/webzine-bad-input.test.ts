/**
 * Bad input on every webzine route (issue 17): sizes, types and durations refused with a 4xx naming what
 * is accepted, and the hub's tables byte-for-byte the same afterwards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_MAX_BYTES, STORY_AUDIO_MAX_BYTES, STORY_MAX_SECONDS } from '../../app/protocol/webzine.ts';
import { consoleCall, enrolDemo, expectApiError, makeHub, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import { snapshotTables } from './inspect.ts';
import { EDITED, GPS_JPEG, postStory, storyBody, wav } from './webzine-support.ts';

let hub: TestHub;
let token: string;
let helper: ConsoleSession;
let waiting: string;
let published: string;

beforeAll(async () => {
  hub = await makeHub();
  token = (await enrolDemo(hub)).token;
  helper = await sessionAs(hub, 'Marie', 'accompagnant');
  const issue = (await consoleCall(hub, helper, 'POST', '/console/webzine/issues', { title: 'Hiver' })).json() as { number: number };
  const a = storyBody();
  const b = storyBody();
  expect((await postStory(hub, token, a)).statusCode).toBe(201);
  expect((await postStory(hub, token, b)).statusCode).toBe(201);
  waiting = a.id as string;
  published = b.id as string;
  expect((await consoleCall(hub, helper, 'PATCH', `/console/webzine/stories/${published}`, { ...EDITED, issue: issue.number })).statusCode).toBe(200);
  expect((await consoleCall(hub, helper, 'POST', `/console/webzine/stories/${published}/publish`)).statusCode).toBe(200);
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

const snapshot = () => snapshotTables(hub.store);
const b64 = (b: Buffer) => b.toString('base64');

function expect4xx(res: { statusCode: number; body: string } & Parameters<typeof expectApiError>[0], what: string, status?: number) {
  expect(res.statusCode, `${what} → ${res.body}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${what} → ${res.body}`).toBeLessThan(500);
  if (status) expect(res.statusCode, what).toBe(status);
  return expectApiError(res, res.statusCode);
}

describe('POST /machine/webzine/stories refuses what is not a story and stores nothing', () => {
  /** A JPEG cut before its end-of-image marker. */
  const truncated = GPS_JPEG.subarray(0, GPS_JPEG.length - 200);
  const cases: [string, Record<string, unknown> | string, RegExp][] = [
    ['no fields', {}, /required field is missing/],
    ['unknown field', storyBody({ place: 'chez moi' }), /accepted fields: id, recordedAt, language, credit/],
    ['bad id', storyBody({ id: 'story-1' }), /id/],
    ['unknown language', storyBody({ language: 'de' }), /language/],
    ['unknown credit', storyBody({ credit: 'full_name' }), /credit/],
    ['audio not base64', storyBody({ audio: 'ceci n’est pas du son' }), /audio: expected base64/],
    ['audio as WebM (sox cannot read it)', storyBody({ audio: b64(Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(100)])) }), /audio: expected a WAV file/],
    ['audio 8-bit', storyBody({ audio: b64((() => { const w = wav(2); w.writeUInt16LE(8, 34); return w; })()) }), /16-bit PCM/],
    ['audio cut short', storyBody({ audio: b64(wav(2).subarray(0, 20_000)) }), /cut short/],
    ['audio too long (4 minutes at 8 kHz, under the byte cap)', storyBody({ audio: b64(wav(240, { sampleRate: 8000, amplitude: 0.01 })) }), new RegExp(`at most ${STORY_MAX_SECONDS} s`)],
    ['audio shorter than a second', storyBody({ audio: b64(wav(0.5)) }), /shorter than one second/],
    ['title too long', storyBody({ titleAudio: b64(wav(20, { sampleRate: 8000 })) }), /titleAudio: a title lasts at most 15 s/],
    ['photo a PNG', storyBody({ photo: b64(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')) }), /photo: not a JPEG/],
    ['photo cut short', storyBody({ photo: b64(truncated) }), /photo: the JPEG is cut short/],
    ['photo without image data', storyBody({ photo: b64(Buffer.from([0xff, 0xd8, 0xff, 0xd9])) }), /no image data/],
    ['photo too big', storyBody({ photo: 'A'.repeat(Math.ceil(PHOTO_MAX_BYTES / 3) * 4 + 4) }), /photo: at most 3072 KiB/],
  ];
  for (const [what, body, message] of cases) {
    it(what, async () => {
      const before = await snapshot();
      const error = expect4xx(await postStory(hub, token, body), what, 400);
      expect(error.message).toMatch(message);
      expect(await snapshot()).toBe(before);
    });
  }

  it('a body over the route limit (more than 3 minutes of audio, encoded) gets 413', async () => {
    const before = await snapshot();
    const huge = storyBody({ audio: 'A'.repeat(Math.ceil((STORY_AUDIO_MAX_BYTES * 2) / 3) * 4) });
    const error = expect4xx(await postStory(hub, token, huge), 'huge', 413);
    expect(error.message).toMatch(/too large/);
    expect(await snapshot()).toBe(before);
  });

  it('malformed JSON, a text body, no token', async () => {
    const before = await snapshot();
    const raw = (payload: string, type: string, auth = true) =>
      hub.app.inject({ method: 'POST', url: '/api/v1/machine/webzine/stories', headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${token}` } : {}) }, payload });
    expect4xx(await raw('{"id": ', 'application/json'), 'malformed', 400);
    expect4xx(await raw('bonjour', 'text/plain'), 'text', 415);
    expect4xx(await raw(JSON.stringify(storyBody()), 'application/json', false), 'no token', 401);
    expect(await snapshot()).toBe(before);
  });
});

describe('the other machine routes', () => {
  it('POST /machine/webzine/stories/:id/withdraw: bad id 400, unknown 404', async () => {
    const before = await snapshot();
    const post = (id: string) => hub.app.inject({ method: 'POST', url: `/api/v1/machine/webzine/stories/${id}/withdraw`, headers: { authorization: `Bearer ${token}` } });
    expect4xx(await post('nope'), 'bad id', 400);
    expect4xx(await post(randomUUID()), 'unknown', 404);
    expect(await snapshot()).toBe(before);
  });
});

describe('bad input on every console route of the webzine gets a 4xx and changes nothing', () => {
  type Method = 'GET' | 'POST' | 'PATCH';
  const cases: [Method, () => string, unknown[]][] = [
    ['GET', () => '/console/webzine/stories?state=draft', [undefined]],
    ['GET', () => '/console/webzine/stories?order=new', [undefined]],
    ['GET', () => '/console/webzine/stories/nope', [undefined]],
    ['GET', () => `/console/webzine/stories/${randomUUID()}`, [undefined]],
    ['GET', () => `/console/webzine/stories/${waiting}/media/video`, [undefined]],
    ['GET', () => `/console/webzine/stories/${randomUUID()}/media/audio`, [undefined]],
    [
      'PATCH',
      () => `/console/webzine/stories/${waiting}`,
      [{ title: 'x'.repeat(121) }, { text: 'x'.repeat(8001) }, { issue: 0 }, { issue: 42 }, { section: 'sport' }, { removePhoto: false }, { othersAgreed: 'oui' }, { author: 'Jeanne' }],
    ],
    ['PATCH', () => `/console/webzine/stories/${published}`, [{ title: 'Changé après publication' }]],
    ['POST', () => `/console/webzine/stories/${waiting}/publish`, [undefined, { force: true }]],
    ['POST', () => `/console/webzine/stories/${published}/publish`, [undefined]],
    ['POST', () => `/console/webzine/stories/${waiting}/decline`, [{}, { reason: 'ugly' }, { reason: 'other', note: 'x'.repeat(501) }]],
    ['POST', () => `/console/webzine/stories/${published}/decline`, [{ reason: 'other' }]],
    ['POST', () => `/console/webzine/stories/${randomUUID()}/withdraw`, [undefined]],
    ['POST', () => `/console/webzine/stories/${waiting}/withdraw`, [{ why: 'x' }]],
    ['POST', () => '/console/webzine/issues', [{}, { title: '' }, { title: 'x'.repeat(121) }, { title: 'N° 2', number: 2 }]],
    ['POST', () => '/console/webzine/read-back', [{}, { text: '' }, { text: 'x'.repeat(2001), language: 'fr' }, { text: 'Bonjour', language: 'de' }]],
  ];
  for (const [method, path, payloads] of cases) {
    const label = path.toString().replace(/^\(\) => /, '').replace(/\$\{(\w+)\}/g, ':$1').replace(/\$\{randomUUID\(\)\}/g, ':unknown').replace(/["`]/g, '');
    it(`${method} ${label}`, async () => {
      const before = await snapshot();
      for (const payload of payloads) expect4xx(await consoleCall(hub, helper, method, path(), payload), JSON.stringify(payload));
      expect(await snapshot()).toBe(before);
    });
  }
});

describe('the public site serves its own files only', () => {
  const paths = [
    (a: string) => `/webzine/${a}/../../hub.sqlite`,
    (a: string) => `/webzine/${a}/%2e%2e/%2e%2e/hub.sqlite`,
    (a: string) => `/webzine/${a}/feed.json`,
    (a: string) => `/webzine/${a}/media/${waiting}.jpg`,
    (a: string) => `/webzine/${a}/media/evil.sh`,
    (a: string) => `/webzine/${a}/numero-99/`,
    (a: string) => `/webzine/${a}/de/`,
    (a: string) => `/webzine/${a}/ar/style.css`,
    (a: string) => `/webzine/${a}/ar/media/${waiting}.mp3`,
    (a: string) => `/webzine/${a}/ar/feed.json`,
    () => `/webzine/not-an-association/`,
    () => `/webzine/${randomUUID()}/`,
  ];
  for (const path of paths) {
    it(`GET ${path(':association')} is 404`, async () => {
      const res = await hub.app.inject({ method: 'GET', url: path(hub.seed.associationId) });
      expect(res.statusCode, res.body).toBe(404);
    });
  }
});
