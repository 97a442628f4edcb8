import type { CapacityLimit, WorkerFacts } from './worker-capacity.js';

const n = (x: number) => x.toLocaleString('en-US');

/** The setting that raises a limit, said so an operator can act on it. */
export function remedyFor(limit: CapacityLimit, f: Pick<WorkerFacts, 'openFiles' | 'openFilesHard' | 'procs'>): string {
  switch (limit) {
    case 'open files': {
      const hard = f.openFilesHard ?? null;
      const raise =
        hard !== null && f.openFiles !== null && hard > f.openFiles
          ? `run \`ulimit -n ${hard}\` in the shell that starts the worker (the hard limit), or`
          : 'raise the hard limit as root:';
      return (
        `${raise} a \`nofile\` line in /etc/security/limits.conf (LimitNOFILE= for a systemd unit, ` +
        `--ulimit nofile= for docker); or hold the same users with more worker processes (--procs)`
      );
    }
    case 'file-max':
      return 'as root: `sysctl -w fs.file-max=<more>` (and fs.file-max in /etc/sysctl.conf to keep it)';
    case 'ports':
      return (
        'give the worker more source addresses (`--source-ips 127.0.0.2-127.0.0.40`; each adds a port range), ' +
        'or widen the range as root: `sysctl -w net.ipv4.ip_local_port_range="1024 65535"`'
      );
    case 'memory':
      return `more RAM, fewer worker processes on this host (now ${n(f.procs)}), or a larger --memory-budget`;
    case 'ceiling':
      return 'run more worker processes (--procs, one per core) or more workers';
    case 'configured':
      return 'a larger --capacity';
  }
}
