import { readFileSync } from 'node:fs';
import type { Logger } from '@loadfleet/log';
import { ConfigError, controllerSpec, type SettingsOf } from '@loadfleet/config';
import {
  ControllerError,
  TargetAllowlist,
  TokenAuth,
  parseNamedTokens,
  type CapacityLimits,
  type FarmRunTimings,
  type NamedToken,
} from '@loadfleet/controller';

export type ControllerSettings = SettingsOf<typeof controllerSpec>;

export interface Tokens {
  writeToken: string;
  readOnly: string;
  named: NamedToken[];
}

/** The tokens from the flags/env or from their files (the logger scrubs them). */
export function tokensFrom(s: ControllerSettings): Tokens {
  const named = (list: string, file: string, access: 'read' | 'write', flag: string) =>
    configError(() => [
      ...parseNamedTokens(list, access, flag),
      ...parseNamedTokens(readToken(file, `${flag}-file`), access, `${flag}-file`),
    ]);
  return {
    writeToken: s.apiToken || readToken(s.apiTokenFile, '--api-token-file'),
    readOnly: s.apiReadToken || readToken(s.apiReadTokenFile, '--api-read-token-file'),
    named: [
      ...named(s.apiTokens, s.apiTokensFile, 'write', '--api-tokens'),
      ...named(s.apiReadTokens, s.apiReadTokensFile, 'read', '--api-read-tokens'),
    ],
  };
}

/** Every token's value, for the logger to redact. */
export function tokenSecrets(t: Tokens): string[] {
  return [t.writeToken, t.readOnly, ...t.named.map((n) => n.token)].filter((v) => v !== '');
}

/** Bearer-token access; refuses to go on with no token unless --insecure. */
export function authFrom(s: ControllerSettings, tokens = tokensFrom(s)): TokenAuth {
  const { writeToken, readOnly, named } = tokens;
  if (!writeToken && !named.some((t) => t.access === 'write') && !s.insecure) {
    throw new ConfigError(
      'no API token: set LOADFLEET_API_TOKEN or --api-token-file (or named tokens with --api-tokens), ' +
        'and LOADFLEET_API_READ_TOKEN for read-only clients, or pass --insecure to let anyone who reaches the port start load',
    );
  }
  if (writeToken && readOnly && writeToken === readOnly)
    throw new ConfigError('the read-only token must differ from the submitting token');
  return configError(() => new TokenAuth({ writeToken, readToken: readOnly, tokens: named, insecure: s.insecure }));
}

/** A bad token setting is a configuration error (exit 2), said in one line. */
function configError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ControllerError) throw new ConfigError(err.message, { cause: err });
    throw err;
  }
}

/**
 * SIGHUP: the tokens read again, accepted at once (the old ones, if still listed, go on
 * working), their values added to what the logger scrubs. A bad list is logged and the
 * tokens in use stay.
 */
export function reloadTokens(s: ControllerSettings, auth: TokenAuth, secrets: string[], log: Logger): void {
  try {
    const t = tokensFrom(s);
    configError(() => auth.reload({ writeToken: t.writeToken, readToken: t.readOnly, tokens: t.named }));
    for (const v of tokenSecrets(t)) if (!secrets.includes(v)) secrets.push(v);
    log.info({ tokens: auth.names }, 'API tokens reloaded');
  } catch (err) {
    log.error({ err: (err as Error).message }, 'API tokens not reloaded; the tokens in use stay');
  }
}

export function allowlistFrom(s: ControllerSettings): TargetAllowlist {
  try {
    return new TargetAllowlist(s.allowedTargets);
  } catch (err) {
    throw new ConfigError(`--allowed-targets: ${(err as Error).message}`, { cause: err });
  }
}

export function limitsFrom(s: ControllerSettings): CapacityLimits {
  return { maxUsers: s.maxUsers, capacityFactor: s.capacityFactor };
}

export function timingsFrom(s: ControllerSettings): Partial<FarmRunTimings> {
  return {
    startDelayMs: s.startDelay,
    gracefulStopMs: s.gracefulStop,
    workerDoneTimeoutMs: s.workerDoneTimeout,
    reportTimeoutMs: s.reportTimeout,
    reportGraceMs: s.reportGrace,
    ownerTimeoutMs: s.ownerTimeout,
  };
}

function readToken(file: string, flag: string): string {
  if (!file) return '';
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new ConfigError(`${flag}: cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}
