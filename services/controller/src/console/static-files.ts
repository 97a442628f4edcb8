import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyReply } from 'fastify';

/** services/console-web: the page shell and styles in static/, the bundled script in dist/bundle/. */
const WEB_ROOT = fileURLToPath(new URL('../../../console-web/', import.meta.url));

/** Every file the console serves, by the name in /console/assets/<name>: nothing else on disk is reachable. */
const ASSETS: Record<string, { path: string; type: string }> = {
  'console.js': { path: 'dist/bundle/console.js', type: 'text/javascript; charset=utf-8' },
  'console.js.map': { path: 'dist/bundle/console.js.map', type: 'application/json; charset=utf-8' },
  'console.css': { path: 'static/console.css', type: 'text/css; charset=utf-8' },
  'favicon.svg': { path: 'static/favicon.svg', type: 'image/svg+xml' },
};

/**
 * No script, style or connection from anywhere but this origin; no framing; no
 * inline script (the page shell has none, and the token is never in it).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-cache');
}

/** The page shell every console path answers with (the script routes within it). */
export async function sendShell(reply: FastifyReply): Promise<FastifyReply> {
  const html = await readFile(WEB_ROOT + 'static/index.html', 'utf8');
  return securityHeaders(reply).type('text/html; charset=utf-8').send(html);
}

/** A known asset, or a 404 (also when the console was not built). */
export async function sendAsset(reply: FastifyReply, name: string): Promise<FastifyReply | null> {
  const asset = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name]! : null;
  if (!asset) return null;
  let body: Buffer;
  try {
    body = await readFile(WEB_ROOT + asset.path);
  } catch {
    return null;
  }
  return securityHeaders(reply).type(asset.type).send(body);
}
