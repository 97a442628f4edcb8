// Hosts on this machine as Linux network namespaces (iproute2 `ip netns`, veth, a bridge).
//
//   const lab = createLab({ hosts: [{ name: 'svc' }, { name: 'gen1', addresses: 2 }] });
//   lab.addressesOf('gen1')             // ['10.231.57.2', '10.231.57.3']
//   spawn(...lab.command('gen1', process.execPath, [main, ...args]))
//   lab.destroy()                       // every process in its namespaces, the namespaces, its links
//
// The layout: one namespace per host with one veth `eth0` carrying its addresses
// (a /24 of 10.231.0.0/16), all plugged into a bridge that lives in a namespace of its
// own (the "switch"), and one veth from the root namespace onto the switch (the
// operator: the test or benchmark process that calls the APIs). No namespace has a
// default route and the root namespace does not forward, so traffic stays on this box.
//
// Every name starts with `lfh<pid>` (`lfh<pid>-<lab>-<host>` namespaces; the one root
// link `lfh<pid>o<lab>`), so parallel runs never collide, and a run removes only what it
// made. Deleting a namespace deletes the veth ends in it and their peers; the processes
// still inside are killed first (by the PIDs `ip netns pids` lists), since a namespace
// with a process in it outlives `ip netns del`.
import { execFileSync } from 'node:child_process';

const PREFIX = 'lfh';
const NET = '10.231';

let labCount = 0;
const liveLabs = new Set<Lab>();
let exitHook = false;

function ip(args: string[], { input }: { input?: string } = {}): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input });
}

function tryIp(args: string[]): string | null {
  try {
    return ip(args);
  } catch {
    return null;
  }
}

/** Namespace names `ip netns list` shows. */
export function listNamespaces(): string[] {
  const out = tryIp(['netns', 'list']) ?? '';
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter((n): n is string => Boolean(n));
}

/** Link names in the root namespace. */
export function listRootLinks(): string[] {
  const out = tryIp(['-o', 'link', 'show']) ?? '';
  return out
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1])
    .filter((n): n is string => Boolean(n));
}

/** What is left with this name prefix (namespaces, root links): both empty after a clean run. */
export function leftovers(prefix: string): { namespaces: string[]; links: string[] } {
  return {
    namespaces: listNamespaces().filter((n) => n.startsWith(prefix)),
    links: listRootLinks().filter((n) => n.startsWith(prefix)),
  };
}

/** The prefix of everything this process makes. */
export const processPrefix = () => `${PREFIX}${process.pid}`;

/**
 * Whether this process may create network namespaces, veths and bridges, and run a
 * command in one under a host name of its own, here: `{ ok: true }` or
 * `{ ok: false, reason }` (the command that failed and what it said). It really does
 * each, and removes what it made.
 */
export function netnsSupport(): { ok: true } | { ok: false; reason: string } {
  const name = `${processPrefix()}-probe`;
  const step = (what: string, args: string[]) => {
    try {
      ip(args);
      return null;
    } catch (e) {
      const err = e as { stderr?: string | Buffer; message?: string; status?: number };
      const said = (err.stderr || err.message || '').toString().trim().split('\n')[0];
      return `\`ip ${args.join(' ')}\` (${what}) failed: ${said || `exit ${err.status}`}`;
    }
  };
  try {
    const fail =
      step('network namespaces', ['netns', 'add', name]) ??
      step('bridges', ['-n', name, 'link', 'add', 'br0', 'type', 'bridge']) ??
      step('veth pairs', ['-n', name, 'link', 'add', 'a0', 'type', 'veth', 'peer', 'name', 'b0']) ??
      step('a host name of its own', ['netns', 'exec', name, 'unshare', '--uts', '--', 'hostname', 'probe']);
    return fail ? { ok: false, reason: fail } : { ok: true };
  } finally {
    tryIp(['netns', 'del', name]);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what an earlier run of this module left behind when its process was killed
 * outright (SIGKILL: no exit hook ran): namespaces and root links named `lfh<pid>…`
 * whose process is gone. Returns what it removed.
 */
export function sweepDeadRuns(): string[] {
  const removed: string[] = [];
  const deadPid = (name: string) => {
    const m = /^lfh(\d+)[-o]/.exec(name);
    return m !== null && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]));
  };
  for (const ns of listNamespaces().filter(deadPid)) {
    killNamespaceProcesses(ns);
    if (tryIp(['netns', 'del', ns]) !== null) removed.push(ns);
  }
  for (const link of listRootLinks().filter(deadPid)) {
    if (tryIp(['link', 'del', link]) !== null) removed.push(link);
  }
  return removed;
}

function namespacePids(ns: string): number[] {
  const out = tryIp(['netns', 'pids', ns]) ?? '';
  return out.split(/\s+/).filter(Boolean).map(Number);
}

/** SIGKILLs every process inside `ns` (ours: the namespace is), waiting up to ~2 s for them to go. */
function killNamespaceProcesses(ns: string): void {
  for (let round = 0; round < 40; round++) {
    const pids = namespacePids(ns);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    execFileSync('sleep', ['0.05']);
  }
}

/**
 * Connections by peer address from `ss -Htn state established …` output (columns
 * Recv-Q Send-Q Local:Port Peer:Port; IPv6 peers in brackets).
 */
export function countPeers(ssOutput: string): Record<string, number> {
  const byAddress: Record<string, number> = {};
  for (const line of ssOutput.split('\n')) {
    const peer = line.trim().split(/\s+/).at(-1);
    const m = peer && /^\[?([0-9a-fA-F.:]+?)\]?:(\d+|\*)$/.exec(peer);
    if (m) byAddress[m[1]!] = (byAddress[m[1]!] ?? 0) + 1;
  }
  return byAddress;
}

/** A /24 of 10.231.0.0/16 that no route or address of the root namespace touches. */
function freeSubnet() {
  const used = (tryIp(['-4', 'route', 'show', 'table', 'all']) ?? '') + (tryIp(['-4', 'addr', 'show']) ?? '');
  const start = Math.floor(Math.random() * 250);
  for (let i = 0; i < 250; i++) {
    const x = 1 + ((start + i) % 250);
    if (!used.includes(`${NET}.${x}.`)) return `${NET}.${x}`;
  }
  throw new Error(`no free /24 in ${NET}.0.0/16`);
}

/**
 * Builds the hosts: `hosts` = [{ name, addresses = 1 }] (names: letters and digits, ≤ 8).
 * Addresses are handed out in order from .1; the operator (root namespace) is .254.
 * Throws (after removing what it made) if any step fails.
 */
/** A host to build: letters and digits, ≤ 8; `addresses` (1 by default). */
export interface HostSpec {
  name: string;
  addresses?: number;
}

export function createLab({ hosts }: { hosts: HostSpec[] }): Lab {
  const lab = new Lab(`${processPrefix()}-${++labCount}`, `${processPrefix()}o${labCount}`);
  liveLabs.add(lab);
  if (!exitHook) {
    exitHook = true;
    // A last resort when the caller never reached its own cleanup (an uncaught error, process.exit).
    process.once('exit', () => {
      for (const l of liveLabs) l.destroy();
    });
  }
  try {
    lab.build(hosts);
  } catch (err) {
    lab.destroy();
    throw err;
  }
  return lab;
}

export class Lab {
  subnet = '';
  operatorAddress = '';
  readonly switchNs: string;
  /** host name → { ns, addresses } */
  readonly hosts = new Map<string, { ns: string; addresses: string[] }>();
  made: { namespaces: string[]; links: string[] } = { namespaces: [], links: [] };
  constructor(
    readonly prefix: string,
    readonly operatorLink: string,
  ) {
    this.switchNs = `${prefix}-sw`;
  }

  build(hosts: HostSpec[]): void {
    for (const h of hosts) {
      if (!/^[a-z][a-z0-9]{0,7}$/.test(h.name)) throw new Error(`bad host name ${h.name}`);
    }
    // Two parallel runs could pick the same free /24 at once: the second to add its
    // operator route sees two and tries another.
    for (let attempt = 0; ; attempt++) {
      this.subnet = freeSubnet();
      this.operatorAddress = `${this.subnet}.254`;
      this.addNamespace(this.switchNs);
      ip(['-n', this.switchNs, 'link', 'add', 'br0', 'type', 'bridge']);
      ip(['-n', this.switchNs, 'link', 'set', 'br0', 'up']);
      ip(['link', 'add', this.operatorLink, 'type', 'veth', 'peer', 'name', 'op', 'netns', this.switchNs]);
      this.made.links.push(this.operatorLink);
      ip(['link', 'set', this.operatorLink, 'up']);
      ip(['-n', this.switchNs, 'link', 'set', 'op', 'master', 'br0', 'up']);
      ip(['addr', 'add', `${this.operatorAddress}/24`, 'dev', this.operatorLink]);
      const routes = (tryIp(['-4', 'route', 'show', `${this.subnet}.0/24`]) ?? '').trim().split('\n');
      if (routes.length === 1 || attempt >= 5) break;
      this.teardown();
      this.made = { namespaces: [], links: [] };
    }
    let next = 1;
    hosts.forEach((h, i) => {
      const ns = `${this.prefix}-${h.name}`;
      this.addNamespace(ns);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      const port = `p${i}`;
      ip(['link', 'add', 'name', 'eth0', 'netns', ns, 'type', 'veth', 'peer', 'name', port, 'netns', this.switchNs]);
      ip(['-n', this.switchNs, 'link', 'set', port, 'master', 'br0', 'up']);
      const addresses: string[] = [];
      for (let k = 0; k < (h.addresses ?? 1); k++) {
        if (next >= 254) throw new Error('more than 253 addresses');
        const a = `${this.subnet}.${next++}`;
        ip(['-n', ns, 'addr', 'add', `${a}/24`, 'dev', 'eth0']);
        addresses.push(a);
      }
      ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
      this.hosts.set(h.name, { ns, addresses });
    });
  }

  addNamespace(ns: string): void {
    ip(['netns', 'add', ns]);
    this.made.namespaces.push(ns);
  }

  host(name: string): { ns: string; addresses: string[] } {
    const h = this.hosts.get(name);
    if (!h) throw new Error(`no host ${name} in ${this.prefix}`);
    return h;
  }

  /** The host's addresses (the first is its main one). */
  addressesOf(name: string): string[] {
    return this.host(name).addresses;
  }

  /** The namespace of a host. */
  namespaceOf(name: string): string {
    return this.host(name).ns;
  }

  /**
   * `[file, args]` for spawn: `cmd args` run inside the host's namespace, in its own UTS
   * namespace with the host's name as hostname (so worker ids and the report's hosts
   * read gen1, gen2, …). Every step execs the next, so the spawned PID is `cmd`'s own.
   */
  command(name: string, cmd: string, args: string[]): [string, string[]] {
    return [
      'ip',
      [
        'netns',
        'exec',
        this.namespaceOf(name),
        'unshare',
        '--uts',
        '--',
        'sh',
        '-c',
        'hostname "$0" && exec "$@"',
        name,
        cmd,
        ...args,
      ],
    ];
  }

  /** Runs a short command in the host's namespace and returns its stdout. */
  exec(name: string, cmd: string, args: string[]): string {
    return execFileSync('ip', ['netns', 'exec', this.namespaceOf(name), cmd, ...args], { encoding: 'utf8' });
  }

  /**
   * Peers of the TCP connections established to `port` on the host, counted by peer
   * address (what `ss` sees in that namespace).
   */
  peersOf(name: string, port: number): Record<string, number> {
    return countPeers(this.exec(name, 'ss', ['-Htn', 'state', 'established', `( sport = :${port} )`]));
  }

  /** PIDs of the processes in the host's namespace. */
  pidsOf(name: string): number[] {
    return namespacePids(this.namespaceOf(name));
  }

  /** Bytes received and sent on the host's link so far. */
  linkBytes(name: string): { rx: number; tx: number } {
    const [link] = JSON.parse(ip(['-n', this.namespaceOf(name), '-s', '-j', 'link', 'show', 'eth0'])) as {
      stats64: { rx: { bytes: number }; tx: { bytes: number } };
    }[];
    if (!link) throw new Error(`no eth0 in ${this.namespaceOf(name)}`);
    return { rx: link.stats64.rx.bytes, tx: link.stats64.tx.bytes };
  }

  /** Kills every process in the lab's namespaces, deletes them and the operator link. Idempotent. */
  destroy(): void {
    this.teardown();
    liveLabs.delete(this);
  }

  teardown(): void {
    for (const ns of [...this.made.namespaces].reverse()) killNamespaceProcesses(ns);
    for (const ns of [...this.made.namespaces].reverse()) tryIp(['netns', 'del', ns]);
    // Gone with its peer in the switch namespace; deleted here in case the switch never got it.
    for (const link of this.made.links) if (listRootLinks().includes(link)) tryIp(['link', 'del', link]);
    this.made = { namespaces: [], links: [] };
  }

  /** What is left of this lab (both lists empty once destroyed). */
  leftovers(): { namespaces: string[]; links: string[] } {
    return {
      namespaces: listNamespaces().filter((n) => n.startsWith(`${this.prefix}-`)),
      links: listRootLinks().filter((n) => n === this.operatorLink),
    };
  }
}
