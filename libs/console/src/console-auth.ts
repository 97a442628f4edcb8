import { timingSafeEqual } from 'node:crypto';
import { ControllerError, type Access, type Principal, type TokenAuth } from '@loadfleet/controller';
import { SESSION_COOKIE, parseCookies } from './cookies.js';
import type { Session, SessionStore } from './sessions.js';

/** The parts of a request that decide who made it. */
export interface RequestCredentials {
  method: string;
  authorization?: string;
  cookie?: string;
  /** X-CSRF-Token */
  csrf?: string;
  origin?: string;
  /** Sec-Fetch-Site, which every current browser sends. */
  fetchSite?: string;
  /** Host header: the origin a same-origin request names. */
  host?: string;
}

export interface Authenticated {
  principal: Principal;
  /** How: a bearer header (scripts, the CLI) or the console's session cookie. */
  via: 'bearer' | 'session' | 'open';
  session: Session | null;
}

export const CSRF_HEADER = 'x-csrf-token';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is asking, by bearer header first (everything the API did before the
 * console works unchanged), else by the console's session cookie. A cookie
 * request that changes anything must carry the session's CSRF token and come
 * from this origin: SameSite=Strict already keeps other sites' requests from
 * carrying the cookie, and the token covers browsers and proxies that do not honour it.
 */
export function authenticate(
  auth: TokenAuth,
  sessions: SessionStore,
  req: RequestCredentials,
  needs: Access,
): Authenticated {
  if (req.authorization !== undefined || auth.open) {
    const principal = auth.check(req.authorization, needs);
    return { principal, via: auth.open ? 'open' : 'bearer', session: null };
  }
  const session = sessions.get(parseCookies(req.cookie).get(SESSION_COOKIE));
  if (!session) {
    throw new ControllerError(
      'LF_ERR_UNAUTHORIZED',
      'missing bearer token (Authorization: Bearer <token>) or console session (sign in at /console/)',
    );
  }
  if (!SAFE.has(req.method.toUpperCase())) checkSameOrigin(req, session);
  return { principal: auth.grant(session.principal, needs), via: 'session', session };
}

/** A state-changing request made with the session cookie: same origin, and the session's CSRF token. */
export function checkSameOrigin(req: RequestCredentials, session: Session | null): void {
  if (req.fetchSite !== undefined && req.fetchSite !== 'same-origin' && req.fetchSite !== 'none')
    throw forbidden(`a ${req.fetchSite} request may not use the console session`);
  if (req.origin !== undefined && req.origin !== 'null' && !originMatchesHost(req.origin, req.host))
    throw forbidden('the request comes from another origin');
  if (req.origin === 'null') throw forbidden('the request comes from an opaque origin');
  if (session === null) return;
  if (!req.csrf || !sameText(req.csrf, session.csrf)) throw forbidden('missing or wrong CSRF token (X-CSRF-Token)');
}

function originMatchesHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** The CSRF token a page sent matches its session's (the join-the-room panel sends it in its first message). */
export function csrfMatches(session: Session, token: unknown): boolean {
  return typeof token === 'string' && token !== '' && sameText(token, session.csrf);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function forbidden(message: string): ControllerError {
  return new ControllerError('LF_ERR_FORBIDDEN', message);
}
