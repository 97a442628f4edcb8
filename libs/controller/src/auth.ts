import { createHash, timingSafeEqual } from 'node:crypto';
import { ControllerError } from './errors.js';

/** read: GET routes; write: submitting and stopping runs. */
export type Access = 'read' | 'write';

export interface AuthOptions {
  /** May do everything. */
  writeToken?: string;
  /** May only read. */
  readToken?: string;
  /** No tokens at all: anyone who reaches the port may do everything. */
  insecure?: boolean;
}

/**
 * Bearer-token access to the API. Tokens are compared as SHA-256 digests with
 * timingSafeEqual, so neither their content nor their length leaks through timing.
 */
export class TokenAuth {
  private readonly write: Buffer | null;
  private readonly read: Buffer | null;
  readonly open: boolean;

  constructor(options: AuthOptions) {
    this.write = options.writeToken ? digest(options.writeToken) : null;
    this.read = options.readToken ? digest(options.readToken) : null;
    if (!this.write && !options.insecure) {
      throw new ControllerError(
        'LF_ERR_REQUEST',
        'no API token configured: set LOADFLEET_API_TOKEN (or --api-token-file), or pass --insecure to serve without one',
      );
    }
    this.open = !this.write;
  }

  /** Throws LF_ERR_UNAUTHORIZED (401) or LF_ERR_FORBIDDEN (403) unless the header grants `needs`. */
  check(authorization: string | undefined, needs: Access): void {
    if (this.open) return;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) throw new ControllerError('LF_ERR_UNAUTHORIZED', 'missing bearer token (Authorization: Bearer <token>)');
    const given = digest(m[1]!);
    if (timingSafeEqual(given, this.write!)) return;
    if (this.read && timingSafeEqual(given, this.read)) {
      if (needs === 'read') return;
      throw new ControllerError('LF_ERR_FORBIDDEN', 'this token may only read');
    }
    throw new ControllerError('LF_ERR_UNAUTHORIZED', 'invalid token');
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
