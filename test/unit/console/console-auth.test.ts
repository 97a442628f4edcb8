// The console's sessions and CSRF rules, without a network: who a request is, by
// bearer header or by session cookie, and which cookie requests may change anything.
import { describe, expect, it } from 'vitest';
import {
  SESSION_COOKIE,
  SessionStore,
  authenticate,
  clearedSessionCookie,
  parseCookies,
  sessionCookie,
} from '@loadfleet/console';
import { ControllerError, TokenAuth } from '@loadfleet/controller';

const auth = new TokenAuth({
  tokens: [
    { name: 'alice', token: 'alice-token-0123456789', access: 'write' },
    { name: 'viewer', token: 'viewer-token-0123456789', access: 'read' },
  ],
});

function status(fn: () => unknown): number {
  try {
    fn();
    return 200;
  } catch (err) {
    return (err as ControllerError).status;
  }
}

describe('console sessions', () => {
  it('sets an httpOnly SameSite=Strict cookie with the session id only', () => {
    const c = sessionCookie('abc', { secure: false, maxAgeSeconds: 60 });
    expect(c).toBe('lf_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60');
    expect(sessionCookie('abc', { secure: true, maxAgeSeconds: 60 })).toMatch(/; Secure$/);
    expect(clearedSessionCookie(false)).toMatch(/^lf_session=; .*Max-Age=0/);
    expect(parseCookies('a=1; lf_session=xyz; b="q"').get(SESSION_COOKIE)).toBe('xyz');
  });

  it('expires sessions, and never holds more than its maximum', () => {
    let now = 0;
    const store = new SessionStore({ ttlMs: 1000, max: 2, now: () => now });
    const a = store.create({ name: 'a', access: 'read' });
    const b = store.create({ name: 'b', access: 'read' });
    const c = store.create({ name: 'c', access: 'read' });
    expect(store.get(a.id)).toBeNull(); // the oldest went
    expect(store.get(b.id)?.principal.name).toBe('b');
    now = 1000;
    expect(store.get(c.id)).toBeNull();
    expect(a.id).not.toBe(b.id);
    expect(a.csrf).not.toBe(a.id);
  });
});

describe('authenticate', () => {
  const sessions = new SessionStore({ ttlMs: 60_000 });
  const writer = sessions.create({ name: 'alice', access: 'write' });
  const reader = sessions.create({ name: 'viewer', access: 'read' });
  const host = '127.0.0.1:8080';
  const cookie = (id: string) => `${SESSION_COOKIE}=${id}`;

  it('a bearer header works exactly as before, and names the token', () => {
    const who = authenticate(
      auth,
      sessions,
      { method: 'POST', authorization: 'Bearer alice-token-0123456789' },
      'write',
    );
    expect(who).toMatchObject({ principal: { name: 'alice', access: 'write' }, via: 'bearer' });
    expect(
      status(() =>
        authenticate(auth, sessions, { method: 'GET', authorization: 'Bearer nope-0123456789abcdef' }, 'read'),
      ),
    ).toBe(401);
  });

  it('a session cookie reads without CSRF (an EventSource sends no header)', () => {
    const who = authenticate(auth, sessions, { method: 'GET', cookie: cookie(writer.id) }, 'read');
    expect(who).toMatchObject({ principal: { name: 'alice' }, via: 'session' });
    expect(status(() => authenticate(auth, sessions, { method: 'GET', cookie: cookie('forged') }, 'read'))).toBe(401);
    expect(status(() => authenticate(auth, sessions, { method: 'GET' }, 'read'))).toBe(401);
  });

  it('a cookie POST needs the CSRF token and this origin', () => {
    const post = {
      method: 'POST',
      cookie: cookie(writer.id),
      host,
      origin: `http://${host}`,
      fetchSite: 'same-origin',
    };
    expect(status(() => authenticate(auth, sessions, { ...post, csrf: writer.csrf }, 'write'))).toBe(200);
    expect(status(() => authenticate(auth, sessions, post, 'write'))).toBe(403);
    expect(status(() => authenticate(auth, sessions, { ...post, csrf: reader.csrf }, 'write'))).toBe(403);
    expect(
      status(() =>
        authenticate(auth, sessions, { ...post, csrf: writer.csrf, origin: 'http://evil.example' }, 'write'),
      ),
    ).toBe(403);
    expect(
      status(() => authenticate(auth, sessions, { ...post, csrf: writer.csrf, fetchSite: 'cross-site' }, 'write')),
    ).toBe(403);
    expect(status(() => authenticate(auth, sessions, { ...post, csrf: writer.csrf, origin: 'null' }, 'write'))).toBe(
      403,
    );
  });

  it('a read-only session gets 403 on anything that writes, even with its CSRF token', () => {
    const post = { method: 'POST', cookie: cookie(reader.id), host, origin: `http://${host}`, csrf: reader.csrf };
    expect(status(() => authenticate(auth, sessions, post, 'write'))).toBe(403);
    expect(authenticate(auth, sessions, { method: 'GET', cookie: cookie(reader.id) }, 'read').principal.name).toBe(
      'viewer',
    );
  });
});
