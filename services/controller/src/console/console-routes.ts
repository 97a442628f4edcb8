import {
  SESSION_COOKIE,
  checkSameOrigin,
  clearedSessionCookie,
  parseCookies,
  sessionCookie,
  type SessionStore,
} from '@loadfleet/console';
import { ControllerError, peakUsers, type RunStore, type RunsApi, type TokenAuth } from '@loadfleet/controller';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mediaType, submissionFromBody } from '../http/request.js';
import { listRuns, runListQuery } from './run-list.js';
import { credentialsOf } from './request-auth.js';
import { securityHeaders, sendAsset, sendShell } from './static-files.js';

export interface ConsoleDeps {
  api: RunsApi;
  auth: TokenAuth;
  sessions: SessionStore;
  store: RunStore;
  /** Mark the cookie Secure (the console is reached over https). */
  secureCookies: boolean;
}

/**
 * The web console (docs/CONSOLE.md): its pages and scripts under /console/, the
 * sign-in that turns a token into an httpOnly session cookie, and the few data
 * routes the pages need beyond /v1 (the filtered run list, validation).
 */
export function registerConsole(app: FastifyInstance, d: ConsoleDeps): void {
  app.get('/', async (_req, reply) => reply.redirect('/console/', 302));
  app.get('/console', async (_req, reply) => reply.redirect('/console/', 302));
  app.get<{ Params: { name: string } }>('/console/assets/:name', async (req, reply) => {
    const sent = await sendAsset(reply, req.params.name);
    if (sent) return sent;
    throw new ControllerError('LF_ERR_NOT_FOUND', `no console asset "${req.params.name}" (is the console built?)`);
  });
  app.get('/console/', async (_req, reply) => sendShell(reply));
  app.get('/console/*', async (_req, reply) => sendShell(reply));

  app.get('/console/api/session', async (req, reply) => {
    if (d.auth.open) return noStore(reply).send({ name: 'anonymous', access: 'write', csrf: '', open: true });
    const session = d.sessions.get(sessionId(req));
    if (!session) throw new ControllerError('LF_ERR_UNAUTHORIZED', 'not signed in');
    return noStore(reply).send({ name: session.principal.name, access: session.principal.access, csrf: session.csrf });
  });

  app.post('/console/api/login', async (req, reply) => {
    // A cross-site form cannot send JSON without a preflight, and the origin must be ours: no login CSRF.
    if (mediaType(req.headers['content-type']) !== 'application/json')
      throw new ControllerError('LF_ERR_UNSUPPORTED_MEDIA_TYPE', 'sign in with application/json {token}');
    checkSameOrigin(credentialsOf(req), null);
    const token = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '' || token.length > 4096)
      throw new ControllerError('LF_ERR_REQUEST', 'expected {token: string}');
    const principal = d.auth.identify(token);
    if (principal === null) {
      req.log.warn({ ip: req.ip }, 'console sign-in refused: unknown token');
      throw new ControllerError('LF_ERR_UNAUTHORIZED', 'this token is not accepted here');
    }
    d.sessions.delete(sessionId(req));
    const session = d.sessions.create(principal);
    req.log.info({ by: principal.name, access: principal.access }, 'console sign-in');
    return noStore(reply)
      .header(
        'set-cookie',
        sessionCookie(session.id, { secure: d.secureCookies, maxAgeSeconds: d.sessions.ttlSeconds }),
      )
      .send({ name: principal.name, access: principal.access, csrf: session.csrf });
  });

  app.post('/console/api/logout', async (req, reply) => {
    const session = d.sessions.get(sessionId(req));
    if (session) {
      checkSameOrigin(credentialsOf(req), session);
      d.sessions.delete(session.id);
      req.log.info({ by: session.principal.name }, 'console sign-out');
    }
    return noStore(reply).header('set-cookie', clearedSessionCookie(d.secureCookies)).code(204).send();
  });

  app.get('/console/api/runs', async (req, reply) => {
    const q = runListQuery(req.query as Record<string, unknown>);
    const page = await listRuns({ store: d.store, reportJson: (id) => d.api.report(id, 'json') }, q);
    return noStore(reply).send(page);
  });

  // Everything a submit checks, nothing queued: the submit page shows the issues at their lines.
  app.post('/console/api/validate', async (req, reply) => {
    const plan = d.api.validate(submissionFromBody(req.headers['content-type'], req.body));
    const peak = peakUsers(plan);
    return noStore(reply).send({
      ok: true,
      name: plan.name,
      loadModel: plan.load.model,
      peakUsers: peak.users,
      targets: plan.targets.map((t) => `${t.host}:${t.port}`),
      thresholds: plan.thresholds.map((t) => t.expr),
    });
  });
}

function sessionId(req: FastifyRequest): string | undefined {
  const v = req.headers.cookie;
  return parseCookies(Array.isArray(v) ? v[0] : v).get(SESSION_COOKIE);
}

function noStore(reply: FastifyReply): FastifyReply {
  return securityHeaders(reply).header('cache-control', 'no-store');
}
