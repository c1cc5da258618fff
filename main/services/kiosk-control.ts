/**
 * Kiosk control: the machine's mode (the hub's word, unless an animateur left kiosk mode until next
 * boot), visits and their wipe, the animateur's staff menu, and the volume. The hosts hear about a
 * restart, leaving kiosk mode, or a mode change through onHostAction.
 */
import path from 'node:path';
import type { BridgeInput, BridgeOutput, KioskState } from '../../app/bridge/contract.ts';
import { MachineMode, type MachineKiosk } from '../../app/protocol/hub.ts';
import type { Log } from '../log.ts';
import { getSetting, setSetting, type ShellDb } from '../store/db.ts';
import { StaffAccess, effectiveMode, readBootId, runCommand, setSystemVolume, type RunCommand } from './kiosk.ts';
import { VisitorService, idlePolicyFor, type IdlePolicy, type Timers } from './visitor.ts';

/** What the host does for the kiosk: restart, leave kiosk mode until next boot, or show the
 *  window of a mode the hub just changed. */
export type KioskHostAction = 'restart' | 'leaveKiosk' | 'modeChanged';

export type KioskOptions = { idlePolicy?: IdlePolicy; bootIdFile?: string; runCommand?: RunCommand; timers?: Timers };

export type KioskControl = ReturnType<typeof createKioskControl>;

export function createKioskControl(deps: { db: ShellDb; dataDir: string; options?: KioskOptions; onChange(state: KioskState): void; log: Log }) {
  const { db, options } = deps;
  const bootId = readBootId(options?.bootIdFile);
  const mode = (): MachineMode =>
    effectiveMode(MachineMode.catch('home').parse(getSetting(db, 'mode')), getSetting(db, 'kioskSuspendedBootId'), bootId);
  const idlePolicy = (): IdlePolicy => options?.idlePolicy ?? idlePolicyFor(getSetting(db, 'kioskIdleSeconds'));
  const staff = new StaffAccess(db);
  const hostListeners = new Set<(action: KioskHostAction) => void>();
  const run = options?.runCommand ?? runCommand;
  const storedVolume = (): number | null => {
    const value = Number(getSetting(db, 'kioskVolume') ?? NaN);
    return Number.isInteger(value) && value >= 0 && value <= 100 ? value : null;
  };
  const state = (): KioskState => ({
    mode: mode(),
    visit: visitors.view(),
    idleTimeoutSeconds: Math.round(idlePolicy().timeoutMs / 1000),
    staffPinSet: staff.pinIsSet(),
    volume: storedVolume(),
  });
  const visitors = new VisitorService({
    db,
    visitorsDir: path.join(deps.dataDir, 'visitors'),
    policy: idlePolicy,
    ...(options?.timers ? { timers: options.timers } : {}),
    onChange: () => deps.onChange(state()),
    log: deps.log,
  });
  const tellHost = (action: KioskHostAction) => {
    for (const listener of hostListeners) listener(action);
  };

  /** The loan register's word on kiosk mode and the animateur PIN, from the machine's feed. */
  function apply(kiosk: MachineKiosk): void {
    const before = mode();
    setSetting(db, 'mode', kiosk.mode);
    staff.setPinHash(kiosk.staffPinHash);
    const after = mode();
    if (before === 'kiosk' && after !== 'kiosk') void visitors.end('mode');
    if (after === 'kiosk' && before !== 'kiosk') visitors.sweepLeftovers();
    deps.onChange(state());
    if (after !== before) tellHost('modeChanged');
  }

  async function staffAction({ staffToken, action }: BridgeInput<'staffAction'>): Promise<BridgeOutput<'staffAction'>> {
    if (!staff.authorise(staffToken)) return { done: false, state: state() };
    let done = true;
    switch (action.type) {
      case 'volume':
        setSetting(db, 'kioskVolume', String(action.level));
        done = await setSystemVolume(action.level, run);
        break;
      case 'language':
        setSetting(db, 'language', action.language);
        break;
      case 'endAllSessions':
        await visitors.end('staff');
        break;
      case 'restart':
        staff.revoke();
        await visitors.end('staff');
        tellHost('restart');
        break;
      case 'leaveKioskUntilReboot':
        // Without a boot id the suspension could never end by itself: refused.
        if (bootId === null) {
          done = false;
          break;
        }
        staff.revoke();
        setSetting(db, 'kioskSuspendedBootId', bootId);
        await visitors.end('mode');
        deps.onChange(state());
        tellHost('leaveKiosk');
        break;
      case 'close':
        staff.revoke();
        break;
    }
    return { done, state: state() };
  }

  /** At start: a visit cut short by a power failure or a crash leaves nothing for the next visitor. */
  function startUp(): void {
    if (mode() !== 'kiosk') return;
    visitors.sweepLeftovers();
    const volume = storedVolume();
    if (volume !== null) void setSystemVolume(volume, run);
  }

  return {
    mode,
    state,
    visitors,
    apply,
    staffAction,
    startUp,
    checkStaffPin: (pin: string) => staff.check(pin),
    onHostAction(listener: (action: KioskHostAction) => void): () => void {
      hostListeners.add(listener);
      return () => hostListeners.delete(listener);
    },
  };
}
