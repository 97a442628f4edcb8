import cluster from 'node:cluster';
import { chatServerSpec, ConfigError, describeSettings, loadSettings } from '@loadfleet/config';
import { createLogger } from '@loadfleet/log';
import { wireOf } from './common.js';
import { ListenError, StartupError } from './errors.js';
import { runPrimary } from './primary.js';
import { runSingle } from './single.js';
import { runWorker } from './worker.js';

export type { ChatServerSettings, ReadyLine } from './common.js';
export type { StatsDocument, WireStatsDocument } from './http.js';
export { ListenError, StartupError } from './errors.js';

const USAGE = `usage: loadfleet chat-server [--port 7000] [--http-port 7001] [--procs N] [--wire chat|im-lite] [--ws-port P] ...
The reference chat server (the system under test): the chat protocol on --port
(and over WebSocket on --ws-port), /stats, /metrics and /healthz on --http-port.
Every process accepts on the same port(s). --extra-latency and --drop-rate make it
a slower or lossier release on purpose (for comparing runs).

${describeSettings(chatServerSpec)}
`;

/**
 * Runs the reference chat server until SIGTERM/SIGINT; resolves with the exit
 * code. With --procs 1 it runs in this process; otherwise this process becomes
 * the cluster primary and its workers re-run main.js with the same arguments.
 * Prints one readiness line on stdout:
 * {"ready":true,"port":…,"wsPort":…,"httpPort":…,"procs":…,"wire":…,"pids":[…]}.
 * A start-up failure (a bad option, a port in use) is one line on stderr and
 * exit code 2, with every process of the server gone.
 */
export async function runChatServer(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const { settings } = loadSettings(chatServerSpec, argv);
    wireOf(settings);
    if ((settings.tlsCert === '') !== (settings.tlsKey === '')) {
      throw new ConfigError('--tls-cert and --tls-key go together');
    }
    const log = createLogger('chat-server', { level: settings.logLevel });
    if (cluster.isWorker) return await runWorker(settings, log.child({ worker: cluster.worker!.id }));
    if (settings.procs === 1) await runSingle(settings, log);
    else await runPrimary(settings, argv, log);
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError || err instanceof ListenError || err instanceof StartupError)) throw err;
    // A worker's failure is said once, by its primary.
    if (!cluster.isWorker) process.stderr.write(`loadfleet chat-server: ${err.message}\n`);
    return 2;
  }
}
