import { createHash, timingSafeEqual } from 'node:crypto';
import { ControllerError } from './errors.js';

/** read: GET routes; write: submitting and stopping runs. */
export type Access = 'read' | 'write';

/** A token the API accepts, under a name that logs and run records show (never the token). */
export interface NamedToken {
  name: string;
  token: string;
  access: Access;
}

/** Who made a request: the name of the token it carried, and what that token may do. */
export interface Principal {
  name: string;
  access: Access;
}

export interface AuthOptions {
  /** May do everything (named "api-token"). */
  writeToken?: string;
  /** May only read (named "api-read-token"). */
  readToken?: string;
  /** Any number of named tokens, accepted at once (a team rotates by adding the new one, then removing the old). */
  tokens?: readonly NamedToken[];
  /** No tokens at all: anyone who reaches the port may do everything. */
  insecure?: boolean;
}

/** Shorter tokens are refused: a guessable token is no protection, and redacting it from logs would mangle them. */
export const MIN_TOKEN_LENGTH = 16;
/** The principal of every request when the API runs without tokens (--insecure). */
export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', access: 'write' });

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

interface Entry {
  name: string;
  access: Access;
  digest: Buffer;
}

/**
 * Bearer-token access to the API. Tokens are compared as SHA-256 digests with
 * timingSafeEqual, so neither their content nor their length leaks through timing;
 * every configured token is compared, so neither does which one matched.
 */
export class TokenAuth {
  private entries: Entry[];
  readonly open: boolean;

  constructor(options: AuthOptions) {
    this.entries = entriesOf(options);
    this.open = this.entries.length === 0;
  }

  /**
   * Replaces the accepted tokens at once (rotation: a SIGHUP re-reads the token files).
   * A list that would be refused at start is refused here too, and the old one stays;
   * an API that had tokens cannot become open, nor an open one closed.
   */
  reload(options: AuthOptions): void {
    const next = entriesOf({ ...options, insecure: this.open });
    if (this.open !== (next.length === 0))
      throw new ControllerError(
        'LF_ERR_REQUEST',
        'a reload cannot turn token checks on or off: restart the controller',
      );
    this.entries = next;
  }

  /** The names of the configured tokens, for the start-up log. */
  get names(): { name: string; access: Access }[] {
    return this.entries.map((e) => ({ name: e.name, access: e.access }));
  }

  /**
   * The principal of an `Authorization: Bearer …` header; throws LF_ERR_UNAUTHORIZED
   * (401) or LF_ERR_FORBIDDEN (403) unless it grants `needs`.
   */
  check(authorization: string | undefined, needs: Access): Principal {
    if (this.open) return ANONYMOUS;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) throw new ControllerError('LF_ERR_UNAUTHORIZED', 'missing bearer token (Authorization: Bearer <token>)');
    return this.grant(this.identify(m[1]!), needs);
  }

  /** The principal of a raw token (a console sign-in), or null when no configured token matches. */
  identify(token: string): Principal | null {
    if (this.open) return ANONYMOUS;
    const given = digest(token);
    let found: Entry | null = null;
    for (const e of this.entries) if (timingSafeEqual(given, e.digest) && found === null) found = e;
    return found && { name: found.name, access: found.access };
  }

  /** Throws unless `who` (null: no valid token) may do what `needs` asks. */
  grant(who: Principal | null, needs: Access): Principal {
    if (who === null) throw new ControllerError('LF_ERR_UNAUTHORIZED', 'invalid token');
    if (needs === 'write' && who.access !== 'write')
      throw new ControllerError('LF_ERR_FORBIDDEN', `the token "${who.name}" may only read`);
    return who;
  }
}

/**
 * Parses `name=token,name=token` (the --api-tokens and --api-read-tokens lists).
 * A bare token without a name is refused: every request must be attributable.
 */
export function parseNamedTokens(list: string, access: Access, what: string): NamedToken[] {
  const out: NamedToken[] = [];
  for (const item of list.split(/[,\n]/)) {
    const s = item.trim();
    if (s === '' || s.startsWith('#')) continue;
    const eq = s.indexOf('=');
    if (eq <= 0)
      throw new ControllerError('LF_ERR_REQUEST', `${what}: expected name=token, got an entry without a name`);
    out.push({ name: s.slice(0, eq).trim(), token: s.slice(eq + 1).trim(), access });
  }
  return out;
}

function entriesOf(options: AuthOptions): Entry[] {
  const named: NamedToken[] = [...(options.tokens ?? [])];
  if (options.writeToken) named.unshift({ name: 'api-token', token: options.writeToken, access: 'write' });
  if (options.readToken) named.push({ name: 'api-read-token', token: options.readToken, access: 'read' });
  const entries = checkTokens(named).map((t) => ({ name: t.name, access: t.access, digest: digest(t.token) }));
  if (!entries.some((e) => e.access === 'write') && !options.insecure) {
    throw new ControllerError(
      'LF_ERR_REQUEST',
      'no API token configured: set LOADFLEET_API_TOKEN (or --api-token-file, --api-tokens), or pass --insecure to serve without one',
    );
  }
  return entries;
}

function checkTokens(tokens: NamedToken[]): NamedToken[] {
  const names = new Set<string>();
  const values = new Set<string>();
  for (const t of tokens) {
    if (!NAME.test(t.name))
      throw new ControllerError(
        'LF_ERR_REQUEST',
        `token name "${t.name.slice(0, 64)}" is not a name (letters, digits, . _ @ -; at most 64)`,
      );
    if (names.has(t.name)) throw new ControllerError('LF_ERR_REQUEST', `two tokens are named "${t.name}"`);
    if (t.token.length < MIN_TOKEN_LENGTH)
      throw new ControllerError(
        'LF_ERR_REQUEST',
        `the token "${t.name}" is shorter than ${MIN_TOKEN_LENGTH} characters: use a random one (openssl rand -hex 16)`,
      );
    if (values.has(t.token)) throw new ControllerError('LF_ERR_REQUEST', `the token "${t.name}" is given twice`);
    names.add(t.name);
    values.add(t.token);
  }
  return tokens;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
