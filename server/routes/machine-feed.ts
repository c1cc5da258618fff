/**
 * The machine's live feed: a WebSocket that says hello with the machine's open help requests, the help
 * service (phone number, helpers on duty) and its kiosk settings, then pushes each change of them.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { API_PREFIX, type HelpAvailability, type MachineEvent } from '../../app/protocol/hub.ts';
import type { MachineCallEvent } from '../../app/protocol/call.ts';
import { onFeedMessage } from '../live/feed-messages.ts';
import { MachineCalls } from '../live/machine-calls.ts';
import { machineStatuses } from '../store/index.ts';
import type { HubDeps } from './deps.ts';
import { closeWhenRevoked } from './feed-access.ts';
import { bearerToken, machineAuth, machineOf } from './machine-auth.ts';
import { keepAlive, sendWhenReady } from './ws.ts';

/**
 * A push whose data cannot be read (the store closing with the hub while a socket closes) is not sent:
 * the machine gets the whole state again in the hello of its next connection. Never an unhandled rejection.
 */
const unsent = (): void => undefined;

export function registerMachineFeedRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, bus, presence, now, feedRecheckMs } = deps;

  async function serviceFor(associationId: string): Promise<HelpAvailability> {
    const settings = await store.accounts.getSettings(associationId);
    return { helpPhone: settings?.helpPhone ?? null, helpersOnDuty: presence.count(associationId) };
  }

  app.get(`${API_PREFIX}/machine/feed`, { websocket: true, onRequest: machineAuth(store) }, (socket: WebSocket, req) => {
    const machine = machineOf(req);
    const token = bearerToken(req);
    const unwatch = closeWhenRevoked(
      socket,
      {
        matches: (r) => r.kind === 'machine' && r.machineId === machine.id,
        // The token is gone: replaced by a new enrolment, or the machine was retired.
        recheck: async () => (token && (await store.register.authenticateMachine(token))?.id === machine.id ? null : 'token_replaced'),
      },
      { bus, now, recheckMs: feedRecheckMs },
    );
    const send = sendWhenReady<MachineEvent | MachineCallEvent>(socket);
    // Live calls (issue 11): signalling rides on this feed, both ways.
    const calls = new MachineCalls({ machineId: machine.id, bus, send: (event) => send.event(event) });
    onFeedMessage(socket, (raw) => calls.handle(raw));
    const offHelp = bus.subscribe('help.changed', (change) => {
      if (change.view.machineId !== machine.id) return;
      for (const status of machineStatuses(change)) send.event({ type: 'help.status', status });
    });
    let lastService = '';
    const pushService = (service: HelpAvailability) => {
      const key = JSON.stringify(service);
      if (key === lastService) return;
      lastService = key;
      send.event({ type: 'service', service });
    };
    const offPresence = bus.subscribe('presence.changed', ({ associationId, onDuty }) => {
      if (associationId !== machine.associationId) return;
      void serviceFor(associationId).then((s) => pushService({ ...s, helpersOnDuty: onDuty.length }), unsent);
    });
    const offSettings = bus.subscribe('settings.changed', ({ associationId, settings }) => {
      if (associationId === machine.associationId) pushService({ helpPhone: settings.helpPhone, helpersOnDuty: presence.count(associationId) });
    });
    // Kiosk mode and the animateur PIN hash (issue 6), from the loan register.
    const offKiosk = bus.subscribe('machine.kiosk.changed', ({ machineId }) => {
      if (machineId !== machine.id) return;
      void store.register.getMachineKiosk(machine.id).then((kiosk) => kiosk && send.event({ type: 'kiosk', kiosk }), unsent);
    });
    // A lesson pack was published for this machine's association (or bundled for all): fetch the index.
    const offLessons = bus.subscribe('lessons.changed', ({ associationId }) => {
      if (associationId === null || associationId === machine.associationId) send.event({ type: 'lessons' });
    });
    // The beneficiary on loan with this machine (issue 12): language, path, consent; null when none.
    const offPerson = bus.subscribe('person.changed', ({ machineId }) => {
      if (machineId !== machine.id) return;
      void store.accompaniment.machinePerson(machine.id).then((person) => send.event({ type: 'person', person }), unsent);
    });
    // The home screen's tiles (issue 13): re-resolved when the association's sets, the loan or the machine's place change.
    let lastTiles = '';
    const pushTiles = () =>
      void store.tiles.machineTiles(machine.id).then((tiles) => {
        const key = JSON.stringify(tiles);
        if (!tiles || key === lastTiles) return;
        lastTiles = key;
        send.event({ type: 'tiles', tiles });
      }, unsent);
    const offTiles = bus.subscribe('tiles.changed', ({ associationId }) => associationId === machine.associationId && pushTiles());
    const offTilesPerson = bus.subscribe('person.changed', ({ machineId }) => machineId === machine.id && pushTiles());
    const offTilesPlace = bus.subscribe('machine.kiosk.changed', ({ machineId }) => machineId === machine.id && pushTiles());
    const stop = keepAlive(socket);
    socket.on('close', () => {
      offPerson();
      offTiles();
      offTilesPerson();
      offTilesPlace();
      offHelp();
      offPresence();
      offSettings();
      offKiosk();
      offLessons();
      calls.close();
      stop();
      unwatch();
    });
    void Promise.all([
      store.help.listOpenStatuses(machine.id),
      serviceFor(machine.associationId),
      store.register.getMachineKiosk(machine.id),
      store.accompaniment.machinePerson(machine.id),
      store.tiles.machineTiles(machine.id),
    ]).then(
      ([open, service, kiosk, person, tiles]) => {
        lastService = JSON.stringify(service);
        lastTiles = JSON.stringify(tiles);
        send.hello({ type: 'hello', open, service, ...(kiosk ? { kiosk } : {}), person, ...(tiles ? { tiles } : {}) });
      },
      () => socket.close(1011, 'internal error'),
    );
  });
}
