/**
 * `GET /metrics` in Prometheus' text format (prom-client), for the people who run the hub: requests
 * and latency per route, open help requests, connected shells and consoles, the report ingest
 * queue's depth, and how far behind the shells' outboxes are (each shell says, on every request, how
 * old its oldest undelivered message is: `x-passerelle-outbox-lag`, in seconds).
 *
 * Behind a token of its own (`--metrics-token` / PASSERELLE_METRICS_TOKEN), not a console session:
 * a Prometheus server is not a person. Without a token the route answers 404. The figures are
 * counts and timings only: no association, machine, person or address in any label. Each hub has
 * its own registry (tests build several hubs in one process); with several instances, each
 * instance is scraped: figures are per instance except open help requests, read from the store.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HttpError } from './http.ts';
import { sameSecret } from './store/crypto.ts';

export const OUTBOX_LAG_HEADER = 'x-passerelle-outbox-lag';

export interface MetricsSources {
  /** Open help requests, all associations together. */
  openHelpRequests(): Promise<number>;
  /** Reports waiting in this instance's ingest queue. */
  ingestQueueDepth(): number;
}

export interface HubMetrics {
  registry: Registry;
  /** Counts a live feed while it is open; returns the function to call when it closes. */
  feedOpened(kind: 'shell' | 'console'): () => void;
}

/** Latency buckets in seconds: the help path's goal is 25 ms at p99, reports may take longer. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LAG_BUCKETS = [1, 10, 60, 300, 900, 3600, 6 * 3600, 86_400, 7 * 86_400, 30 * 86_400];

export function registerMetrics(app: FastifyInstance, opts: { token?: string | undefined; sources: MetricsSources }): HubMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'passerelle_hub_' });

  const requests = new Counter({
    name: 'passerelle_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'passerelle_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const feeds = new Gauge({
    name: 'passerelle_feeds_connected',
    help: 'Live feeds open on this instance: shells (machine feed) and consoles.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  feeds.set({ kind: 'shell' }, 0);
  feeds.set({ kind: 'console' }, 0);
  const outboxLag = new Histogram({
    name: 'passerelle_shell_outbox_lag_seconds',
    help: "Age of the oldest undelivered message in a shell's outbox, as the shell reports it on each request.",
    buckets: LAG_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'passerelle_help_requests_open',
    help: 'Help requests not yet resolved or cancelled (all associations).',
    registers: [registry],
    async collect() {
      this.set(await opts.sources.openHelpRequests());
    },
  });
  new Gauge({
    name: 'passerelle_ingest_queue_depth',
    help: "Reports waiting in this instance's ingest queue.",
    registers: [registry],
    collect() {
      this.set(opts.sources.ingestQueueDepth());
    },
  });

  app.addHook('onResponse', async (req, reply) => {
    // The route's pattern, never the raw URL: bounded labels, no ids.
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    const lag = req.headers[OUTBOX_LAG_HEADER];
    if (typeof lag === 'string' && /^\d{1,9}$/.test(lag) && reply.statusCode < 400 && route.startsWith('/api/')) outboxLag.observe(Number(lag));
  });

  app.get('/metrics', async (req, reply) => {
    if (!opts.token) throw new HttpError(404, 'not_found', 'Metrics are off: start the hub with --metrics-token (or PASSERELLE_METRICS_TOKEN) to serve them.');
    const header = req.headers.authorization;
    const given = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (!sameSecret(given, opts.token)) throw new HttpError(401, 'unauthorized', 'The metrics need their own token: Authorization: Bearer <metrics token>.');
    return reply.type(registry.contentType).send(await registry.metrics());
  });

  return {
    registry,
    feedOpened(kind) {
      feeds.inc({ kind });
      let open = true;
      return () => {
        if (!open) return;
        open = false;
        feeds.dec({ kind });
      };
    },
  };
}
