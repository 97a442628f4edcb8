import { scheduleOf } from '@loadfleet/schedule';
import { createHash } from 'node:crypto';
import { Checker } from './check.js';
import { ScenarioError } from './errors.js';
import { checkUniqueFeeders, readFeeders } from './feeders.js';
import type { FileAccess } from './files.js';
import { readLoad } from './load.js';
import type { Plan } from './plan.js';
import { readSessions } from './sessions.js';
import type { YNode } from './source.js';
import { readSourceAddresses, readTargets } from './targets.js';
import { readMonitor } from './monitor.js';
import { readThresholds } from './thresholds.js';
import { compileForChecks } from './protocol/compiled.js';
import { readProtocol } from './protocol/folder.js';

const TOP_KEYS = [
  'name',
  'protocol',
  'target',
  'targets',
  'sourceAddresses',
  'timeouts',
  'maxFrameBytes',
  'load',
  'feeders',
  'sessions',
  'thresholds',
  'monitor',
];
const DEFAULT_TIMEOUTS = { connectMs: 5_000, requestMs: 10_000 };
const FRAME_BYTES = { min: 64, max: 64 * 1024 * 1024, integer: true };

/**
 * The positioned source tree -> a Plan, checking everything on the way. Sections
 * are read in dependency order (feeders and targets before the steps that name
 * them, sessions before the load mix and the thresholds that name theirs), and
 * every problem is collected before a single ScenarioError is thrown.
 */
export function compile(root: YNode | null, text: string, c: Checker, io: FileAccess): Plan {
  if (root === null) throw new ScenarioError([...c.issues, ...(c.issues.length ? [] : [emptyIssue(c.file)])]);
  // Top-level `x-...` keys are free: a place to define YAML anchors for reuse.
  const own = root.kind === 'map' ? { ...root, entries: root.entries.filter((e) => !e.key.startsWith('x-')) } : root;
  const top = c.fields(own, '', TOP_KEYS, 'a mapping (the scenario: name, target, load, sessions, ...)');
  if (!top) throw new ScenarioError(c.issues);

  const n = top.req('name', 'a string');
  const name = n && c.str(n, 'name', 'a name of 1 to 200 characters', /^.{1,200}$/);
  const targets = readTargets(c, io, top);
  const sourceAddresses = readSourceAddresses(c, top.get('sourceAddresses'), 'sourceAddresses');
  const timeouts = top.opt('timeouts', DEFAULT_TIMEOUTS, (node, p) => {
    const f = c.fields(node, p, ['connect', 'request'], '{connect, request}');
    const connectMs = f?.opt('connect', DEFAULT_TIMEOUTS.connectMs, (v, q) => c.duration(v, q, { positive: true }));
    const requestMs = f?.opt('request', DEFAULT_TIMEOUTS.requestMs, (v, q) => c.duration(v, q, { positive: true }));
    return connectMs !== undefined && requestMs !== undefined ? { connectMs, requestMs } : undefined;
  });
  const protocolSpec = readProtocol(c, io, top.get('protocol'), 'protocol');
  const protocol = protocolSpec && compileForChecks(c, protocolSpec, top.get('protocol') ?? root);
  const maxFrameBytes = top.opt('maxFrameBytes', protocolSpec?.framing.maxFrameBytes ?? 65_536, (v, p) =>
    c.num(v, p, FRAME_BYTES),
  );
  const { feeders, scope } = readFeeders(c, io, top.get('feeders'), 'feeders');
  const requestTimeoutMs = timeouts?.requestMs ?? DEFAULT_TIMEOUTS.requestMs;
  // Without a usable protocol the steps cannot be checked: report what is known so far.
  if (!protocol || !protocolSpec) throw new ScenarioError(c.issues);
  const { sessions, names, transactions } = readSessions(c, top.get('sessions'), 'sessions', root, {
    feeders: scope,
    targets,
    requestTimeoutMs,
    protocol,
  });
  const l = top.req('load', 'a load model {model, phases, ...}');
  const load = l && readLoad(c, l, 'load', names);
  const monitor = readMonitor(c, top.get('monitor'), 'monitor');
  const thresholds = readThresholds(c, top.get('thresholds'), 'thresholds', {
    monitors: monitor.map((m) => m.name),
    transactions,
    requests: protocol.kinds.filter((k) => k.reply >= 0).map((k) => k.name),
    events: protocol.eventNames,
  });
  if (load) checkUniqueFeeders(c, top.get('feeders'), 'feeders', feeders, scheduleOf(load).plannedUsers());

  if (c.issues.length > 0 || !name || !load || !timeouts || maxFrameBytes === undefined)
    throw new ScenarioError(c.issues);
  const sourceHash = createHash('sha256').update(text).digest('hex');
  return {
    name,
    sourceHash,
    source: text,
    targets,
    sourceAddresses,
    timeouts,
    load,
    sessions,
    feeders,
    thresholds,
    transactions,
    monitor,
    maxFrameBytes,
    protocol: protocolSpec,
  };
}

function emptyIssue(file: string) {
  return {
    file,
    line: 1,
    col: 1,
    path: '',
    message: 'the scenario is empty; expected a mapping with name, target, load and sessions',
  };
}
