import { randomBytes } from 'node:crypto';
import type { Principal } from '@loadfleet/controller';

/** A signed-in browser: who (the token's name and access, never the token) and its CSRF token. */
export interface Session {
  readonly id: string;
  readonly principal: Principal;
  /** Sent back by the page in X-CSRF-Token on every POST. */
  readonly csrf: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface SessionStoreOptions {
  ttlMs: number;
  /** Most sessions held; the oldest goes first (a flood of sign-ins cannot grow memory without bound). */
  max?: number;
  now?: () => number;
}

const DEFAULT_MAX = 10_000;

/** 256 random bits, URL-safe: unguessable, and nothing in it to escape in a cookie or a header. */
export function randomId(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The console's sessions, in the controller's memory: a restart signs everyone out,
 * which costs a sign-in and keeps no credential anywhere but in the browser's cookie.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(o: SessionStoreOptions) {
    this.ttlMs = o.ttlMs;
    this.max = o.max ?? DEFAULT_MAX;
    this.now = o.now ?? Date.now;
  }

  create(principal: Principal): Session {
    const now = this.now();
    const s: Session = {
      id: randomId(),
      principal: { name: principal.name, access: principal.access },
      csrf: randomId(),
      createdAt: now,
      expiresAt: now + this.ttlMs,
    };
    // Map iteration is insertion order: the first key is the oldest session.
    while (this.sessions.size >= this.max) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(s.id, s);
    return s;
  }

  /** The live session of that id, or null (unknown, or expired: then it is dropped). */
  get(id: string | undefined): Session | null {
    if (!id) return null;
    const s = this.sessions.get(id);
    if (!s) return null;
    if (this.now() >= s.expiresAt) {
      this.sessions.delete(id);
      return null;
    }
    return s;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  get ttlSeconds(): number {
    return Math.floor(this.ttlMs / 1000);
  }
}
