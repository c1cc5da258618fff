/**
 * Health reports from the shell: the real probe on fixture trees built from the shared captures,
 * queued in the outbox keyed to the asset tag, taken at start and then daily, and stored by a real hub.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthReport } from '../../../app/health/report.ts';
import type { HealthSubmit } from '../../../app/protocol/reports.ts';
import { Outbox } from '../../../main/outbox/outbox.ts';
import { HEALTH_REPORT_EVERY_MS, HealthReportService } from '../../../main/services/health-reports.ts';
import { createShell } from '../../../main/shell.ts';
import { openShellDb } from '../../../main/store/db.ts';
import { startHub } from '../../../server/hub.ts';
import { FIXTURES, nodeExporterRoot, tempRoot } from '../probe/ttar.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fixtureMachine(): Promise<{ root: string; smartDir: string }> {
  const root = await nodeExporterRoot();
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  const smartDir = path.join(root, 'var/lib/passerelle/smart');
  await mkdir(smartDir, { recursive: true });
  await copyFile(path.join(FIXTURES, 'smartctl/smart-fail2.json'), path.join(smartDir, 'sda.json'));
  await copyFile(path.join(FIXTURES, 'smartctl/smart-nvme.json'), path.join(smartDir, 'nvme0.json'));
  return { root, smartDir };
}

async function service(assetTag: string | null) {
  const dir = await tempRoot('health-svc-');
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const db = openShellDb(path.join(dir, 'shell.sqlite'));
  cleanups.push(() => db.close());
  const outbox = new Outbox(db);
  const { root, smartDir } = await fixtureMachine();
  return { db, outbox, svc: new HealthReportService(db, outbox, { root, smartDir, appVersion: '2.0.0', assetTag: () => assetTag }) };
}

describe('health report service', () => {
  it('probes the machine and queues one valid report keyed to the asset tag', async () => {
    const { outbox, svc } = await service('PC-0042');
    const report = await svc.takeAndQueue(new Date('2026-03-02T09:00:00Z'));
    expect(report).not.toBeNull();
    const [message] = outbox.due(Number.MAX_SAFE_INTEGER);
    expect(message!.kind).toBe('health.report');
    const submit = message!.payload as HealthSubmit;
    expect(submit.id).toBe(message!.key);
    const parsed = HealthReport.parse(submit.report);
    expect(parsed).toMatchObject({ assetTag: 'PC-0042', appVersion: '2.0.0', verdict: 'replace' });
    expect(parsed.disks.map((d) => d.verdict).sort()).toEqual(['ok', 'replace']);
    expect(parsed.batteries[0]!.healthPercent).toBe(94.8);
  });

  it('takes nothing before enrolment (no asset tag yet)', async () => {
    const { outbox, svc } = await service(null);
    expect(await svc.takeAndQueue()).toBeNull();
    expect(outbox.pendingCount()).toBe(0);
  });

  it('is due at start, then again only after most of a day', async () => {
    const { svc } = await service('PC-0042');
    const t0 = new Date('2026-03-02T09:00:00Z');
    expect(svc.isDue(t0)).toBe(true);
    await svc.takeAndQueue(t0);
    expect(svc.isDue(new Date(t0.getTime() + 60 * 60_000))).toBe(false);
    expect(svc.isDue(new Date(t0.getTime() + HEALTH_REPORT_EVERY_MS))).toBe(true);
    expect(svc.isDue(new Date(t0.getTime() - 60_000))).toBe(true); // the clock went back: do not wait a day
  });

  it('hands the previous report to the rules, so a growing SMART counter is noticed', async () => {
    const dir = await tempRoot('health-grow-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const db = openShellDb(path.join(dir, 'shell.sqlite'));
    cleanups.push(() => db.close());
    const outbox = new Outbox(db);
    const { root } = await fixtureMachine();
    const smartDir = path.join(dir, 'smart');
    await mkdir(smartDir);
    const capture = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'smartctl/smart-ata.json'), 'utf8')) as {
      ata_smart_attributes: { table: { id: number; raw: { value: number; string: string } }[] };
    };
    const reallocated = (n: number) => {
      capture.ata_smart_attributes.table.find((a) => a.id === 5)!.raw = { value: n, string: String(n) };
      fs.writeFileSync(path.join(smartDir, 'sda.json'), JSON.stringify(capture));
    };
    const svc = new HealthReportService(db, outbox, { root, smartDir, appVersion: '2.0.0', assetTag: () => 'PC-0042' });
    reallocated(2);
    const first = await svc.takeAndQueue(new Date('2026-03-02T09:00:00Z'));
    reallocated(6);
    const second = await svc.takeAndQueue(new Date('2026-03-03T09:00:00Z'));
    expect(first!.reasons.map((r) => r.code)).not.toContain('counter_growing');
    expect(second!.reasons.map((r) => r.code)).toContain('counter_growing');
  });
});

describe('health reports from the shell to a real hub', () => {
  it('reports as soon as the machine is enrolled, under its asset tag', async () => {
    const dir = await tempRoot('health-shell-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const hub = await startHub({ port: 0, dataDir: path.join(dir, 'hub') });
    cleanups.push(() => hub.close());
    const { root, smartDir } = await fixtureMachine();
    const shell = await createShell({
      dataDir: path.join(dir, 'shell'),
      hubUrl: hub.url,
      lessonsDir: path.join(import.meta.dirname, '../../../lessons'),
      appVersion: '2.0.0',
      probeRoot: root,
      smartDir,
    });
    cleanups.push(() => shell.close());
    await shell.enrol(hub.seed.demoMachine.enrolmentCode!.code);
    const reports = new Database(path.join(dir, 'hub', 'reports.sqlite'), { readonly: true });
    cleanups.push(() => reports.close());
    const started = Date.now();
    let rows: { asset_tag: string; verdict: string; machine_id: string }[] = [];
    while (rows.length === 0 && Date.now() - started < 10_000) {
      await new Promise((r) => setTimeout(r, 50));
      await shell.syncIdle();
      rows = reports.prepare('SELECT asset_tag, verdict, machine_id FROM health_reports').all() as typeof rows;
    }
    expect(rows).toEqual([{ asset_tag: 'DEMO-0001', verdict: 'replace', machine_id: hub.seed.demoMachine.id }]);
  });
});
