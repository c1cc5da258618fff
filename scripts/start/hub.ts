/**
 * `npm start`'s hub process: the hub with its embedded SQLite store. It answers the supervisor's
 * request for an enrolment code for the demo machine. Started by scripts/start.ts.
 */
import { startHub } from '../../server/hub.ts';
import { seedDemo } from '../../server/seed.ts';
import { tell, type FromHub, type HubOptions, type ToHub } from './messages.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as HubOptions;

try {
  const hub = await startHub({ port: options.port, dataDir: options.dataDir, adminEmail: options.adminEmail ?? null });
  // A newcomer's first help card is complete: the demo machine is on loan to a demo beneficiary.
  await seedDemo(hub.store, hub.seed);
  const admin = hub.seed.admin;
  tell<FromHub>({ type: 'ready', url: hub.url, admin: { email: admin.email, oneTimePassword: admin.created ? admin.oneTimePassword : null } });
  let seeded = hub.seed.demoMachine.enrolmentCode?.code ?? null;
  process.on('message', (message: ToHub) => {
    if (message.type !== 'enrolment-code') return;
    // The seed's code once, then a fresh one (the shell's data folder may have been wiped).
    const code = seeded;
    seeded = null;
    void (code ? Promise.resolve(code) : hub.store.register.createEnrolmentCode(hub.seed.demoMachine.id).then((c) => c.code)).then(
      (next) => tell<FromHub>({ type: 'enrolment-code', code: next }),
      (error: unknown) => tell<FromHub>({ type: 'failed', message: `no enrolment code: ${(error as Error).message}` }),
    );
  });
  const stop = () => void hub.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // The supervisor went away (its IPC channel closed): stop with it.
  process.on('disconnect', stop);
} catch (error) {
  tell<FromHub>({ type: 'failed', message: (error as Error).message });
  process.exit(1);
}
