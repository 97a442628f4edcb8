import { isIP } from 'node:net';
import type { Checker, Fields } from './check.js';
import { readNamedFile, type FileAccess } from './files.js';
import type { Target, TlsOptions, Transport } from './plan.js';
import { indexPath } from './paths.js';
import type { YNode } from './source.js';

const ADDRESS = 'an address host:port or transport://host:port (e.g. 127.0.0.1:7000, ws://127.0.0.1:7002/chat)';
const TRANSPORTS: readonly Transport[] = ['tcp', 'tls', 'ws', 'wss'];
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*$/;
const MAX_TARGETS = 1_000;
/** Bound on the expanded source-address list: a typo in a range must not make millions. */
const MAX_SOURCE_ADDRESSES = 65_536;

/** `target: host:port` or `targets: [...]`: exactly one of the two. */
export function readTargets(c: Checker, io: FileAccess, top: Fields): Target[] {
  const one = top.get('target');
  const many = top.get('targets');
  if (one && many) {
    c.fail(one, top.at('target'), 'give either target or targets, not both');
    return [];
  }
  if (one) {
    const addr = parseAddress(c, one, top.at('target'));
    return addr ? [withTransport(addr, 1, null)] : [];
  }
  if (!many)
    return (
      c.fail(top.node, 'targets', `missing required field (expected a list of targets, or target: host:port)`),
      []
    );
  const items = c.list(many, top.at('targets'), 'a list of targets') ?? [];
  if (items.length > MAX_TARGETS) c.fail(many, top.at('targets'), `too many targets (the limit is ${MAX_TARGETS})`);
  const out: Target[] = [];
  items.forEach((item, i) => {
    const t = readTarget(c, io, item, indexPath(top.at('targets'), i));
    if (t) out.push(t);
  });
  return out;
}

function readTarget(c: Checker, io: FileAccess, node: YNode, path: string): Target | undefined {
  if (node.kind === 'scalar') {
    const addr = parseAddress(c, node, path);
    return addr && withTransport(addr, 1, null);
  }
  const f = c.fields(node, path, ['address', 'weight', 'tls'], `${ADDRESS} or {address, weight, tls}`);
  if (!f) return undefined;
  const a = f.req('address', ADDRESS);
  const addr = a && parseAddress(c, a, f.at('address'));
  const weight = f.opt('weight', 1, (n, p) => c.num(n, p, { gt: 0, max: 1e6 }));
  const tls = f.opt<TlsOptions | null>('tls', null, (n, p) => readTls(c, io, n, p));
  if (!addr || weight === undefined || tls === undefined) return undefined;
  if (tls && (addr.transport === 'tcp' || addr.transport === 'ws') && addr.explicit) {
    return c.fail(f.get('tls')!, f.at('tls'), `tls options need a tls:// or wss:// address, not ${addr.transport}://`);
  }
  return withTransport(addr, weight, tls);
}

interface Address {
  host: string;
  port: number;
  transport: Transport;
  path: string;
  /** The transport was written (tcp://); without it, `tls:` options make a plain address TLS. */
  explicit: boolean;
}

/** An address with its weight and TLS options: a plain address with TLS options is TLS. */
function withTransport(a: Address, weight: number, tls: TlsOptions | null): Target {
  const secure = a.transport === 'tls' || a.transport === 'wss' || tls !== null;
  const transport: Transport =
    a.transport === 'ws' || a.transport === 'wss' ? (secure ? 'wss' : 'ws') : secure ? 'tls' : 'tcp';
  return {
    host: a.host,
    port: a.port,
    weight,
    transport,
    path: a.path,
    tls: secure ? (tls ?? { rejectUnauthorized: true }) : null,
  };
}

function readTls(c: Checker, io: FileAccess, node: YNode, path: string): TlsOptions | null | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'boolean')
    return node.value ? { rejectUnauthorized: true } : null;
  const f = c.fields(
    node,
    path,
    ['servername', 'rejectUnauthorized', 'ca'],
    'true, false or {servername, rejectUnauthorized, ca}',
  );
  if (!f) return undefined;
  const tls: TlsOptions = { rejectUnauthorized: true };
  const servername = f.opt('servername', undefined, (n, p) => c.str(n, p, 'a host name', HOSTNAME));
  if (servername !== undefined) tls.servername = servername;
  const reject = f.opt('rejectUnauthorized', true, (n, p) => c.bool(n, p));
  if (reject === undefined) return undefined;
  tls.rejectUnauthorized = reject;
  const caNode = f.get('ca');
  if (caNode) {
    const ca = readNamedFile(c, io, caNode, f.at('ca'));
    if (!ca) return undefined;
    if (!ca.text.includes('-----BEGIN CERTIFICATE-----'))
      return c.fail(caNode, f.at('ca'), `expected PEM certificates in ${ca.display}`);
    tls.ca = ca.text;
  }
  return tls;
}

/** `host:port`, `[v6]:port`, `ws://host:port/path`, `tls://host:port`. */
function parseAddress(c: Checker, node: YNode, path: string): Address | undefined {
  const s = c.str(node, path, ADDRESS);
  if (s === undefined) return undefined;
  const m = /^(?:([a-z]+):\/\/)?(?:\[([0-9A-Fa-f:.]+)\]|([^:\s/]+)):(\d{1,5})(\/[^\s]*)?$/.exec(s);
  const scheme = m?.[1];
  const host = m ? (m[2] ?? m[3]!) : '';
  const port = m ? Number(m[4]) : 0;
  const hostOk = m?.[2] ? isIP(host) === 6 : isIP(host) === 4 || HOSTNAME.test(host);
  if (!m || !hostOk || port < 1 || port > 65_535) return c.expected(node, path, ADDRESS);
  if (scheme !== undefined && !(TRANSPORTS as readonly string[]).includes(scheme)) {
    return c.fail(node, path, `unknown transport "${scheme}"; expected one of ${TRANSPORTS.join(', ')}`);
  }
  const transport = (scheme ?? 'tcp') as Transport;
  const ws = transport === 'ws' || transport === 'wss';
  if (m[5] && !ws) return c.fail(node, path, `a path (${m[5]}) goes only with ws:// or wss://`);
  return { host, port, transport, path: ws ? (m[5] ?? '/') : '', explicit: scheme !== undefined };
}

/** `[127.0.0.2-127.0.0.9, 127.0.0.20, ::1]` -> every address, in order. */
export function readSourceAddresses(c: Checker, node: YNode | undefined, path: string): string[] {
  if (node === undefined) return [];
  const items = c.list(node, path, 'a list of IP addresses or ranges a.b.c.d-a.b.c.e', false) ?? [];
  const out: string[] = [];
  items.forEach((item, i) => {
    const p = indexPath(path, i);
    const s = c.str(item, p, 'an IP address or a range a.b.c.d-a.b.c.e');
    if (s === undefined) return;
    const [from, to, extra] = s.split('-').map((x) => x.trim());
    if (to === undefined && isIP(from!) !== 0) return void out.push(from!);
    const a = ipv4ToInt(from!);
    const b = to === undefined ? undefined : ipv4ToInt(to);
    if (extra !== undefined || a === undefined || b === undefined)
      return void c.expected(item, p, 'an IP address or a range a.b.c.d-a.b.c.e');
    if (b < a) return void c.fail(item, p, `range ${s} runs backwards`);
    if (out.length + (b - a + 1) > MAX_SOURCE_ADDRESSES) {
      return void c.fail(item, p, `too many source addresses (the limit is ${MAX_SOURCE_ADDRESSES})`);
    }
    for (let v = a; v <= b; v++) out.push(intToIpv4(v));
  });
  return out;
}

function ipv4ToInt(ip: string): number | undefined {
  if (isIP(ip) !== 4) return undefined;
  return ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}

function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
