import { authenticate, type SessionStore } from '@loadfleet/console';
import { ControllerError, type ControllerMetrics, type Principal, type TokenAuth } from '@loadfleet/controller';
import { YAML_TYPES } from './request.js';
import type { Logger } from '@loadfleet/log';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { credentialsOf, isOpenConsolePath } from '../console/request-auth.js';

export interface ServerOptions {
  log: Logger;
  auth: TokenAuth;
  /** The console's sign-ins: a session cookie stands in for the bearer header. */
  sessions: SessionStore;
  metrics: ControllerMetrics;
  bodyLimit: number;
  /** The HTTP server, already listening (the port is bound before anything else starts). */
  server?: Server;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made the request (the token's name); null on open routes. */
    principal: Principal | null;
  }
}

/** Routes anyone may call: probes. The console's pages and sign-in are open too (they hold no data). */
const OPEN_ROUTES = new Set(['/healthz']);

/**
 * The fastify instance with what every route shares: YAML and JSON bodies,
 * bearer-token access (read for GET, write for the rest), errors as
 * `{error: {code, message, issues?}}` with their status, and request counting.
 */
export function createServer(o: ServerOptions): FastifyInstance {
  const server = o.server;
  const app = Fastify({
    loggerInstance: o.log as FastifyBaseLogger,
    bodyLimit: o.bodyLimit,
    forceCloseConnections: true,
    ...(server
      ? {
          serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
            server.removeAllListeners('request');
            server.on('request', handler);
            return server;
          },
        }
      : {}),
  });

  app.removeContentTypeParser(['application/json']);
  // Bodies are read as bytes and decoded strictly: a body that is not UTF-8 is refused (400), never
  // turned into replacement characters and accepted.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    const text = utf8Body(body as Buffer);
    if (text instanceof ControllerError) return done(text, undefined);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new ControllerError('LF_ERR_REQUEST', `the body is not valid JSON: ${(err as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser([...YAML_TYPES], { parseAs: 'buffer' }, (_req, body, done) => {
    const text = utf8Body(body as Buffer);
    if (text instanceof ControllerError) done(text, undefined);
    else done(null, text);
  });

  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const path = req.url.split('?')[0]!;
    if (OPEN_ROUTES.has(path) || isOpenConsolePath(path)) return;
    const needs = req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'write';
    req.principal = authenticate(o.auth, o.sessions, credentialsOf(req), needs).principal;
  });
  app.addHook('onResponse', async (req, reply) => {
    o.metrics.httpRequest(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode);
  });

  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .send(new ControllerError('LF_ERR_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`).toBody());
  });
  app.setErrorHandler((err: FastifyError | ControllerError, req, reply) => {
    const e = toControllerError(err, o.bodyLimit);
    if (e.status >= 500) req.log.error({ err }, 'request failed');
    void reply.code(e.status).send(e.toBody());
  });
  return app;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The body as text, or a 400 naming the first byte that is not UTF-8. */
export function utf8Body(body: Buffer): string | ControllerError {
  try {
    return STRICT_UTF8.decode(body);
  } catch {
    return new ControllerError('LF_ERR_REQUEST', `the body is not UTF-8 text (at byte ${firstBadByte(body)})`);
  }
}

/** Offset of the first byte that is not UTF-8: where the lossy decoding, encoded again, first differs. */
function firstBadByte(b: Buffer): number {
  const again = Buffer.from(b.toString('utf8'), 'utf8');
  let i = 0;
  while (i < b.length && again[i] === b[i]) i++;
  return i;
}

function toControllerError(err: FastifyError | ControllerError, bodyLimit: number): ControllerError {
  if (err instanceof ControllerError) return err;
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ControllerError('LF_ERR_BODY_TOO_LARGE', `the body is larger than the limit of ${bodyLimit} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ControllerError(
        'LF_ERR_UNSUPPORTED_MEDIA_TYPE',
        `unsupported content type; send the scenario as application/yaml (or text/yaml), or application/json {scenario, feeders}`,
      );
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return new ControllerError('LF_ERR_REQUEST', err.message);
  if (isStoreUnreachable(err))
    return new ControllerError('LF_ERR_UNAVAILABLE', 'the run store (Redis) is unreachable; try again shortly');
  return new ControllerError('LF_ERR_INTERNAL', 'internal error (see the controller log)');
}

/** ioredis gave up on a command because Redis is away (an outage the controller rides out). */
function isStoreUnreachable(err: Error): boolean {
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    /^(connect ECONNREFUSED|Connection is closed|Stream isn't writeable|read ECONNRESET)/.test(err.message)
  );
}
