// Where a held user's CPU goes: V8 CPU profiles (--cpu-prof) of bench:scale's processes,
// read over the hold window only (monotonic µs, the profiles' own clock), each sample
// charged to a category by the function it was in (its self frame).
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/** A V8 CPU profile's call frame (the fields read here). */
interface CallFrame {
  functionName: string;
  url: string;
}
/** A .cpuprofile file (the fields read here). */
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
/** A window of monotonic µs (the profiles' clock). */
export interface ProfileWindow {
  from: number;
  to: number;
}
/** A named share (%) of the busy time. */
export interface Share {
  name: string;
  pct: number;
}
/** What profileSummary reads from a directory of profiles over a window. */
export interface ProfileSummary {
  processes: number;
  busyPctOfWall: number;
  categories: Share[];
  top: Share[];
}

const CATEGORIES: [string, (f: CallFrame) => boolean][] = [
  ['GC', (f) => f.functionName === '(garbage collector)'],
  ['V8 (program)', (f) => f.functionName === '(program)'],
  [
    'socket writes (native: the kernel write, on loopback the peer’s TCP receive too)',
    (f) =>
      !f.url &&
      /^(writeBuffer|writev|writeUtf8String|writeLatin1String|writeAsciiString|writeUcs2String)$/.test(f.functionName),
  ],
  ['other native (close, connect, timers’ C++ …)', (f) => !f.url && f.functionName !== '(root)'],
  ['timers: Node’s (lib/internal/timers)', (f) => /node:internal\/timers|node:timers/.test(f.url)],
  ['timers: the engine’s heap and heartbeat queue', (f) => /libs\/engine\/.*(interval-queue|timer-heap)/.test(f.url)],
  [
    'stats (libs/stats, the engine’s recorder and metrics)',
    (f) => /libs\/stats\/|libs\/engine\/.*(recorder|metrics)|hdr-histogram|node:zlib|window-pump|record-/.test(f.url),
  ],
  [
    'NATS client (the farm’s messages: quota, heartbeats, stats windows)',
    (f) => /node_modules\/(nats|@nats-io)/.test(f.url),
  ],
  ['logging (pino)', (f) => /node_modules\/(pino|sonic-boom)/.test(f.url)],
  ['engine (interpreter, connection, pending requests)', (f) => /libs\/engine\//.test(f.url)],
  ['protocol (frames, peek, protobuf)', (f) => /libs\/protocol\/|protobufjs/.test(f.url)],
  ['relay between server processes (mesh)', (f) => /mesh|relay/.test(f.url)],
  ['chat server core (sessions, rooms, fan-out, requests)', (f) => /libs\/chatroom\//.test(f.url)],
  ['loadfleet services and other libs', (f) => /\/(services|libs)\//.test(f.url)],
  ['bare code (bench/)', (f) => /\/bench\//.test(f.url)],
  [
    'Node net, streams, events',
    (f) =>
      /node:(net|events|stream|internal\/stream|internal\/net|internal\/streams|buffer|internal\/buffer)/.test(f.url),
  ],
  ['Node other', (f) => /^node:/.test(f.url)],
  ['other', () => true],
];

/** Self time per category (µs) of one profile's samples within [from, to] (monotonic µs). */
function readProfile(path: string, { from, to }: ProfileWindow) {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const cat = new Map<string, number>();
  const fns = new Map<string, number>();
  let t = p.startTime;
  let idle = 0;
  let busy = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    const dt = p.timeDeltas[i + 1] ?? 0;
    if (t < from || t > to) continue;
    const node = byId.get(p.samples[i]!);
    if (!node) continue;
    const f = node.callFrame;
    if (f.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    busy += dt;
    const c = CATEGORIES.find(([, test]) => test(f))?.[0] ?? 'other';
    cat.set(c, (cat.get(c) ?? 0) + dt);
    const key =
      `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(libs|services|bench|node_modules)\//, '$1/')}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + dt);
  }
  return { cat, fns, idle, busy };
}

/**
 * Sums the profiles in `dir` (all but `skipPid`'s) over the window: the busy share of
 * the wall time, and each category's and the top functions' share of the busy time.
 */
export function profileSummary(
  dir: string,
  window: ProfileWindow,
  { skipPid = -1 }: { skipPid?: number } = {},
): ProfileSummary | null {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !f.includes(`.${skipPid}.`));
  if (files.length === 0) return null;
  const cat = new Map<string, number>();
  const fns = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const f of files) {
    const r = readProfile(`${dir}/${f}`, window);
    idle += r.idle;
    busy += r.busy;
    for (const [k, v] of r.cat) cat.set(k, (cat.get(k) ?? 0) + v);
    for (const [k, v] of r.fns) fns.set(k, (fns.get(k) ?? 0) + v);
  }
  const share = (m: Map<string, number>): Share[] =>
    [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => ({ name: k, pct: busy ? (100 * v) / busy : 0 }));
  return {
    processes: files.length,
    busyPctOfWall: busy + idle ? (100 * busy) / (busy + idle) : 0,
    categories: share(cat),
    top: share(fns).slice(0, 12),
  };
}

export function profileMarkdown(title: string, p: ProfileSummary | null | undefined): string {
  if (!p) return '';
  const rows = p.categories.filter((c) => c.pct >= 0.5).map((c) => `| ${c.name} | ${c.pct.toFixed(1)} % |`);
  const top = p.top.map((c) => `| \`${c.name}\` | ${c.pct.toFixed(1)} % |`);
  return `${title} (${p.processes} process${p.processes > 1 ? 'es' : ''}; busy ${p.busyPctOfWall.toFixed(1)} % of the wall time; shares of the busy time, self time):

| where | share |
|---|---:|
${rows.join('\n')}

| heaviest functions (self) | share |
|---|---:|
${top.join('\n')}
`;
}
