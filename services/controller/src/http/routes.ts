import {
  ControllerError,
  type ControllerMetrics,
  type LiveHub,
  type MetricsSnapshot,
  type RunsApi,
  type WorkerRegistry,
} from '@loadfleet/controller';
import { renderCompareHtml, renderExport, type Report } from '@loadfleet/report';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkRunId, listQuery, submissionFromBody } from './request.js';
import type { LiveStreams } from './live-stream.js';

export interface RouteDeps {
  api: RunsApi;
  hub: LiveHub;
  streams: LiveStreams;
  registry: WorkerRegistry;
  metrics: ControllerMetrics;
  snapshot(): Promise<MetricsSnapshot>;
  health(): Promise<{ nats: boolean; redis: boolean; role?: 'leader' | 'follower'; fence?: number }>;
  /** GET /v1/runs/:id/live?view=console: the console's richer stream (console/live-console.ts). */
  consoleLive?(id: string, req: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/** Every route of the API (docs/FARM.md, "controller"). Handlers parse HTTP (request.ts) into RunsApi calls. */
export function registerRoutes(app: FastifyInstance, d: RouteDeps): void {
  app.post('/v1/runs', async (req, reply) => {
    const by = req.principal?.name ?? null;
    const created = await d.api.submit(submissionFromBody(req.headers['content-type'], req.body), by);
    req.log.info({ runId: created.id, by }, 'run submitted');
    return reply.code(202).header('location', `/v1/runs/${created.id}`).send(created);
  });

  app.get('/v1/runs', async (req) => d.api.list(listQuery(req.query as Record<string, unknown>)));

  app.get<{ Params: { id: string } }>('/v1/runs/:id', async (req) => d.api.get(checkRunId(req.params.id)));

  app.get<{ Params: { id: string }; Querystring: { view?: string } }>('/v1/runs/:id/live', async (req, reply) => {
    const id = checkRunId(req.params.id);
    if (req.query.view === 'console' && d.consoleLive) return d.consoleLive(id, req, reply);
    await d.streams.serve(id, req, reply, d.api, d.hub);
  });

  app.post<{ Params: { id: string } }>('/v1/runs/:id/stop', async (req, reply) => {
    const reason = stopReason(req.body);
    const id = checkRunId(req.params.id);
    const result = await d.api.stop(id, reason);
    req.log.info({ runId: id, by: req.principal?.name ?? null, state: result.state, reason }, 'run stop requested');
    return reply.code(result.state === 'cancelled' ? 200 : 202).send(result);
  });

  app.get<{ Params: { id: string } }>('/v1/runs/:id/report.json', async (req, reply) => {
    const text = await d.api.report(checkRunId(req.params.id), 'json');
    return reply.type('application/json; charset=utf-8').send(text);
  });

  app.get<{ Params: { id: string } }>('/v1/runs/:id/report.html', async (req, reply) => {
    const text = await d.api.report(checkRunId(req.params.id), 'html');
    // Served from the console's origin: sandboxed (no cookies, no API calls), its inline chart script may run.
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', REPORT_CSP)
      .header('x-content-type-options', 'nosniff')
      .send(text);
  });

  // The per-second timeline of a finished run, from its report: CSV or JSON lines.
  app.get<{ Params: { id: string } }>('/v1/runs/:id/timeline.csv', async (req, reply) => {
    const report = JSON.parse(await d.api.report(checkRunId(req.params.id), 'json')) as Report;
    return reply.type('text/csv; charset=utf-8').send(renderExport(report, 'csv'));
  });

  app.get<{ Params: { id: string } }>('/v1/runs/:id/timeline.jsonl', async (req, reply) => {
    const report = JSON.parse(await d.api.report(checkRunId(req.params.id), 'json')) as Report;
    return reply.type('application/jsonl; charset=utf-8').send(renderExport(report, 'jsonl'));
  });

  app.post<{ Params: { id: string } }>('/v1/runs/:id/baseline', async (req) => {
    const marked = await d.api.markBaseline(checkRunId(req.params.id));
    req.log.info({ ...marked, by: req.principal?.name ?? null }, 'baseline marked');
    return marked;
  });

  app.get<{ Params: { scenario: string } }>('/v1/baselines/:scenario', async (req) =>
    d.api.baseline(req.params.scenario),
  );

  // compare.json (or compare.html) of this run against ?with=BASE.
  app.get<{ Params: { id: string }; Querystring: { with?: string } }>('/v1/runs/:id/compare', async (req) =>
    d.api.compare(checkRunId(req.params.id), baseRunId(req.query.with)),
  );

  app.get<{ Params: { id: string }; Querystring: { with?: string } }>(
    '/v1/runs/:id/compare.html',
    async (req, reply) => {
      const c = await d.api.compare(checkRunId(req.params.id), baseRunId(req.query.with));
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', REPORT_CSP)
        .header('x-content-type-options', 'nosniff')
        .send(renderCompareHtml(c));
    },
  );

  app.get('/v1/workers', async () => ({
    workers: d.registry.list().map((w) => ({
      id: w.id,
      host: w.host,
      pid: w.pid,
      capacity: w.capacity,
      capacityLimit: w.capacityLimit,
      weight: w.weight,
      activeUsers: w.activeUsers,
      health: w.health,
      runs: w.runs,
      lastSeen: new Date(w.lastSeen).toISOString(),
      lost: w.lost,
      left: w.left,
      version: w.version || null,
    })),
  }));

  app.get('/healthz', async (_req, reply) => {
    const h = await d.health();
    const ok = h.nats && h.redis;
    return reply.code(ok ? 200 : 503).send({ ok, ...h });
  });

  app.get('/metrics', async (_req, reply) => {
    const text = d.metrics.render(await d.snapshot());
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
  });
}

/** report.html is self-contained: inline style and script only, in an opaque origin. */
const REPORT_CSP =
  "sandbox allow-scripts allow-popups; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

function baseRunId(base: unknown): string {
  if (typeof base !== 'string' || base === '')
    throw new ControllerError('LF_ERR_REQUEST', 'compare needs ?with=BASE_RUN_ID', [
      { line: 0, col: 0, path: 'with', message: 'expected a run id' },
    ]);
  return checkRunId(base);
}

function stopReason(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  const reason = (body as { reason?: unknown }).reason;
  if (typeof body !== 'object' || Array.isArray(body) || (reason !== undefined && typeof reason !== 'string')) {
    throw new ControllerError('LF_ERR_REQUEST', 'the stop body is optional: {reason?: string}', [
      { line: 0, col: 0, path: 'reason', message: 'expected a string' },
    ]);
  }
  return reason === undefined ? undefined : `stopped by request: ${reason.slice(0, 500)}`;
}
