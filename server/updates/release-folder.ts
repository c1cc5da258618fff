/**
 * The release folder the hub serves (`--updates DIR`): electron-builder's files, the feed the
 * association signed off the hub (`latest-linux.yml`) and its signature. The hub only reads the feed
 * to show it in the console; it cannot sign, and the machines check the signature themselves.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import type { ReleaseView } from '../../app/protocol/updates.ts';

export const FEED_NAME = 'latest-linux.yml';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : null);

/** The offered release, or null when the folder has no readable feed. */
export function readRelease(dir: string): ReleaseView | null {
  const feed = join(dir, FEED_NAME);
  if (!existsSync(feed)) return null;
  let parsed: Record<string, unknown>;
  try {
    parsed = YAML.parse(readFileSync(feed, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || typeof parsed.version !== 'string') return null;
  const sig = join(dir, `${FEED_NAME}.sig`);
  const staging = parsed.stagingPercentage;
  return {
    version: parsed.version,
    releaseDate: text(parsed.releaseDate),
    signedAt: text(parsed.signedAt),
    signed: existsSync(sig) && statSync(sig).size === 64,
    stagingPercentage: typeof staging === 'number' && Number.isInteger(staging) ? staging : null,
  };
}
