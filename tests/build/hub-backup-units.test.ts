/**
 * The hub's nightly backup units (build/hub/), checked with `systemd-analyze verify` as shipped: the
 * command is `server/cli.ts backup` into a new dated folder, private (UMask 0077), folders older than
 * 30 days removed, a missed night caught up.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const DIR = join(import.meta.dirname, '../../build/hub');

function hasSystemdAnalyze(): boolean {
  try {
    execFileSync('systemd-analyze', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = hasSystemdAnalyze();
if (!available) console.warn('SKIPPED tests/build/hub-backup-units.test.ts: systemd-analyze is not installed here');

describe.skipIf(!available)('the hub backup units', () => {
  it('verify cleanly: exit 0 and not one warning', async () => {
    const { stderr } = await run('systemd-analyze', ['verify', '--man=no', join(DIR, 'passerelle-hub-backup.service'), join(DIR, 'passerelle-hub-backup.timer')], { encoding: 'utf8' });
    expect(stderr).toBe('');
  });

  it('back up into a new dated folder, privately, keep 30 days, and catch up a missed night', async () => {
    const service = await readFile(join(DIR, 'passerelle-hub-backup.service'), 'utf8');
    expect(service).toMatch(/^ExecStart=.*server\/cli\.ts backup "\/var\/backups\/passerelle\/\$\(date \+%%Y-%%m-%%d-%%H%%M\)"/m);
    expect(service).toMatch(/^UMask=0077$/m);
    expect(service).toMatch(/^ExecStartPost=.*-mtime \+30 -exec rm -rf/m);
    const timer = await readFile(join(DIR, 'passerelle-hub-backup.timer'), 'utf8');
    expect(timer).toMatch(/^Persistent=true$/m);
    expect(timer).toMatch(/^OnCalendar=\*-\*-\* 03:00:00$/m);
  });
});
