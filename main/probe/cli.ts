/**
 * Prints one hardware-health report as pretty JSON.
 *
 *   npm run --silent probe -- [--root /] [--smart-dir /var/lib/passerelle/smart] [--asset-tag X]
 *                             [--app-version V] [--previous report.json] [--lang en|fr]
 *
 * Exit status: 0 when a report was printed (whatever its verdict), 2 on bad options.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HealthReport } from '../../app/health/report.ts';
import { reasonText, type Reason, type ReasonLanguage } from '../../app/health/reasons.ts';
import { DEFAULT_SMART_DIR, probeHealth } from './probe.ts';

const USAGE = `usage: npm run --silent probe -- [--root DIR] [--smart-dir DIR] [--asset-tag TAG]
                                [--app-version V] [--previous REPORT.json] [--lang en|fr]
  --root         folder standing for / (default: /)
  --smart-dir    folder of smartctl JSON files (default: ${DEFAULT_SMART_DIR})
  --asset-tag    the machine's asset tag (default: unenrolled)
  --app-version  version reported (default: this package's version)
  --previous     a previous report of this machine, to notice growing SMART counters
  --lang         language of the reasons' "text" (default: en)`;

class UsageError extends Error {}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function parseOptions(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        root: { type: 'string' },
        'smart-dir': { type: 'string' },
        'asset-tag': { type: 'string' },
        'app-version': { type: 'string' },
        previous: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return null;

  const root = resolve(values.root ?? '/');
  if (!isDirectory(root)) throw new UsageError(`--root: ${root} is not a folder`);
  const smartDir = resolve(values['smart-dir'] ?? DEFAULT_SMART_DIR);
  const assetTag = values['asset-tag'] ?? 'unenrolled';
  if (!/^[\p{L}\p{N}._-]{1,64}$/u.test(assetTag)) {
    throw new UsageError('--asset-tag: 1 to 64 letters, digits, dots, dashes or underscores');
  }
  const appVersion = values['app-version'] ?? packageVersion();
  if (appVersion.length === 0 || appVersion.length > 40) throw new UsageError('--app-version: 1 to 40 characters');
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'fr') throw new UsageError(`--lang: expected en or fr, got ${lang}`);

  let previous: HealthReport | undefined;
  if (values.previous !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(values.previous, 'utf8'));
    } catch (e) {
      throw new UsageError(`--previous: cannot read ${values.previous}: ${(e as Error).message}`);
    }
    const parsed = HealthReport.safeParse(json);
    if (!parsed.success) throw new UsageError(`--previous: ${values.previous} is not a health report`);
    previous = parsed.data;
  }
  return { root, smartDir, assetTag, appVersion, lang: lang as ReasonLanguage, previous };
}

function localise(report: HealthReport, lang: ReasonLanguage): HealthReport {
  if (lang === 'en') return report;
  const tr = (reasons: Reason[]) => reasons.map((r) => ({ ...r, text: reasonText(r, lang) }));
  return {
    ...report,
    reasons: tr(report.reasons),
    disks: report.disks.map((d) => ({ ...d, reasons: tr(d.reasons) })),
    batteries: report.batteries.map((b) => ({ ...b, reasons: tr(b.reasons) })),
    filesystems: report.filesystems.map((f) => ({ ...f, reasons: tr(f.reasons) })),
  };
}

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`probe: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (options === null) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const report = await probeHealth({ ...options, now: new Date() });
  process.stdout.write(`${JSON.stringify(localise(report, options.lang), null, 2)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`probe: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
