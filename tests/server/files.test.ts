/**
 * Everything the hub writes is readable by its own user only: its SQLite files and their WAL and SHM
 * journals 0600 (a voice message lives in hub.sqlite), its content key 0600, in folders 0700 — whatever the umask, and for a
 * data folder that existed before with looser modes.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enrolDemo, helpSubmit, makeHub, postHelp, removeTempDirs, tempDir } from './helpers.ts';
import { healthReport } from './reports-support.ts';
import { storeUnderTest } from './test-store.ts';

let previousUmask: number;
beforeAll(() => {
  previousUmask = process.umask(0o022); // the usual default: files 0644, folders 0755
});
afterAll(() => {
  process.umask(previousUmask);
  removeTempDirs();
});

/** Every entry under `dir` (itself included) with its mode bits. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = { '.': (statSync(dir).mode & 0o777).toString(8) };
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      out[`${prefix}${name}${st.isDirectory() ? '/' : ''}`] = (st.mode & 0o777).toString(8);
      if (st.isDirectory()) walk(p, `${prefix}${name}/`);
    }
  };
  walk(dir, '');
  return out;
}

it('keeps its SQLite files, journals and voice messages 0600 in a 0700 folder, even one made looser before', async () => {
  const dataDir = join(tempDir(), 'hub');
  mkdirSync(dataDir, { mode: 0o755 });
  // A file left by an older hub with the umask's mode (SQLite's files: the store under test keeps them).
  if (storeUnderTest === 'sqlite') {
    writeFileSync(join(dataDir, 'reports.sqlite'), '');
    chmodSync(join(dataDir, 'reports.sqlite'), 0o644);
  }
  const hub = await makeHub(dataDir);
  try {
    const { token } = await enrolDemo(hub);
    const p = helpSubmit();
    expect((await postHelp(hub, token, p)).statusCode).toBe(201);
    const voice = await hub.app.inject({
      method: 'PUT',
      url: `/api/v1/help-requests/${p.id as string}/voice`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'audio/ogg', 'x-voice-duration-ms': '3000' },
      payload: Buffer.alloc(4096, 1),
    });
    expect(voice.statusCode).toBe(201);
    const report = await hub.app.inject({ method: 'POST', url: '/api/v1/reports/health', headers: { authorization: `Bearer ${token}` }, payload: { id: randomUUID(), report: healthReport() } });
    expect(report.statusCode).toBe(201);
    const seen = modes(dataDir);
    // On PostgreSQL the database keeps the data and the content key: the folder must still be 0700.
    const sqliteFiles = ['hub.sqlite', 'hub.sqlite-shm', 'hub.sqlite-wal', 'reports.sqlite', 'reports.sqlite-shm', 'reports.sqlite-wal', 'content-ed25519.key'];
    expect(Object.keys(seen)).toEqual(expect.arrayContaining(['.', ...(storeUnderTest === 'sqlite' ? sqliteFiles : [])]));
    for (const [name, mode] of Object.entries(seen)) expect(mode, name).toBe(name === '.' ? '700' : '600');
  } finally {
    await hub.close();
  }
});
