/**
 * The webzine through the hub's real routes (issue 17): a story sent by a machine, moderated by a helper,
 * published on the static site and in the feed without any photo metadata, heard back by the shell,
 * declined with a reason, and withdrawn from the shell so that it disappears from the site and the feed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineStoryStatus, PublishedStory, StoryView } from '../../app/protocol/webzine.ts';
import { consoleCall, enrolDemo, makeHub, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import { EDITED, GPS_JPEG, postStory, storyBody, wav } from './webzine-support.ts';

let hub: TestHub;
let token: string;
let helper: ConsoleSession;
let site: string;

beforeAll(async () => {
  hub = await makeHub();
  token = (await enrolDemo(hub)).token;
  helper = await sessionAs(hub, 'Marie', 'accompagnant');
  site = `/webzine/${hub.seed.associationId}/`;
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

const machineGet = (path: string) => hub.app.inject({ method: 'GET', url: `/api/v1${path}`, headers: { authorization: `Bearer ${token}` } });
const machinePost = (path: string) => hub.app.inject({ method: 'POST', url: `/api/v1${path}`, headers: { authorization: `Bearer ${token}` } });
const get = (url: string) => hub.app.inject({ method: 'GET', url });

/** exiftool's reading of bytes (every group, every tag). */
function exif(bytes: Buffer): string {
  return execFileSync('exiftool', ['-a', '-G1', '-'], { input: bytes }).toString();
}

async function submitAndEdit(overrides: Record<string, unknown> = {}, edit: Record<string, unknown> = {}): Promise<string> {
  const body = storyBody(overrides);
  expect((await postStory(hub, token, body)).statusCode).toBe(201);
  const issue = (await consoleCall(hub, helper, 'GET', '/console/webzine/issues')).json() as { number: number }[];
  const number = issue[0]?.number ?? ((await consoleCall(hub, helper, 'POST', '/console/webzine/issues', { title: 'Printemps' })).json() as { number: number }).number;
  const patched = await consoleCall(hub, helper, 'PATCH', `/console/webzine/stories/${body.id as string}`, { ...EDITED, issue: number, ...edit });
  expect(patched.statusCode, patched.body).toBe(200);
  return body.id as string;
}

describe('the webzine, from the shell to the site and back', () => {
  it('the fixture really carries a GPS position, XMP and IPTC (else the stripping test proves nothing)', () => {
    const tags = exif(GPS_JPEG);
    expect(tags).toMatch(/GPS Latitude\s*:\s*48 deg/);
    expect(tags).toMatch(/\[XMP-dc\]\s+Creator/);
    expect(tags).toMatch(/\[IPTC\]\s+City/);
  });

  it('a story sent twice with the same id is stored once, waits in the queue, and its photo is stored without metadata', async () => {
    const body = storyBody();
    const first = await postStory(hub, token, body);
    expect(first.statusCode, first.body).toBe(201);
    expect((first.json() as MachineStoryStatus).state).toBe('submitted');
    expect((await postStory(hub, token, body)).statusCode).toBe(200);
    const queue = (await consoleCall(hub, helper, 'GET', '/console/webzine/stories')).json() as StoryView[];
    expect(queue.filter((s) => s.id === body.id)).toHaveLength(1);
    const view = queue.find((s) => s.id === body.id)!;
    expect(view).toMatchObject({ state: 'submitted', hasPhoto: true, hasTitleAudio: true, assetTag: 'DEMO-0001', credit: 'first_name', durationMs: 2000 });
    const photo = await consoleCall(hub, helper, 'GET', `/console/webzine/stories/${body.id as string}/media/photo`);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    const tags = exif(photo.rawPayload);
    expect(tags).not.toMatch(/GPS|XMP|IPTC|Creator|Comment|rue des Lilas|Webcam/);
    expect(tags).toMatch(/Image Size\s*:\s*320x240/);
    const audio = await consoleCall(hub, helper, 'GET', `/console/webzine/stories/${body.id as string}/media/audio`);
    expect(audio.headers['content-type']).toBe('audio/mpeg');
    expect(exif(audio.rawPayload)).toMatch(/MPEG Audio Version\s*:\s*2/);
  });

  it('the audio is normalised: a quiet recording comes out near full scale', async () => {
    const body = storyBody({ audio: wav(2, { amplitude: 0.05 }).toString('base64') });
    expect((await postStory(hub, token, body)).statusCode).toBe(201);
    const mp3 = (await consoleCall(hub, helper, 'GET', `/console/webzine/stories/${body.id as string}/media/audio`)).rawPayload;
    // sox prints its statistics on stderr.
    const out = execFileSync('sh', ['-c', 'sox -t mp3 - -n stat 2>&1'], { input: mp3 }).toString();
    const peak = Number(/Maximum amplitude:\s*([\d.]+)/.exec(out)?.[1]);
    expect(peak).toBeGreaterThan(0.7);
  });

  it('publishing needs the transcription, the issue, the section, the signature, the photo description and the agreement of the people on the photo', async () => {
    const body = storyBody({ photoShowsOthers: true });
    expect((await postStory(hub, token, body)).statusCode).toBe(201);
    const id = body.id as string;
    const early = await consoleCall(hub, helper, 'POST', `/console/webzine/stories/${id}/publish`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/title, text, issue, section, signature, photo_alt, others_agreed/);
    const issue = (await consoleCall(hub, helper, 'POST', '/console/webzine/issues', { title: 'Printemps' })).json() as { number: number };
    expect((await consoleCall(hub, helper, 'PATCH', `/console/webzine/stories/${id}`, { ...EDITED, issue: issue.number })).statusCode).toBe(200);
    const stillOthers = await consoleCall(hub, helper, 'POST', `/console/webzine/stories/${id}/publish`);
    expect(stillOthers.statusCode).toBe(409);
    expect(stillOthers.json().error.message).toMatch(/others_agreed/);
    expect(existsSync(join(hub.dataDir, 'webzine', hub.seed.associationId, 'media', `${id}.jpg`))).toBe(false);
    // Someone on the photo did not agree: published without the photo.
    expect((await consoleCall(hub, helper, 'PATCH', `/console/webzine/stories/${id}`, { removePhoto: true })).statusCode).toBe(200);
    const published = await consoleCall(hub, helper, 'POST', `/console/webzine/stories/${id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect((published.json() as StoryView).hasPhoto).toBe(false);
    expect((await consoleCall(hub, helper, 'GET', `/console/webzine/stories/${id}/media/photo`)).statusCode).toBe(404);
  });

  it('a published story is on the static site (no script), in the feed, with a photo whose bytes carry no GPS, and in the shell\'s journal', async () => {
    const id = await submitAndEdit({ language: 'ar', credit: 'pseudonym' }, { title: 'حديقة الحي', text: 'زرعنا الطماطم في الربيع.', signature: 'Oum Kalthoum' });
    expect((await consoleCall(hub, helper, 'POST', `/console/webzine/stories/${id}/publish`)).statusCode).toBe(200);

    expect((await get('/webzine/')).headers.location).toBe(site);
    const index = await get(site);
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/text\/html/);
    expect(index.body).not.toMatch(/<script/i);
    expect(index.body).toContain(`<article id="histoire-${id}" lang="ar" dir="rtl">`);
    expect(index.body).toContain('حديقة الحي');
    expect(index.body).toContain('Raconté par <bdi>Oum Kalthoum</bdi>');
    expect(index.body).toContain('alt="Un jardin au soleil, une cabane au toit rouge."');
    expect(index.body).toMatch(new RegExp(`<audio controls[^>]*><source src="media/${id}.mp3" type="audio/mpeg">`));

    const photo = await get(`${site}media/${id}.jpg`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    const tags = exif(photo.rawPayload);
    expect(tags).not.toMatch(/GPS|XMP|IPTC|Creator|Comment|rue des Lilas/);
    expect(photo.rawPayload.includes(Buffer.from('Exif\0'))).toBe(false);
    expect(photo.rawPayload.includes(Buffer.from('http://ns.adobe.com/xap/1.0/'))).toBe(false);

    const audio = await get(`${site}media/${id}.mp3`);
    expect(audio.statusCode).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/mpeg');

    const feed = await get(`${site}feed.xml`);
    expect(feed.headers['content-type']).toMatch(/application\/rss\+xml/);
    expect(feed.body).toContain('<title>حديقة الحي</title>');
    expect(feed.body).toContain(`<enclosure url="http://localhost:80${site}media/${id}.mp3" length="${audio.rawPayload.length}" type="audio/mpeg"/>`);

    const journal = (await machineGet('/machine/webzine/published')).json() as PublishedStory[];
    expect(journal.find((s) => s.id === id)).toMatchObject({ title: 'حديقة الحي', language: 'ar', audioPath: `${site}media/${id}.mp3`, photoPath: `${site}media/${id}.jpg` });
    expect((await get(journal.find((s) => s.id === id)!.audioPath)).statusCode).toBe(200);
  });

  it('the journal is served in the reader’s language: the browser’s choice at /webzine/, French, English and Arabic (rtl) editions, a feed each', async () => {
    const id = await submitAndEdit({ language: 'fr' });
    expect((await consoleCall(hub, helper, 'POST', `/console/webzine/stories/${id}/publish`)).statusCode).toBe(200);
    const asking = (language: string) => hub.app.inject({ method: 'GET', url: '/webzine/', headers: { 'accept-language': language } });
    expect((await asking('ar-MA,ar;q=0.9,fr;q=0.8')).headers.location).toBe(`${site}ar/`);
    expect((await asking('en-GB,en;q=0.9')).headers.location).toBe(`${site}en/`);
    expect((await asking('de-DE')).headers.location).toBe(site);
    expect((await get(`${site}ar`)).headers.location).toBe(`${site}ar/`);
    expect((await get(`${site}ar/numero-1`)).headers.location).toBe(`${site}ar/numero-1/`);
    const ar = await get(`${site}ar/numero-1/`);
    expect(ar.statusCode).toBe(200);
    expect(ar.body).toContain('<html lang="ar" dir="rtl">');
    expect(ar.body).toContain(`<article id="histoire-${id}" lang="fr" dir="ltr">`);
    expect(ar.body).toContain('استمع إلى القصة');
    expect((await get(`${site}en/`)).body).toContain('Listen to the story');
    const feed = await get(`${site}ar/feed.xml`);
    expect(feed.headers['content-type']).toContain('application/rss+xml');
    expect(feed.body).toContain('<language>ar</language>');
    expect(feed.body).toContain(`<link>http://localhost:80${site}ar/numero-1/#histoire-${id}</link>`);
  });

  it('withdrawn from the shell, a published story disappears from the site, the feed, the journal and the disk', async () => {
    const id = await submitAndEdit();
    expect((await consoleCall(hub, helper, 'POST', `/console/webzine/stories/${id}/publish`)).statusCode).toBe(200);
    expect((await get(site)).body).toContain(id);
    const withdrawn = await machinePost(`/machine/webzine/stories/${id}/withdraw`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((withdrawn.json() as MachineStoryStatus).state).toBe('withdrawn');
    expect((await get(site)).body).not.toContain(id);
    expect((await get(`${site}feed.xml`)).body).not.toContain(id);
    expect((await get(`${site}ar/`)).body).not.toContain(id);
    expect((await get(`${site}en/feed.xml`)).body).not.toContain(id);
    expect((await get(`${site}media/${id}.jpg`)).statusCode).toBe(404);
    expect((await get(`${site}media/${id}.mp3`)).statusCode).toBe(404);
    expect(((await machineGet('/machine/webzine/published')).json() as PublishedStory[]).map((s) => s.id)).not.toContain(id);
    const folder = join(hub.dataDir, 'webzine', hub.seed.associationId, 'media');
    expect(readdirSync(folder).filter((f) => f.startsWith(id))).toEqual([]);
    // Its voice, photo and words are gone from the store too; withdrawing again changes nothing.
    const view = (await consoleCall(hub, helper, 'GET', `/console/webzine/stories/${id}`)).json() as StoryView;
    expect(view).toMatchObject({ state: 'withdrawn', title: '', text: '', hasPhoto: false });
    expect((await consoleCall(hub, helper, 'GET', `/console/webzine/stories/${id}/media/audio`)).statusCode).toBe(404);
    expect((await machinePost(`/machine/webzine/stories/${id}/withdraw`)).statusCode).toBe(200);
  });

  it('a declined story tells the shell why, and keeps nothing of the person', async () => {
    const body = storyBody();
    expect((await postStory(hub, token, body)).statusCode).toBe(201);
    const declined = await consoleCall(hub, helper, 'POST', `/console/webzine/stories/${body.id as string}/decline`, { reason: 'hard_to_hear', note: 'Trop de bruit' });
    expect(declined.statusCode).toBe(200);
    const mine = (await machineGet('/machine/webzine/stories')).json() as MachineStoryStatus[];
    expect(mine.find((s) => s.id === body.id)).toMatchObject({ state: 'declined', declineReason: 'hard_to_hear' });
    expect((await consoleCall(hub, helper, 'GET', `/console/webzine/stories/${body.id as string}/media/audio`)).statusCode).toBe(404);
    expect((await consoleCall(hub, helper, 'POST', `/console/webzine/stories/${body.id as string}/publish`)).statusCode).toBe(409);
    expect((await machinePost(`/machine/webzine/stories/${body.id as string}/withdraw`)).statusCode).toBe(409);
  });

  it('an anonymous story is published with no name, whatever the helper typed', async () => {
    const id = await submitAndEdit({ credit: 'anonymous' }, { signature: '' });
    expect((await consoleCall(hub, helper, 'POST', `/console/webzine/stories/${id}/publish`)).statusCode).toBe(200);
    const html = (await get(site)).body;
    const article = html.slice(html.indexOf(`id="histoire-${id}"`));
    expect(article.slice(0, article.indexOf('</article>'))).toContain('Raconté anonymement');
  });

  it('the helper hears the transcription read back by espeak-ng', async () => {
    const res = await consoleCall(hub, helper, 'POST', '/console/webzine/read-back', { text: 'Le jardin partagé', language: 'fr' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    expect(res.rawPayload.length).toBeGreaterThan(10_000);
  });
});
