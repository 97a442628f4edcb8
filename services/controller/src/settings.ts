import { readFileSync } from 'node:fs';
import { ConfigError, controllerSpec, type SettingsOf } from '@loadfleet/config';
import { TargetAllowlist, TokenAuth, type CapacityLimits, type FarmRunTimings } from '@loadfleet/controller';

export type ControllerSettings = SettingsOf<typeof controllerSpec>;

/** The tokens from the flags/env or from their files (the logger scrubs them). */
export function tokensFrom(s: ControllerSettings): { writeToken: string; readOnly: string } {
  return {
    writeToken: s.apiToken || readToken(s.apiTokenFile, '--api-token-file'),
    readOnly: s.apiReadToken || readToken(s.apiReadTokenFile, '--api-read-token-file'),
  };
}

/** Bearer-token access; refuses to go on with no token unless --insecure. */
export function authFrom(s: ControllerSettings, tokens = tokensFrom(s)): TokenAuth {
  const { writeToken, readOnly } = tokens;
  if (!writeToken && !s.insecure) {
    throw new ConfigError(
      'no API token: set LOADFLEET_API_TOKEN or --api-token-file (and LOADFLEET_API_READ_TOKEN for read-only clients), ' +
        'or pass --insecure to let anyone who reaches the port start load',
    );
  }
  if (writeToken && readOnly && writeToken === readOnly)
    throw new ConfigError('the read-only token must differ from the submitting token');
  return new TokenAuth({ writeToken, readToken: readOnly, insecure: s.insecure });
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
