import cluster from 'node:cluster';
import { chatServerSpec, ConfigError, describeSettings, loadSettings } from '@loadfleet/config';
import { createLogger } from '@loadfleet/log';
import { runPrimary } from './primary.js';
import { runSingle } from './single.js';
import { runWorker } from './worker.js';

export type { ChatServerSettings } from './common.js';

const USAGE = `usage: loadfleet chat-server [--port 7000] [--http-port 7001] [--procs N] ...
The reference chat server (the system under test): the chat protocol on --port,
/stats, /metrics and /healthz on --http-port. --extra-latency and --drop-rate make it
a slower or lossier release on purpose (for comparing runs).

${describeSettings(chatServerSpec)}
`;
export type { StatsDocument } from './http.js';

/**
 * Runs the reference chat server until SIGTERM/SIGINT. With --procs 1 it runs
 * in this process; otherwise this process becomes the cluster primary and its
 * workers re-run main.js with the same arguments. Prints one readiness line
 * on stdout: {"ready":true,"port":…,"httpPort":…,"procs":…,"pids":[…]}.
 */
export async function runChatServer(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const { settings } = loadSettings(chatServerSpec, argv);
  const log = createLogger('chat-server', { level: settings.logLevel });
  if ((settings.tlsCert === '') !== (settings.tlsKey === '')) {
    throw new ConfigError('--tls-cert and --tls-key go together');
  }
  if (cluster.isWorker) return runWorker(settings, log.child({ worker: cluster.worker!.id }));
  if (settings.procs === 1) return runSingle(settings, log);
  return runPrimary(settings, argv, log);
}
