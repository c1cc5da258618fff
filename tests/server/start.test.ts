import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { buildHub, startHub } from '../../server/hub.ts';
import { removeTempDirs, tempDir } from './helpers.ts';
import { testStore } from './test-store.ts';

afterEach(() => removeTempDirs());

it('startHub creates the data folder, seeds on first run only, listens on 127.0.0.1 and closes', async () => {
  const dataDir = join(tempDir(), 'nested', 'hub');
  const hub = await startHub({ port: 0, dataDir, ...(await testStore(dataDir)) });
  try {
    expect(hub.url).toBe(`http://127.0.0.1:${hub.port}`);
    expect(hub.seed.admin).toMatchObject({ created: true, email: expect.stringMatching(/^admin-[0-9a-f]{10}@passerelle\.invalid$/) });
    expect(hub.seed.demoMachine.assetTag).toBe('DEMO-0001');
    expect(hub.seed.demoMachine.enrolmentCode?.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
    const res = await fetch(`${hub.url}/livez`);
    expect(await res.json()).toEqual({ status: 'ok' });
    // The start script's path: issue a fresh code for the demo machine and enrol with it.
    const machine = await hub.store.register.findMachineByAssetTag('DEMO-0001');
    const { code } = await hub.store.register.createEnrolmentCode(machine!.id, 10);
    const enrol = await fetch(`${hub.url}/api/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    expect(enrol.status).toBe(200);
  } finally {
    await hub.close();
  }
  await expect(fetch(`${hub.url}/livez`)).rejects.toThrow();

  const again = await startHub({ port: 0, dataDir, ...(await testStore(dataDir)) });
  try {
    expect(again.seed.admin).toEqual({ created: false, email: hub.seed.admin.email });
    expect(again.seed.demoMachine.enrolmentCode).toBeNull();
  } finally {
    await again.close();
  }
});

it('serves a built console under /console/ with security headers', async () => {
  const dir = tempDir();
  const consoleDir = join(dir, 'console');
  mkdirSync(consoleDir);
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><html lang="fr"><title>Console</title></html>');
  const hub = await buildHub({ dataDir: join(dir, 'data'), ...(await testStore(join(dir, 'data'))), consoleDir });
  try {
    const page = await hub.app.inject({ method: 'GET', url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Console</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    const bare = await hub.app.inject({ method: 'GET', url: '/console' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/console/');
  } finally {
    await hub.close();
  }
});

it('marks the session cookie Secure when the request came over https (behind a trusted TLS proxy)', async () => {
  const dir = tempDir();
  const hub = await buildHub({ dataDir: dir, ...(await testStore(dir)), consoleDir: join(dir, 'none'), trustProxy: ['127.0.0.1'] });
  try {
    const assoc = await hub.store.accounts.createAssociation('Asso');
    await hub.store.accounts.createAccount({ associationId: assoc.id, email: 'marie@asso.test', firstName: 'Marie', role: 'staff', password: 'un mot de passe' });
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/console/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { email: 'marie@asso.test', password: 'un mot de passe' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === 'passerelle_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
  } finally {
    await hub.close();
  }
});
