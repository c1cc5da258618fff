/**
 * build/bin/passerelle-smart-spool against a fake smartctl that replays the shared captures, then the
 * probe on the spool it wrote: the whole SMART path without root or real disks.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHealth } from '../../../main/probe/probe.ts';
import { FIXTURES, tempRoot } from './ttar.ts';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, '../../../build/bin/passerelle-smart-spool');

let work: string;
let fake: string;

/** Replays a capture per device with smartctl's real exit status; sdx prints cut JSON; sdy nothing. */
const FAKE_SMARTCTL = `#!/bin/sh
for last; do :; done
case "$1" in
  --scan-open)
    printf '%s\\n' \\
      '/dev/sda -d sat # /dev/sda [SAT], ATA device' \\
      '/dev/sdc -d usbjmicron # /dev/sdc [USB JMicron], ATA device' \\
      '/dev/nvme0 -d nvme # /dev/nvme0, NVMe device' \\
      '/dev/sdx -d sat # /dev/sdx [SAT], ATA device' \\
      '/dev/sdy -d sat # /dev/sdy [SAT], ATA device' \\
      '# /dev/sdz -d scsi # /dev/sdz, SCSI device open failed'
    exit 0 ;;
esac
echo "$*" >> "$FAKE_LOG"
case "$last" in
  /dev/sda) cat "$FIXTURES/smart-ata-full.json"; exit 0 ;;
  /dev/sdc) cat "$FIXTURES/smart-fail2.json"; exit 216 ;;
  /dev/nvme0) cat "$FIXTURES/smart-nvme.json"; exit 0 ;;
  /dev/sdx) printf '{"json_format_version": [1, 0], "smartctl": {'; exit 4 ;;
  *) exit 2 ;;
esac
`;

beforeAll(async () => {
  work = await tempRoot('passerelle-spool-');
  fake = join(work, 'smartctl');
  await writeFile(fake, FAKE_SMARTCTL);
  await chmod(fake, 0o755);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function spool(spoolDir: string) {
  return run('sh', [SCRIPT], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      SMARTCTL: fake,
      PASSERELLE_SMART_DIR: spoolDir,
      FIXTURES: join(FIXTURES, 'smartctl'),
      FAKE_LOG: join(work, 'calls.log'),
    },
    encoding: 'utf8',
  });
}

describe('passerelle-smart-spool', () => {
  it('passes bash -n and sh -n', async () => {
    await run('bash', ['-n', SCRIPT]);
    await run('sh', ['-n', SCRIPT]);
  });

  it('writes one complete JSON per disk (0644 in a 0755 folder), drops stale and cut files, keeps nothing temporary', async () => {
    const dir = join(work, 'var/lib/passerelle/smart');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(join(dir, 'sdq.json'), '{}'); // a disk that is gone
    await writeFile(join(dir, 'sdx.json'), '{"old": true}'); // last known state of a disk that fails today

    const { stderr } = await spool(dir);
    expect(stderr).toMatch(/no JSON from smartctl for \/dev\/sdx \(exit status 4\)/);
    expect(stderr).toMatch(/no JSON from smartctl for \/dev\/sdy \(exit status 2\)/);

    expect((await readdir(dir)).sort()).toEqual(['nvme0.json', 'sda.json', 'sdc.json', 'sdx.json']);
    expect((await stat(dir)).mode & 0o777).toBe(0o755);
    for (const f of ['nvme0.json', 'sda.json', 'sdc.json']) expect((await stat(join(dir, f))).mode & 0o777).toBe(0o644);

    expect(await readFile(join(dir, 'sdx.json'), 'utf8')).toBe('{"old": true}');
    const calls = (await readFile(join(work, 'calls.log'), 'utf8')).trim().split('\n');
    expect(calls).toContain('--json -x -d usbjmicron /dev/sdc');
    expect(calls).toContain('--json -x -d nvme /dev/nvme0');
    expect(calls.some((c) => c.includes('sdz'))).toBe(false);

    await rm(join(dir, 'sdx.json'));
    const report = await probeHealth({ root: work, smartDir: dir, assetTag: 'PC-0042', appVersion: '0.1.0', now: new Date() });
    expect(report.disks.map((d) => [d.device, d.verdict])).toEqual([
      ['/dev/testfoobarpass', 'ok'],
      ['/dev/sda', 'ok'],
      ['/dev/sdc', 'replace'],
    ]);
  });
});
