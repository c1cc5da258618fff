/**
 * Photos and documents sent with a help request (issue 13: "Envoyer à l'association" on the shell's
 * photos): up to HELP_FILES_PER_REQUEST per request (the machine's one open request: a later press's
 * id reaches the same request), numbered in order of arrival, within a daily byte quota per machine
 * (429 + Retry-After), typed by their bytes, shown to the association's helpers only (a PDF
 * as a download, never rendered in the console's origin), purged with the request; every bad upload
 * gets a clear 4xx and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HELP_FILE_MAX_BYTES, HELP_FILES_PER_REQUEST, HelpStatus } from '../../app/protocol/hub.ts';
import { act, consoleCall, enrolDemo, enrolNewMachine, expectApiError, helpSubmit, makeHub, postHelp, sessionAs, type TestHub, hubPerTest } from './helpers.ts';
import { helpEvents, helpRequest, snapshotTables } from './inspect.ts';

let hub: TestHub;
let token: string;
hubPerTest((h, t) => {
  hub = h;
  token = t;
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n%facture\n');

async function submit(): Promise<string> {
  const payload = helpSubmit();
  expect((await postHelp(hub, token, payload)).statusCode).toBe(201);
  return payload.id as string;
}

function putFile(id: string, body: Buffer, headers: Record<string, string> = {}, machineToken = token) {
  return hub.app.inject({
    method: 'PUT',
    url: `/api/v1/help-requests/${id}/file`,
    headers: { authorization: `Bearer ${machineToken}`, 'content-type': 'image/png', 'x-file-name': encodeURIComponent('Lettre de la CAF.png'), ...headers },
    payload: body,
  });
}

const PDF2 = Buffer.from('%PDF-1.4\n%verso\n');
const fileUrl = (id: string, n: number | string) => `/console/help-requests/${id}/files/${n}`;

describe('files sent with a help request', () => {
  it('takes up to three per request, numbered (the same bytes again are fine), refuses a fourth, journals each, and shows them to helpers only', async () => {
    expect(HELP_FILES_PER_REQUEST).toBe(3);
    const id = await submit();
    const first = await putFile(id, PNG);
    expect(first.statusCode).toBe(201);
    expect(HelpStatus.parse(first.json()).id).toBe(id);
    expect((await putFile(id, PNG)).statusCode).toBe(200);
    expect((await putFile(id, PDF, { 'content-type': 'application/pdf', 'x-file-name': 'recto.pdf' })).statusCode).toBe(201);
    // A second press while the request is open is merged into it: a file sent under its id joins the same request.
    const press = helpSubmit();
    expect((await postHelp(hub, token, press)).statusCode).toBe(200);
    const third = await putFile(press.id as string, PDF2, { 'content-type': 'application/pdf', 'x-file-name': 'verso.pdf' });
    expect(third.statusCode).toBe(201);
    expect(HelpStatus.parse(third.json()).id).toBe(press.id);
    const before = await snapshotTables(hub.store);
    const fourth = await putFile(id, Buffer.concat([PNG, Buffer.from('x')]), { 'x-file-name': 'encore.png' });
    expectApiError(fourth, 409, 'too_many_files');
    expect(fourth.json().error.message).toContain('3 files');
    expect(await snapshotTables(hub.store)).toBe(before);
    // A retry of one already there is still fine.
    expect((await putFile(press.id as string, PDF, { 'content-type': 'application/pdf', 'x-file-name': 'recto.pdf' })).statusCode).toBe(200);

    expect((await helpRequest(hub.store, id))?.files).toEqual([
      { n: 1, name: 'Lettre de la CAF.png', mimeType: 'image/png', sizeBytes: PNG.length },
      { n: 2, name: 'recto.pdf', mimeType: 'application/pdf', sizeBytes: PDF.length },
      { n: 3, name: 'verso.pdf', mimeType: 'application/pdf', sizeBytes: PDF2.length },
    ]);
    expect((await helpEvents(hub.store, id)).filter((e) => e.action === 'file').map((e) => e.detail)).toEqual(['Lettre de la CAF.png', 'recto.pdf', 'verso.pdf']);

    expectApiError(await hub.app.inject({ method: 'GET', url: `/api/v1${fileUrl(id, 1)}` }), 401);
    expectApiError(await hub.app.inject({ method: 'GET', url: `/api/v1${fileUrl(id, 1)}`, headers: { authorization: `Bearer ${token}` } }), 401);
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const got = await consoleCall(hub, marie, 'GET', fileUrl(id, 1));
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent('Lettre de la CAF.png')}`);
    expect(got.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect((await consoleCall(hub, marie, 'GET', fileUrl(id, 3))).rawPayload.equals(PDF2)).toBe(true);
    const detail = await consoleCall(hub, marie, 'GET', `/console/help-requests/${id}`);
    expect(detail.json()).toMatchObject({ request: { files: [{ n: 1, name: 'Lettre de la CAF.png' }, { n: 2 }, { n: 3 }] } });
  });

  it('gives a PDF as a download, never shown in the console; a file number out of 1-3 is a 400', async () => {
    const id = await submit();
    expect((await putFile(id, PDF, { 'content-type': 'application/pdf', 'x-file-name': 'facture.pdf' })).statusCode).toBe(201);
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const got = await consoleCall(hub, marie, 'GET', fileUrl(id, 1));
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe("attachment; filename*=UTF-8''facture.pdf");
    expectApiError(await consoleCall(hub, marie, 'GET', fileUrl(id, 2)), 404, 'not_found');
    for (const n of ['0', '4', 'x', '1.5', '01']) expectApiError(await consoleCall(hub, marie, 'GET', fileUrl(id, n)), 400, 'invalid_input');
    expectApiError(await consoleCall(hub, marie, 'GET', fileUrl(randomUUID(), 1)), 404, 'not_found');
  });

  it('keeps a machine within its daily bytes of files: 429 with Retry-After, nothing stored, and the day after it fits again', async () => {
    await hub.close();
    hub = await makeHub(undefined, { limits: { fileBytesPerDay: PNG.length + PDF.length } });
    token = (await enrolDemo(hub)).token;
    const id = await submit();
    expect((await putFile(id, PNG)).statusCode).toBe(201);
    expect((await putFile(id, PDF, { 'content-type': 'application/pdf', 'x-file-name': 'a.pdf' })).statusCode).toBe(201);
    const before = await snapshotTables(hub.store);
    const over = await putFile(id, PDF2, { 'content-type': 'application/pdf', 'x-file-name': 'b.pdf' });
    expectApiError(over, 429, 'file_quota');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(23 * 3600);
    expect(await snapshotTables(hub.store)).toBe(before);
    hub.clock.now = new Date(hub.clock.now.getTime() + 24 * 3600_000 + 1000);
    expect((await putFile(id, PDF2, { 'content-type': 'application/pdf', 'x-file-name': 'b.pdf' })).statusCode).toBe(201);
  });

  it('refuses bad uploads with a clear 4xx and changes nothing', async () => {
    const id = await submit();
    const other = await enrolNewMachine(hub, 'PC-OTHER');
    const before = await snapshotTables(hub.store);
    const refusals: [string, Awaited<ReturnType<typeof putFile>>, number, string?][] = [
      ['too big', await putFile(id, Buffer.concat([PNG, Buffer.alloc(HELP_FILE_MAX_BYTES)])), 413, 'body_too_large'],
      ['a type we do not take', await putFile(id, PNG, { 'content-type': 'image/svg+xml' }), 415],
      ['an executable sent as a picture', await putFile(id, Buffer.from('MZ\x90\x00 a program')), 400, 'invalid_input'],
      ['a PDF sent as a PNG', await putFile(id, PDF), 400, 'invalid_input'],
      ['no bytes', await putFile(id, Buffer.alloc(0)), 400],
      ['no name', await putFile(id, PNG, { 'x-file-name': '' }), 400, 'invalid_input'],
      ['a name with a folder', await putFile(id, PNG, { 'x-file-name': encodeURIComponent('../../etc/passwd') }), 400, 'invalid_input'],
      ['a name with a control character', await putFile(id, PNG, { 'x-file-name': 'photo%0A.png' }), 400, 'invalid_input'],
      ['a name badly encoded', await putFile(id, PNG, { 'x-file-name': 'photo%E9.png' }), 400, 'invalid_input'],
      ['a name too long', await putFile(id, PNG, { 'x-file-name': `${'a'.repeat(130)}.png` }), 400, 'invalid_input'],
      ['a bad request id', await putFile('not-a-uuid', PNG), 400, 'invalid_input'],
      ['an unknown request', await putFile(randomUUID(), PNG), 404, 'not_found'],
      ['another machine’s request', await putFile(id, PNG, {}, other.token), 404, 'not_found'],
      ['no machine token', await putFile(id, PNG, { authorization: 'Bearer nope' }), 401],
    ];
    for (const [what, res, status, code] of refusals) {
      expect(res.statusCode, what).toBe(status);
      const body = res.json() as { error?: { code?: string; message?: string } };
      expect(body.error?.message, what).toBeTruthy();
      if (code) expect(body.error?.code, what).toBe(code);
    }
    expect(await snapshotTables(hub.store)).toBe(before);

    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    await act(hub, marie, id, 'resolve');
    expectApiError(await putFile(id, PNG), 409, 'closed');
  });
});
