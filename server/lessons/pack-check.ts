/**
 * Checks a pack before the hub publishes it, by the same rules as `npm run lessons:check`: the pack
 * is written into a temporary lessons folder beside the association's other current packs (for the
 * map: order and prerequisites) and the rules file, and the authors' checker runs there in a child
 * process. Only the problems of this pack (and of the map around it) are returned.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ArchiveEntry } from '../../lib/packs/archive.ts';

const run = promisify(execFile);
const CHECK_CLI = join(import.meta.dirname, 'check-cli.ts');
/** Files of the lessons folder the checker reads besides the packs. */
const RULE_FILES = ['plain-language.yaml', 'lesson.schema.json', 'texts.schema.json'];

export type PackProblem = { lesson: string; message: string };

function writePack(root: string, id: string, files: readonly ArchiveEntry[]): void {
  for (const file of files) {
    const target = join(root, id, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.data);
  }
}

export async function checkPackForPublishing(options: {
  id: string;
  files: readonly ArchiveEntry[];
  /** The association's other current packs (their files), for the map's checks. */
  others: ReadonlyArray<{ id: string; files: readonly ArchiveEntry[] }>;
  /** A lessons folder holding the rule files (the hub's bundled lessons). */
  rulesDir: string;
}): Promise<PackProblem[]> {
  const root = mkdtempSync(join(tmpdir(), 'passerelle-pack-check-'));
  try {
    for (const name of RULE_FILES) if (existsSync(join(options.rulesDir, name))) copyFileSync(join(options.rulesDir, name), join(root, name));
    for (const other of options.others) if (other.id !== options.id) writePack(root, other.id, other.files);
    writePack(root, options.id, options.files);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', CHECK_CLI, root], { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });
    const problems = JSON.parse(stdout) as PackProblem[];
    // A problem of another pack is not this upload's: it was published before under the rules of its day.
    return problems.filter((p) => p.lesson === options.id || p.message.includes(options.id) || RULE_FILES.includes(p.lesson));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
