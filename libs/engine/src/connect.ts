import type { Target } from '@loadfleet/scenario';
import type { ConnectFailure } from './metrics.js';
import { Random, cumulativeWeights } from './random.js';

/** Maps a socket error to the reason it is counted under. */
export function classifyConnectError(err: NodeJS.ErrnoException): ConnectFailure {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'EADDRNOTAVAIL':
      return 'addrnotavail';
    case 'EADDRINUSE':
      return 'addrinuse';
    case 'EMFILE':
    case 'ENFILE':
      return 'emfile';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unreachable';
    default:
      break;
  }
  if (err.code?.startsWith('ERR_SSL') || err.code?.startsWith('ERR_TLS') || /certificate|ssl|tls/i.test(err.message)) {
    return 'tls';
  }
  return 'other';
}

/** Picks targets by weight and source addresses in rotation. */
export class Endpoints {
  private readonly cumulative: number[];
  private nextSource = 0;

  constructor(
    readonly targets: readonly Target[],
    readonly sources: readonly string[],
    private readonly rng: Random,
  ) {
    this.cumulative = cumulativeWeights(targets.map((t) => t.weight));
  }

  target(fixed: number): Target {
    return this.targets[fixed >= 0 ? fixed : this.targets.length === 1 ? 0 : this.rng.pick(this.cumulative)]!;
  }

  /** The next source address in rotation, or undefined when the OS chooses. */
  source(): string | undefined {
    if (this.sources.length === 0) return undefined;
    const s = this.sources[this.nextSource]!;
    this.nextSource = (this.nextSource + 1) % this.sources.length;
    return s;
  }
}
