import { ConfigError, connectionSecrets, controllerSpec, infraUrls, loadSettings } from '@loadfleet/config';
import { createLogger } from '@loadfleet/log';
import { bindHttp } from './bind.js';
import { Controller, type ControllerOptions } from './controller.js';
import {
  allowlistFrom,
  authFrom,
  limitsFrom,
  reloadTokens,
  timingsFrom,
  tokenSecrets,
  tokensFrom,
} from './settings.js';

export { Controller, type ControllerOptions } from './controller.js';
export { RedisRunStore } from './redis-run-store.js';
export { NatsRunBus } from './nats-bus.js';
export { submissionFromBody, listQuery, checkRunId, mediaType, nestedDeeperThan } from './http/request.js';

/**
 * `loadfleet controller`: runs the farm's controller until SIGTERM/SIGINT and
 * resolves with the exit code. Prints one readiness line on stdout:
 * {"ready":true,"url":…,"port":…,"controllerId":…,"namespace":…}.
 */
export async function runController(argv: string[]): Promise<number> {
  const { settings, positional } = loadSettings(controllerSpec, argv);
  if (positional.length > 0)
    throw new ConfigError(`unexpected argument "${positional[0]}" (see loadfleet help controller)`);
  const tokens = tokensFrom(settings);
  const auth = authFrom(settings, tokens);
  if (settings.leaseTtl < 1000) throw new ConfigError(`--lease-ttl must be at least 1s (got ${settings.leaseTtl} ms)`);
  // The port first: a controller that cannot serve says so in one line (exit 2) and touches no run.
  const server = await bindHttp(settings.host, settings.port);
  const secrets = [...tokenSecrets(tokens), ...connectionSecrets()];
  const log = createLogger('controller', { level: settings.logLevel, secrets });
  if (settings.leaseTtl * 2 > settings.ownerTimeout)
    log.warn(
      { leaseTtl: settings.leaseTtl, ownerTimeout: settings.ownerTimeout },
      'the owner timeout is under twice the lease ttl: workers may stop a run before a standby controller takes it over',
    );
  if (auth.open) {
    const warning =
      'INSECURE: the API has no token; anyone who can reach it can start load against the allowed targets';
    log.warn(warning);
    process.stderr.write(`loadfleet controller: ${warning}\n`);
  }
  const options: ControllerOptions = {
    host: settings.host,
    port: settings.port,
    namespace: settings.namespace,
    ...infraUrls(),
    auth,
    allowlist: allowlistFrom(settings),
    limits: limitsFrom(settings),
    maxConcurrentRuns: settings.maxConcurrentRuns,
    bodyLimit: settings.bodyLimit,
    sessionTtlMs: settings.sessionTtl,
    secureCookies: settings.secureCookies,
    timings: timingsFrom(settings),
    leaseTtlMs: settings.leaseTtl,
    server,
    log,
  };
  const controller = await Controller.start(options);
  // Rotation without a restart: SIGHUP re-reads the tokens (flags, environment, token files).
  const reload = () => reloadTokens(settings, auth, secrets, log);
  process.on('SIGHUP', reload);
  process.stdout.write(
    `${JSON.stringify({ ready: true, url: controller.url, port: controller.port, controllerId: controller.id, namespace: settings.namespace })}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'shutting down');
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', reload);
      process.off('SIGINT', onInt);
      resolve();
    };
    const onTerm = () => stop('SIGTERM');
    const onInt = () => stop('SIGINT');
    process.once('SIGTERM', onTerm);
    process.once('SIGINT', onInt);
  });
  try {
    await controller.close();
    return 0;
  } catch {
    return 1;
  }
}
