import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { HealthReport } from '../../../app/health/report.ts';
import { probeHealth } from '../../../main/probe/probe.ts';
import { FIXTURES, nodeExporterRoot, parseTtar, readFixture, tempRoot, wornBatteryRoot, writeTree } from './ttar.ts';

const run = promisify(execFile);
const REPO = join(import.meta.dirname, '../../..');
const NOW = new Date('2026-03-01T10:00:00.000Z');
const roots: string[] = [];
async function track(p: Promise<string>): Promise<string> {
  const root = await p;
  roots.push(root);
  return root;
}
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

const probe = (root: string, smartDir = join(root, 'no-smart'), previous?: HealthReport) =>
  probeHealth({ root, smartDir, assetTag: 'PC-0042', appVersion: '0.1.0', now: NOW, previous });

/** A spool folder with copies of the four shared smartctl captures. */
async function smartSpool(): Promise<string> {
  const dir = await track(tempRoot('passerelle-smart-'));
  for (const name of ['smart-ata', 'smart-ata-full', 'smart-fail2', 'smart-nvme']) {
    await copyFile(join(FIXTURES, 'smartctl', `${name}.json`), join(dir, `${name}.json`));
  }
  return dir;
}

describe('the ttar helper', () => {
  it('reads files and links, without the separating blank line', () => {
    const entries = parseTtar('### a/b (file)\n12\n\n### a/c (link)\n../x/\n\n### a/d (file)\nL1\nL2\n');
    expect(entries).toEqual([
      { path: 'a/b', kind: 'file', content: '12\n' },
      { path: 'a/c', kind: 'link', content: '../x/\n' },
      { path: 'a/d', kind: 'file', content: 'L1\nL2\n' },
    ]);
  });
});

describe('probe on the node_exporter sysfs capture', () => {
  it('finds the ThinkPad battery: 45070000 / 47520000 µWh → 94.8 %, ok; AC adapter ignored; cycle count 0 → unknown', async () => {
    const report = await probe(await track(nodeExporterRoot()));
    expect(report.batteries).toHaveLength(1);
    expect(report.batteries[0]).toEqual({
      name: 'BAT0',
      manufacturer: 'LGC',
      model: 'LNV-45N1', // the capture's two undecodable bytes are dropped
      technology: 'Li-ion',
      status: 'Discharging',
      energyOrCharge: 'energy',
      full: 45070000,
      fullDesign: 47520000,
      cycleCount: null,
      healthPercent: 94.8,
      verdict: 'ok',
      reasons: [],
    });
  });

  it('reads hwmon (through the class symlinks) and thermal zones in °C, with labels', async () => {
    const { temperatures } = await probe(await track(nodeExporterRoot()));
    expect(temperatures).toContainEqual({ source: 'hwmon', label: 'coretemp Core 0 (hwmon0/temp2)', celsius: 54 });
    expect(temperatures).toContainEqual({ source: 'hwmon', label: 'coretemp Core 3 (hwmon1/temp5)', celsius: 50 });
    expect(temperatures).toContainEqual({ source: 'hwmon', label: 'mt7996_phy0_2 temp1', celsius: 57 });
    expect(temperatures).toContainEqual({ source: 'hwmon', label: 'hwmon4 foosensor (hwmon4/temp1)', celsius: 55 });
    expect(temperatures).toContainEqual({ source: 'thermal', label: 'cpu-thermal', celsius: 12.376 });
    expect(temperatures).toHaveLength(16);
  });

  it('reads /proc/meminfo in bytes; this old capture has no MemAvailable → null', async () => {
    const { memory } = await probe(await track(nodeExporterRoot()));
    expect(memory).toEqual({ totalBytes: 3742148 * 1024, availableBytes: null });
  });
});

describe('probe on the worn battery (i3status issue 186), known by its uevent only', () => {
  it('25.5 / 38.92 Wh → 65.5 % → watch; CYCLE_COUNT=0 → unknown', async () => {
    const report = await probe(await track(wornBatteryRoot()));
    expect(report.batteries).toEqual([
      expect.objectContaining({
        name: 'BAT0',
        model: '42T4977',
        status: 'Unknown',
        energyOrCharge: 'energy',
        full: 25500000,
        fullDesign: 38920000,
        healthPercent: 65.5,
        cycleCount: null,
        verdict: 'watch',
        reasons: [expect.objectContaining({ code: 'battery_worn', verdict: 'watch', params: { healthPercent: 65.5 } })],
      }),
    ]);
    expect(report.verdict).toBe('watch'); // worse than the 'unknown' of the missing SMART spool
  });
});

describe('probe on hand-made trees', () => {
  it('charge_* batteries with any name; mouse batteries and empty bays are skipped', async () => {
    const root = await track(tempRoot());
    await writeTree(root, {
      'sys/class/power_supply/CMB0/type': 'Battery\n',
      'sys/class/power_supply/CMB0/charge_full': '2000000\n',
      'sys/class/power_supply/CMB0/charge_full_design': '4400000\n',
      'sys/class/power_supply/CMB0/cycle_count': '812\n',
      'sys/class/power_supply/CMB0/status': 'Full\n',
      'sys/class/power_supply/hidpp_battery_0/type': 'Battery\n',
      'sys/class/power_supply/hidpp_battery_0/scope': 'Device\n',
      'sys/class/power_supply/BAT1/type': 'Battery\n',
      'sys/class/power_supply/BAT1/present': '0\n',
      'sys/class/power_supply/ADP1/type': 'Mains\n',
      'sys/class/power_supply/ADP1/online': '1\n',
    });
    const { batteries } = await probe(root);
    expect(batteries).toEqual([
      expect.objectContaining({
        name: 'CMB0',
        energyOrCharge: 'charge',
        full: 2000000,
        fullDesign: 4400000,
        cycleCount: 812,
        healthPercent: 45.5,
        verdict: 'replace',
      }),
    ]);
  });

  it('clamps a new battery above its design capacity to 100 %', async () => {
    const root = await track(tempRoot());
    await writeTree(root, {
      'sys/class/power_supply/BAT0/uevent':
        'POWER_SUPPLY_NAME=BAT0\nPOWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_ENERGY_FULL=50000000\nPOWER_SUPPLY_ENERGY_FULL_DESIGN=47520000\n',
    });
    expect((await probe(root)).batteries[0]).toMatchObject({ healthPercent: 100, verdict: 'ok' });
  });

  it('reads os-release, kernel, CPU model and uptime; boot time = now − uptime', async () => {
    const root = await track(tempRoot());
    await writeTree(root, {
      'usr/lib/os-release': 'NAME="Ubuntu"\nPRETTY_NAME="Xubuntu 24.04.1 LTS \\"Noble\\""\nID=ubuntu\n',
      'proc/sys/kernel/osrelease': '6.8.0-45-generic\n',
      'proc/cpuinfo': 'processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Core(TM) i5-3320M CPU @ 2.60GHz\n\nprocessor\t: 1\nmodel name\t: Intel(R) Core(TM) i5-3320M CPU @ 2.60GHz\n',
      'proc/uptime': '7200.25 14000.10\n',
      'proc/meminfo': 'MemTotal:        8000000 kB\nMemFree:  100 kB\nMemAvailable:    6000000 kB\n',
    });
    const r = await probe(root);
    expect(r.os).toEqual({ prettyName: 'Xubuntu 24.04.1 LTS "Noble"', kernel: '6.8.0-45-generic' });
    expect(r.cpuModel).toBe('Intel(R) Core(TM) i5-3320M CPU @ 2.60GHz');
    expect(r.uptimeSeconds).toBe(7200.25);
    expect(r.bootTime).toBe('2026-03-01T07:59:59.750Z');
    expect(r.memory).toEqual({ totalBytes: 8000000 * 1024, availableBytes: 6000000 * 1024 });
  });

  it('an empty root gives nulls and unknowns, never an exception', async () => {
    const root = await track(tempRoot());
    const r = await probe(root);
    expect(r).toMatchObject({
      os: { prettyName: null, kernel: null },
      cpuModel: null,
      uptimeSeconds: null,
      bootTime: null,
      memory: { totalBytes: null, availableBytes: null },
      batteries: [],
      temperatures: [],
      disks: [],
      verdict: 'unknown',
      reasons: [expect.objectContaining({ code: 'no_smart_data' })],
    });
    expect(r.filesystems).toHaveLength(1);
    expect(r.filesystems[0]!.mount).toBe('/');
    expect(r.filesystems[0]!.totalBytes).toBeGreaterThan(0);
    expect(() => HealthReport.parse(r)).not.toThrow();
  });

  it('unreadable and odd files: garbage values, dangling links, a folder where a file should be', async () => {
    const root = await track(tempRoot());
    await writeTree(root, {
      'proc/uptime': 'not a number\n',
      'proc/meminfo': 'MemTotal: lots\n',
      'sys/class/power_supply/BAT0/type': 'Battery\n',
      'sys/class/power_supply/BAT0/energy_full': 'n/a\n',
      'sys/class/thermal/thermal_zone0/temp': '-273150\n',
      'sys/class/thermal/thermal_zone1/temp': '45000\n',
    });
    await mkdir(join(root, 'proc/cpuinfo'), { recursive: true });
    await mkdir(join(root, 'sys/class/hwmon'), { recursive: true });
    await symlink('../../devices/gone/hwmon0', join(root, 'sys/class/hwmon/hwmon0'));
    const r = await probe(root);
    expect(r.uptimeSeconds).toBeNull();
    expect(r.memory.totalBytes).toBeNull();
    expect(r.cpuModel).toBeNull();
    expect(r.batteries).toEqual([expect.objectContaining({ name: 'BAT0', healthPercent: null, verdict: 'unknown' })]);
    expect(r.temperatures).toEqual([{ source: 'thermal', label: 'thermal_zone1', celsius: 45 }]);
    expect(() => HealthReport.parse(r)).not.toThrow();
  });
});

describe('probe with the SMART spool', () => {
  it('reads every shared capture: fail2 → replace, the others ok; overall replace', async () => {
    const root = await track(wornBatteryRoot());
    const report = HealthReport.parse(await probe(root, await smartSpool()));
    const verdicts = Object.fromEntries(report.disks.map((d) => [d.model, d.verdict]));
    expect(verdicts).toEqual({
      'WDC WD140EDFZ-11A0VA0': 'ok',
      'Samsung SSD 860 EVO 500GB': 'ok',
      'Hitachi HDS721050DLE630': 'replace',
      'INTEL SSDPEKNW010T8': 'ok',
    });
    expect(report.verdict).toBe('replace');
    expect(report.reasons).toContainEqual(
      expect.objectContaining({ subject: 'disk /dev/sdc', code: 'reallocated_sectors', params: { value: 1975 } }),
    );
    expect(report.reasons).toContainEqual(expect.objectContaining({ subject: 'battery BAT0', code: 'battery_worn' }));
  });

  it('a broken file is one unknown disk; temporary dot-files are ignored', async () => {
    const dir = await track(tempRoot('passerelle-smart-'));
    await copyFile(join(FIXTURES, 'smartctl/smart-nvme.json'), join(dir, 'nvme0.json'));
    await writeFile(join(dir, 'sdb.json'), '{"smartctl": {"exit_st');
    await writeFile(join(dir, '.sda.json.Xy12ab'), '{}');
    const r = await probe(await track(tempRoot()), dir);
    expect(r.disks.map((d) => [d.device, d.verdict])).toEqual([
      ['/dev/testfoobarpass', 'ok'],
      ['sdb.json', 'unknown'],
    ]);
    expect(r.disks[1]!.reasons).toEqual([expect.objectContaining({ code: 'smart_file_invalid', params: { file: 'sdb.json' } })]);
    expect(r.verdict).toBe('unknown');
  });

  it('a counter growing since the previous report → replace', async () => {
    const dir = await track(tempRoot('passerelle-smart-'));
    const json = JSON.parse(await readFixture('smartctl/smart-ata.json')) as {
      ata_smart_attributes: { table: Array<{ id: number; raw: { value: number; string: string } }> };
    };
    const setRealloc = async (n: number) => {
      json.ata_smart_attributes.table.find((a) => a.id === 5)!.raw = { value: n, string: String(n) };
      await writeFile(join(dir, 'sdb.json'), JSON.stringify(json));
    };
    const root = await track(tempRoot());
    await setRealloc(2);
    const first = await probe(root, dir);
    expect(first.disks[0]!.verdict).toBe('watch');
    await setRealloc(3);
    const second = await probe(root, dir, first);
    expect(second.disks[0]!.verdict).toBe('replace');
    expect(second.disks[0]!.reasons.map((r) => r.code)).toEqual(['reallocated_sectors', 'counter_growing']);
  });
});

describe('the CLI', () => {
  const cli = (args: string[]) =>
    run('npx', ['tsx', 'main/probe/cli.ts', ...args], { cwd: REPO, encoding: 'utf8' });

  it('prints one valid report as JSON, with a verdict overall, per disk and per battery', async () => {
    const root = await track(wornBatteryRoot());
    const { stdout } = await cli(['--root', root, '--smart-dir', await smartSpool(), '--asset-tag', 'PC-0042']);
    const report = HealthReport.parse(JSON.parse(stdout));
    expect(report.assetTag).toBe('PC-0042');
    expect(report.verdict).toBe('replace');
    expect(report.disks.map((d) => d.verdict).sort()).toEqual(['ok', 'ok', 'ok', 'replace']);
    expect(report.batteries.map((b) => b.verdict)).toEqual(['watch']);
    expect(stdout).toContain('\n  "verdict": "replace"');
  });

  it('--lang fr writes the reasons in French', async () => {
    const root = await track(wornBatteryRoot());
    const { stdout } = await cli(['--root', root, '--smart-dir', join(root, 'none'), '--lang', 'fr']);
    const report = HealthReport.parse(JSON.parse(stdout));
    expect(report.batteries[0]!.reasons[0]!.text).toBe("La batterie ne contient plus que 65,5 % de sa capacité d'origine.");
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--root'], /--root/],
    [['--root', '/definitely/not/here'], /is not a folder/],
    [['--lang', 'de'], /--lang: expected en or fr/],
    [['--asset-tag', 'a b;c'], /--asset-tag/],
    [['extra'], /positional/i],
  ])('bad options %j → a clear message and exit status 2', async (args, message) => {
    const error = await cli(args as string[]).then(
      () => null,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(error).not.toBeNull();
    expect(error!.code).toBe(2);
    expect(error!.stderr).toMatch(message);
    expect(error!.stderr).toContain('usage:');
    expect(error!.stdout).toBe('');
  });
});
