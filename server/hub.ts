/**
 * The hub: HTTP API for shells and the console, live feeds, and the console's static files.
 * `buildHub` assembles it (tests use `app.inject`); `startHub` also seeds and listens.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InProcessEventBus, type EventBus } from './events.ts';
import { LessonCatalogue } from './lessons/catalogue.ts';
import { openContentKey, type ContentKeySource } from './lessons/content-key.ts';
import { capConnectionsPerAddress, DEFAULT_CONNECTION_LIMITS, timeoutOptions, type ConnectionLimits } from './connections.ts';
import { answerClientError, BODY_LIMIT_BYTES, installErrorHandling, sendError } from './http.ts';
import type { TurnOptions } from './live/turn.ts';
import { registerOpenApi } from './openapi/document.ts';
import { loggerOptions } from './logging.ts';
import { registerSecurityHeaders } from './security.ts';
import { serveConsole } from './console-files.ts';
import { startHelpJobs, type HelpJobs } from './jobs.ts';
import { DEFAULT_LIMITS, registerLimiter, type HubLimits } from './limits.ts';
import { loadPathCatalogue } from './lessons/path-catalogue.ts';
import { Presence, type PresenceTracker } from './presence.ts';
import { joinCluster, type Cluster } from './cluster/index.ts';
import { PgHubStore } from './store/postgres/index.ts';
import { sharedRateLimitStore } from './store/postgres/rate-limits.ts';
import { registerRoutes } from './routes/index.ts';
import { lessonPictureUrl } from './routes/path-lessons.ts';
import { createConsoleGuards, type ConsoleGuards } from './routes/console-guards.ts';
import type { HubDeps } from './routes/deps.ts';
import { FEED_RECHECK_MS } from './routes/feed-access.ts';
import { attachReports, type ReportsOptions } from './routes/reports.ts';
import { registerUpdateFiles } from './routes/updates-files.ts';
import type { ReportsStore } from './store/reports/types.ts';
import { seed, type SeedOptions, type SeedResult } from './seed.ts';
import { WebzinePublisher } from './webzine/publisher.ts';
import type { HubStore } from './store/index.ts';
import { openHubStore, openReportsStore } from './store/open.ts';
import { registerMetrics } from './metrics.ts';
import { API_PREFIX } from '../app/protocol/hub.ts';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';

export type { SeedResult } from './seed.ts';
export type { HubStore } from './store/index.ts';
export { BODY_LIMIT_BYTES } from './http.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_CONSOLE_DIR = join(REPO_ROOT, 'dist', 'console');
/** The lesson packs bundled with the hub, and the rule files lessons:check reads. */
export const DEFAULT_LESSONS_DIR = join(REPO_ROOT, 'lessons');

export interface BuildHubOptions {
  dataDir: string;
  /** The store: the embedded SQLite files in `dataDir` (default), or a postgres:// URL that several instances may share. */
  store?: string | undefined;
  /** Request logging (off by default). Logged requests never include the client address. */
  logger?: boolean;
  /** Where the request log goes when `logger` is on (default stdout); tests read it to check what is logged. */
  logStream?: NodeJS.WritableStream;
  /** Built console (default `<repo>/dist/console`). */
  consoleDir?: string;
  /**
   * The reverse proxies (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto are
   * believed (proxy.ts); from anyone else they are ignored. None by default.
   */
  trustProxy?: string[];
  /** Injectable clock for tests. */
  now?: () => Date;
  /** Request timeouts and connections per address (default DEFAULT_CONNECTION_LIMITS). */
  connections?: Partial<ConnectionLimits>;
  /** How often unclaimed requests are checked for escalation (default 15 s; 0 = only when `jobs.escalate()` is called). */
  escalationIntervalMs?: number;
  /** How often closed requests past retention are purged (default hourly; 0 = only when `jobs.purge()` is called). */
  purgeIntervalMs?: number;
  /** How often open feeds re-check their session or token against the store (default 30 s). */
  feedRecheckMs?: number;
  /** Per machine, address and login limits (default DEFAULT_LIMITS; the bench and some tests change them). */
  limits?: Partial<HubLimits>;
  /** Health and usage reports: ingest queue, rate and retention settings (tests and the bench). */
  reports?: Omit<ReportsOptions, 'dataDir' | 'now'>;
  /** Lesson packs offered to every association as the baseline (default: none; `startHub`: the repository's). */
  lessonsDir?: string;
  /** The release folder served at /updates/ (electron-builder's files and the signed feed); none by default. */
  updatesDir?: string;
  /** The TURN relay for live calls (coturn with use-auth-secret: server/live/turn.ts). */
  turn?: TurnOptions;
  /** Live calls' ringing delays (tests shorten them; defaults in server/live/console-calls.ts). */
  callTimings?: { ringAckMs: number; ringMaxMs: number };
  /** The token Prometheus sends to read GET /metrics (no token: the route answers 404). */
  metricsToken?: string | undefined;
  /**
   * The lesson-signing key's file (`--content-key FILE`), the same for every instance. Without it:
   * the key shared in the database (PostgreSQL) or made in the data folder (SQLite): lessons/content-key.ts.
   */
  contentKeyFile?: string | undefined;
}

/** One route as registered (HEAD aside): what the route tables of the tests and the OpenAPI description walk. */
export interface RegisteredRoute {
  method: string;
  url: string;
  websocket: boolean;
}

export interface Hub {
  app: FastifyInstance;
  /** Every route registered on the hub, in order. */
  routes: RegisteredRoute[];
  store: HubStore;
  bus: EventBus;
  presence: PresenceTracker;
  /** This instance among several on PostgreSQL (null on SQLite). */
  cluster: Cluster | null;
  guards: ConsoleGuards;
  jobs: HelpJobs;
  /** Health reports and anonymous usage (their own SQLite file, reports.sqlite). */
  reports: ReportsStore;
  /** Reports accepted and not yet answered (waiting, or in the write in progress): tests and diagnosis. */
  reportsQueued(): number;
  /** Lesson packs, their signed index, publishing. */
  lessons: LessonCatalogue;
  /** Where the content key that signs the lesson index came from. */
  contentKeySource: ContentKeySource;
  close(): Promise<void>;
}

export async function buildHub(opts: BuildHubOptions): Promise<Hub> {
  // Everything the hub writes is its user's only: the folder 0700 (even when it existed), files 0600 (lib/sqlite/open.ts).
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(opts.dataDir, 0o700);
  const store = await openHubStore(opts);
  // The lesson-signing key: one for every instance (lessons/content-key.ts). A key that cannot be read stops the start.
  const contentKey = await openContentKey({
    dataDir: opts.dataDir,
    file: opts.contentKeyFile,
    shared: store instanceof PgHubStore ? (make) => store.sharedContentKey(make) : undefined,
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  const consoleDir = resolve(opts.consoleDir ?? DEFAULT_CONSOLE_DIR);
  const lessonsDir = resolve(opts.lessonsDir ?? DEFAULT_LESSONS_DIR);

  const connections = { ...DEFAULT_CONNECTION_LIMITS, ...opts.connections };
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    // Slow bodies and idle connections are cut (connections.ts); what Node cannot parse gets our error shape.
    ...timeoutOptions(connections),
    clientErrorHandler: answerClientError,
    // A URL that does not parse (GET http://[) is refused before routing: in our error shape too.
    frameworkErrors: (error, _req, reply) => {
      sendError(reply, 400, 'bad_url', `The request line is not a valid URL (${error.message}); send a path such as /api/v1/…`);
    },
    // Only listed proxies: a list, never `true` (which believes X-Forwarded-For from anyone).
    trustProxy: opts.trustProxy && opts.trustProxy.length > 0 ? opts.trustProxy : false,
    // Privacy: no client address, header, token, cookie, password or phone number in the log (logging.ts).
    logger: loggerOptions(opts.logger, opts.logStream),
  });
  // A trusted proxy in front (the nginx example) limits connections per client itself; its own are not capped.
  capConnectionsPerAddress(app.server, connections.perAddress, opts.trustProxy ?? []);

  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of Array.isArray(r.method) ? r.method : [r.method]) {
      if (method !== 'HEAD') routes.push({ method, url: r.url, websocket: r.websocket === true });
    }
  });

  installErrorHandling(app);

  // The API speaks JSON only: a text/plain body gets a 415 rather than reaching a route as a string.
  app.removeContentTypeParser('text/plain');

  await registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  // On PostgreSQL the counters are shared by every instance: two instances must not give twice the budget.
  await registerLimiter(app, store instanceof PgHubStore ? sharedRateLimitStore(store.pool) : undefined);
  await app.register(fastifyWebsocket, { options: { maxPayload: BODY_LIMIT_BYTES } });

  let ingestQueueDepth = () => 0;
  const metrics = registerMetrics(app, {
    token: opts.metricsToken,
    sources: { openHelpRequests: () => store.help.countOpen(), ingestQueueDepth: () => ingestQueueDepth() },
  });
  app.websocketServer.on('connection', (socket: WebSocket, req: IncomingMessage) => {
    const kind = req.url?.startsWith(`${API_PREFIX}/machine/feed`) ? 'shell' : req.url?.startsWith(`${API_PREFIX}/console/feed`) ? 'console' : null;
    if (kind) socket.once('close', metrics.feedOpened(kind));
  });

  app.get('/livez', async () => ({ status: 'ok' }));
  // The OpenAPI description of every route (server/openapi/routes.ts: one line per route).
  registerOpenApi(app, routes);
  app.get('/', async (_req, reply) => reply.redirect('/console/', 302));

  // Several instances on PostgreSQL share the bus (LISTEN/NOTIFY), presence and the jobs (server/cluster/).
  const cluster =
    store instanceof PgHubStore
      ? await joinCluster({
          store,
          now: opts.now ?? (() => new Date()),
          log: (message, error) => app.log.error({ err: error }, message),
          // Events may have been missed: every live socket reconnects and gets a fresh hello.
          onGap: () => app.websocketServer.clients.forEach((ws) => ws.close(1012, 'resync')),
        })
      : null;
  const bus: EventBus = cluster?.bus ?? new InProcessEventBus();
  const presence: PresenceTracker = cluster?.presence ?? new Presence(bus, opts.now);
  const guards = createConsoleGuards(store);
  const lessons = new LessonCatalogue({
    store,
    bus,
    contentKey: contentKey.key,
    lessonsDir: opts.lessonsDir,
    rulesDir: DEFAULT_LESSONS_DIR,
    log: (message, error) => app.log.error({ err: error }, message),
  });
  const updatesDir = opts.updatesDir ? resolve(opts.updatesDir) : null;
  if (updatesDir) await registerUpdateFiles(app, store, updatesDir);
  const deps: HubDeps = {
    store,
    bus,
    guards,
    presence,
    now: opts.now ?? (() => new Date()),
    feedRecheckMs: opts.feedRecheckMs ?? FEED_RECHECK_MS,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    lessons,
    updatesDir,
    // Issue 12: the lessons a person's path may name, from the bundled packs (or the repository's).
    pathLessons: loadPathCatalogue(lessonsDir, lessonPictureUrl),
    // Issue 11: the TURN relay and ringing delays of live calls.
    turn: opts.turn,
    callTimings: opts.callTimings,
    // Issue 17: the webzine's sites live in the data folder, one folder per association.
    webzine: new WebzinePublisher(store, join(opts.dataDir, 'webzine')),
  };
  registerRoutes(app, deps, lessonsDir);
  const reportsPart = attachReports(app, deps, {
    dataDir: opts.dataDir,
    ...(opts.now ? { now: opts.now } : {}),
    ...opts.reports,
    store: openReportsStore(store, opts),
    ...(cluster ? { runsHere: cluster.leads } : {}),
  });
  ingestQueueDepth = () => reportsPart.queue.depth;
  const jobs = startHelpJobs({
    store,
    bus,
    escalationIntervalMs: opts.escalationIntervalMs ?? 15_000,
    purgeIntervalMs: opts.purgeIntervalMs ?? 3_600_000,
    log: (message, error) => app.log.error({ err: error }, message),
    ...(cluster ? { runsHere: cluster.leads } : {}),
  });

  await serveConsole(app, consoleDir);

  // Every plugin is loaded now, so `routes` lists them all.
  await app.ready();
  let closed = false;
  return {
    app,
    routes,
    store,
    bus,
    presence,
    guards,
    jobs,
    cluster,
    reports: reportsPart.reports,
    reportsQueued: () => reportsPart.queue.queued,
    lessons,
    contentKeySource: contentKey.source,
    async close() {
      if (closed) return;
      closed = true;
      jobs.stop();
      await app.close();
      await reportsPart.close();
      await cluster?.close();
      await store.close();
    },
  };
}

export interface StartHubOptions {
  port: number;
  /** Default 127.0.0.1: expose the hub through a TLS reverse proxy, not directly. */
  host?: string;
  dataDir: string;
  /** 'sqlite' (default) or a postgres:// URL: see BuildHubOptions.store. */
  store?: string | undefined;
  consoleDir?: string;
  logger?: boolean;
  trustProxy?: string[];
  /** Bundled lesson packs (default: the repository's lessons/). */
  lessonsDir?: string;
  /** The release folder to serve at /updates/. */
  updatesDir?: string;
  turn?: TurnOptions;
  metricsToken?: string | undefined;
  contentKeyFile?: string | undefined;
  /** Per machine, address and login limits (tests that are not about limits raise them). */
  limits?: Partial<HubLimits>;
  /** The first admin's email at first run (asked lazily, only when there is no admin yet); else one is made up. */
  adminEmail?: SeedOptions['adminEmail'];
}

export interface StartedHub {
  url: string;
  port: number;
  store: HubStore;
  seed: SeedResult;
  /** The periodic jobs, callable at once (end-to-end tests escalate without waiting minutes). */
  jobs: HelpJobs;
  contentKeySource: ContentKeySource;
  close(): Promise<void>;
}

export async function startHub(opts: StartHubOptions): Promise<StartedHub> {
  const hub = await buildHub({
    dataDir: opts.dataDir,
    store: opts.store,
    metricsToken: opts.metricsToken,
    contentKeyFile: opts.contentKeyFile,
    ...(opts.consoleDir ? { consoleDir: opts.consoleDir } : {}),
    ...(opts.logger !== undefined ? { logger: opts.logger } : {}),
    ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
    lessonsDir: opts.lessonsDir ?? DEFAULT_LESSONS_DIR,
    ...(opts.updatesDir ? { updatesDir: opts.updatesDir } : {}),
    ...(opts.turn ? { turn: opts.turn } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  try {
    const seedResult = await seed(hub.store, { adminEmail: opts.adminEmail ?? null });
    await hub.jobs.purge();
    const host = opts.host ?? '127.0.0.1';
    await hub.app.listen({ port: opts.port, host });
    const address = hub.app.server.address();
    const port = typeof address === 'object' && address ? address.port : opts.port;
    const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
    return { url: `http://${urlHost}:${port}`, port, store: hub.store, seed: seedResult, jobs: hub.jobs, contentKeySource: hub.contentKeySource, close: () => hub.close() };
  } catch (err) {
    await hub.close();
    throw err;
  }
}
