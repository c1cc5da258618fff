/**
 * The staff dashboards' API on a real hub: fleet verdicts, "to repair" and "silent" lists, one
 * machine's history, GLPI exports validated against GLPI's own schema, evaluation figures with
 * small numbers withheld in the API and the CSV, and retention.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationView, FleetView, MachineHistory } from '../../app/protocol/reports.ts';
import { addDays, isoWeek } from '../../app/usage/aggregate.ts';
import { runRetention } from '../../server/retention.ts';
import { consoleCall, expectApiError, makeHub, removeTempDirs, sessionAs, tempDir, type TestHub } from './helpers.ts';
import { healthReport, usageBatch } from './reports-support.ts';

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  removeTempDirs();
});

async function hub(): Promise<TestHub> {
  const h = await makeHub();
  hubs.push(h);
  return h;
}

async function machine(h: TestHub, assetTag: string, cohort = 'home'): Promise<{ token: string; id: string }> {
  const m = await h.store.register.createMachine({ associationId: h.seed.associationId, assetTag, mode: 'home', cohort });
  const { code } = await h.store.register.createEnrolmentCode(m.id, 60);
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } });
  expect(res.statusCode).toBe(200);
  return { token: (res.json() as { token: string }).token, id: m.id };
}

async function send(h: TestHub, token: string, kind: 'health' | 'usage', payload: unknown): Promise<void> {
  const res = await h.app.inject({ method: 'POST', url: `/api/v1/reports/${kind}`, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
  expect(res.statusCode, res.body).toBe(201);
}

const glpiSchema = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/glpi/inventory.schema.json'), 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
addFormats(ajv);
const validateGlpi = ajv.compile(glpiSchema);

describe('fleet dashboard API', () => {
  it('is for staff only', async () => {
    const h = await hub();
    const helper = await sessionAs(h, 'Aline', 'accompagnant');
    expectApiError(await consoleCall(h, null, 'GET', '/console/fleet'), 401);
    expectApiError(await consoleCall(h, helper, 'GET', '/console/fleet'), 403, 'forbidden');
    expectApiError(await consoleCall(h, helper, 'GET', '/console/evaluation'), 403, 'forbidden');
    expectApiError(await consoleCall(h, helper, 'GET', '/console/fleet/glpi.zip'), 403, 'forbidden');
    const staff = await sessionAs(h, 'Samia', 'staff');
    expect((await consoleCall(h, staff, 'GET', '/console/fleet')).statusCode).toBe(200);
  });

  it('lists every machine with its verdicts, the ones to repair and the silent ones', async () => {
    const h = await hub();
    const staff = await sessionAs(h, 'Samia', 'staff');
    const failing = await machine(h, 'PC-0001');
    const healthy = await machine(h, 'PC-0002');
    // PC-0003 was last seen 40 days ago and never reported.
    const realNow = h.clock.now;
    h.clock.now = new Date(realNow.getTime() - 40 * 86_400_000);
    await machine(h, 'PC-0003');
    h.clock.now = realNow;
    await send(h, failing.token, 'health', { id: randomUUID(), report: healthReport({ assetTag: 'PC-0001', disk: 'smart-fail2' }) });
    await send(h, healthy.token, 'health', { id: randomUUID(), report: healthReport({ assetTag: 'PC-0002', disk: 'smart-nvme' }) });

    const res = await consoleCall(h, staff, 'GET', '/console/fleet?silentDays=30');
    expect(res.statusCode).toBe(200);
    const fleet = res.json() as FleetView;
    const byTag = Object.fromEntries(fleet.machines.map((m) => [m.assetTag, m]));
    expect(byTag['PC-0001']).toMatchObject({ verdict: 'replace', appVersion: '1.4.0', osName: 'Ubuntu 24.04.1 LTS' });
    expect(byTag['PC-0001']!.parts).toContainEqual(expect.objectContaining({ part: 'disk', verdict: 'replace' }));
    expect(byTag['PC-0001']!.reasons.map((r) => r.code)).toContain('smart_failed');
    expect(byTag['PC-0002']).toMatchObject({ verdict: 'ok' });
    expect(byTag['PC-0003']).toMatchObject({ verdict: null, lastReportAt: null, silentDays: 40 });
    expect(fleet.toRepair).toEqual([failing.id]);
    expect(fleet.silent).toEqual([byTag['PC-0003']!.machineId]);
    expectApiError(await consoleCall(h, staff, 'GET', '/console/fleet?silentDays=0'), 400, 'invalid_input');
    expectApiError(await consoleCall(h, staff, 'GET', '/console/fleet?silent=3'), 400, 'invalid_input');
  });

  it('gives one machine’s history for the charts, oldest first', async () => {
    const h = await hub();
    const staff = await sessionAs(h, 'Samia', 'staff');
    const m = await machine(h, 'PC-0001');
    const day = (n: number) => new Date(Date.now() - n * 86_400_000);
    await send(h, m.token, 'health', { id: randomUUID(), report: healthReport({ takenAt: day(2), batteryFull: 40_000_000, rootFreeGb: 30, tempC: 61 }) });
    await send(h, m.token, 'health', { id: randomUUID(), report: healthReport({ takenAt: day(10), batteryFull: 45_070_000, rootFreeGb: 50, tempC: 48 }) });
    await send(h, m.token, 'health', { id: randomUUID(), report: healthReport({ takenAt: day(400), batteryFull: 47_000_000 }) });
    const res = await consoleCall(h, staff, 'GET', `/console/fleet/${m.id}/history?days=30`);
    expect(res.statusCode).toBe(200);
    const history = res.json() as MachineHistory;
    expect(history.machine.assetTag).toBe('PC-0001');
    expect(history.points.map((p) => [p.batteryHealthPercent, p.rootFreeBytes! / 1024 ** 3, p.maxTemperatureC])).toEqual([
      [94.8, 50, 48],
      [84.2, 30, 61],
    ]);
    expectApiError(await consoleCall(h, staff, 'GET', `/console/fleet/${randomUUID()}/history`), 404, 'not_found');
    expectApiError(await consoleCall(h, staff, 'GET', '/console/fleet/not-a-uuid/history'), 400, 'invalid_input');
  });
});

describe('GLPI export', () => {
  it('exports a machine as GLPI native inventory JSON that validates against GLPI’s schema, with no users, network or software', async () => {
    const h = await hub();
    const staff = await sessionAs(h, 'Samia', 'staff');
    const m = await machine(h, 'PC-0001');
    for (const disk of ['smart-ata', 'smart-ata-full', 'smart-fail2', 'smart-nvme'] as const) {
      await send(h, m.token, 'health', { id: randomUUID(), report: healthReport({ assetTag: 'PC-0001', disk, takenAt: new Date() }) });
      const res = await consoleCall(h, staff, 'GET', `/console/fleet/${m.id}/glpi.json`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('passerelle-PC-0001.json');
      const inventory = res.json() as { deviceid: string; itemtype: string; content: Record<string, unknown> };
      expect(validateGlpi(inventory), JSON.stringify(validateGlpi.errors)).toBe(true);
      expect(inventory).toMatchObject({ deviceid: 'passerelle-PC-0001', itemtype: 'Computer' });
      expect(Object.keys(inventory.content).sort()).toEqual(
        ['batteries', 'bios', 'cpus', 'drives', 'hardware', 'memories', 'operatingsystem', 'storages', 'versionclient'].sort(),
      );
      expect(inventory.content.batteries).toEqual([expect.objectContaining({ capacity: 47_520, real_capacity: 45_070 })]);
    }
  });

  it('zips every reported machine for GLPI’s "import from file"; a machine without report is a clear 404', async () => {
    const h = await hub();
    const staff = await sessionAs(h, 'Samia', 'staff');
    expectApiError(await consoleCall(h, staff, 'GET', '/console/fleet/glpi.zip'), 404, 'no_report');
    const a = await machine(h, 'PC-0001');
    const b = await machine(h, 'PC-0002');
    const silent = await machine(h, 'PC-0003');
    await send(h, a.token, 'health', { id: randomUUID(), report: healthReport({ assetTag: 'PC-0001' }) });
    await send(h, b.token, 'health', { id: randomUUID(), report: healthReport({ assetTag: 'PC-0002', disk: 'smart-nvme' }) });
    expectApiError(await consoleCall(h, staff, 'GET', `/console/fleet/${silent.id}/glpi.json`), 404, 'no_report');
    const res = await consoleCall(h, staff, 'GET', '/console/fleet/glpi.zip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    // Read the zip with another implementation (Python's zipfile), which also checks every CRC.
    const file = join(tempDir(), 'fleet.zip');
    writeFileSync(file, res.rawPayload);
    const listing = JSON.parse(
      execFileSync('python3', ['-c', 'import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))', file], { encoding: 'utf8' }),
    ) as Record<string, string>;
    expect(Object.keys(listing).sort()).toEqual(['passerelle-PC-0001.json', 'passerelle-PC-0002.json']);
    for (const json of Object.values(listing)) expect(validateGlpi(JSON.parse(json))).toBe(true);
  });
});

describe('evaluation API', () => {
  const yesterday = () => addDays(new Date().toISOString().slice(0, 10), -1);
  const batch = () =>
    usageBatch(yesterday(), [
      { metric: 'lesson.started', label: 'souris-cliquer', value: 1 },
      { metric: 'lesson.completed', label: 'souris-cliquer', value: 1 },
      { metric: 'help.requested', label: '', value: 2 },
    ]);

  it('withholds every figure resting on fewer than 5 machines, in the API and in the CSV', async () => {
    const h = await hub();
    const staff = await sessionAs(h, 'Samia', 'staff');
    for (let i = 1; i <= 4; i++) await send(h, (await machine(h, `PC-000${i}`)).token, 'usage', batch());
    const week = isoWeek(yesterday());

    let view = (await consoleCall(h, staff, 'GET', '/console/evaluation')).json() as EvaluationView;
    const home = () => view.weeks.find((w) => w.cohort === 'home' && w.week === week)!;
    expect(view.minMachines).toBe(5);
    expect(home()).toMatchObject({
      machinesAtLeast: { value: null, suppressed: true },
      lessonsStarted: { value: null, suppressed: true },
      helpRequests: { value: null, suppressed: true },
    });
    expect(view.lessons.filter((l) => l.cohort === 'home')).toEqual([
      { cohort: 'home', lessonId: 'souris-cliquer', started: { value: null, suppressed: true }, completed: { value: null, suppressed: true } },
    ]);
    let csv = (await consoleCall(h, staff, 'GET', '/console/evaluation.csv')).body;
    expect(csv).toContain(`home,${week},,,,,chiffre masqué : moins de 5 machines`);
    expect(csv).not.toMatch(/,4,|,8,/);

    await send(h, (await machine(h, 'PC-0005')).token, 'usage', batch());
    view = (await consoleCall(h, staff, 'GET', '/console/evaluation')).json() as EvaluationView;
    expect(home()).toMatchObject({
      machinesAtLeast: { value: 5, suppressed: false },
      lessonsStarted: { value: 5, suppressed: false },
      lessonsCompleted: { value: 5, suppressed: false },
      helpRequests: { value: 10, suppressed: false },
    });
    const res = await consoleCall(h, staff, 'GET', '/console/evaluation.csv?lang=en');
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="passerelle-evaluation-/);
    csv = res.body;
    expect(csv.split('\r\n')[0]).toBe('\ufeffcohort,week,machines_at_least,lessons_started,lessons_completed,help_requests,note');
    expect(csv).toContain(`home,${week},5,5,5,10,\r\n`);
    expect(csv).toContain(`All,${week},5,5,5,10,\r\n`);
  });

  it('refuses a bad period with a clear 400', async () => {
    const h = await hub();
    const staff = await sessionAs(h, 'Samia', 'staff');
    expectApiError(await consoleCall(h, staff, 'GET', '/console/evaluation?from=2026-05-01&to=2026-04-01'), 400, 'invalid_input');
    expectApiError(await consoleCall(h, staff, 'GET', '/console/evaluation?from=yesterday'), 400, 'invalid_input');
    expectApiError(await consoleCall(h, staff, 'GET', '/console/evaluation?from=2020-01-01&to=2026-01-01'), 400, 'invalid_input');
  });
});

describe('retention', () => {
  it('deletes usage older than 25 months and health older than 24 months, and keeps the rest', async () => {
    const h = await hub();
    const m = await machine(h, 'PC-0001');
    const realNow = h.clock.now;
    const monthsAgo = (n: number) => new Date(Date.UTC(realNow.getUTCFullYear(), realNow.getUTCMonth() - n, 15, 12));
    // Send as the hub lived through those days (its clock decides the acceptance window).
    for (const ago of [26, 24.5, 1]) {
      const at = monthsAgo(Math.floor(ago));
      h.clock.now = at;
      const day = addDays(at.toISOString().slice(0, 10), -1);
      const fresh = await machine(h, `PC-U${Math.floor(ago)}`);
      await send(h, fresh.token, 'usage', usageBatch(day, [{ metric: 'help.requested', label: '', value: 1 }]));
      await send(h, m.token, 'health', { id: randomUUID(), report: healthReport({ takenAt: at }) });
    }
    h.clock.now = realNow;
    const before = await h.reports.usage(h.seed.associationId, '2000-01-01', '2100-01-01');
    expect(before.contributors).toHaveLength(3);
    expect(await h.reports.countHealth(m.id)).toBe(3);

    const result = await runRetention(h.reports, realNow);
    expect(result).toMatchObject({ usageDays: 1, healthReports: 2 });
    const after = await h.reports.usage(h.seed.associationId, '2000-01-01', '2100-01-01');
    expect(after.contributors.map((c) => c.day)).toEqual(before.contributors.slice(1).map((c) => c.day));
    expect(await h.reports.countHealth(m.id)).toBe(1);
    // Receipts (machine-day hashes) live only through the acceptance window: the two old ones are gone.
    expect(result.usageReceipts).toBe(2);
    // Day keys went as those days closed (at the later ingests); a month-old day is still open.
    expect(result.usageDayKeys).toBe(0);
  });
});
