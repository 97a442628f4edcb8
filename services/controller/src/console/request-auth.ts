import { CSRF_HEADER, type RequestCredentials } from '@loadfleet/console';
import type { FastifyRequest } from 'fastify';

/** Console paths that do their own checks (sign-in, sign-out, "who am I"). */
const SELF_CHECKED = new Set(['/console/api/login', '/console/api/logout', '/console/api/session']);

/**
 * The console's pages and scripts are open: they hold no data, and the sign-in
 * page must load before anyone has signed in. Its data routes (/console/api/…)
 * go through the same check as the API.
 */
export function isOpenConsolePath(path: string): boolean {
  if (path === '/' || path === '/console') return true;
  if (!path.startsWith('/console/')) return false;
  return !path.startsWith('/console/api/') || SELF_CHECKED.has(path);
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function credentialsOf(req: FastifyRequest): RequestCredentials {
  return {
    method: req.method,
    authorization: header(req, 'authorization'),
    cookie: header(req, 'cookie'),
    csrf: header(req, CSRF_HEADER),
    origin: header(req, 'origin'),
    fetchSite: header(req, 'sec-fetch-site'),
    host: header(req, 'host'),
  };
}
