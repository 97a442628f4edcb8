import type { ProtocolSpec } from '@loadfleet/protocol';

/**
 * The compiled plan: what a validated scenario becomes. Everything the engine,
 * the scheduler and the report need, with durations in milliseconds, templates
 * pre-parsed, names resolved to indexes. It is plain JSON-serializable data, so the
 * farm can ship it to workers as is.
 */

import type { LoadModel } from '@loadfleet/schedule';

export type { LoadModel, OpenLoad, OpenPhase, ClosedLoad } from '@loadfleet/schedule';

export interface Plan {
  name: string;
  /** Hash of the source text, so a report names exactly what ran. */
  sourceHash: string;
  /** The scenario's text as written (the report shows it); absent in plans stored before it was kept. */
  source?: string;
  targets: Target[];
  /** Expanded list of local addresses to bind, used in rotation; empty = let the OS choose. */
  sourceAddresses: string[];
  timeouts: { connectMs: number; requestMs: number };
  load: LoadModel;
  sessions: Session[];
  feeders: Feeder[];
  thresholds: Threshold[];
  /** Prometheus endpoints of the system under test, scraped every second during the run (may be absent in older plans). */
  monitor?: MonitorEndpoint[];
  /** Names of all transactions across sessions, indexed by TransactionStep.index. */
  transactions: string[];
  /** Max frame size the generator accepts from the target (bytes): the scenario's, else the protocol's. */
  maxFrameBytes: number;
  /** The wire protocol the sessions speak (the bundled chat protocol unless the scenario names one). */
  protocol: ProtocolSpec;
}

export interface Target {
  host: string;
  port: number;
  weight: number;
  /** TCP, TLS over TCP, or WebSocket (ws, wss: one message per WebSocket binary message). */
  transport: Transport;
  /** WebSocket request path ('/' by default); empty for the other transports. */
  path: string;
  /** TLS options for tls and wss; null otherwise. */
  tls: TlsOptions | null;
}
export type Transport = 'tcp' | 'tls' | 'ws' | 'wss';
export interface TlsOptions {
  servername?: string;
  rejectUnauthorized: boolean;
  /** PEM text of extra CA certificates (read from the file named in the scenario). */
  ca?: string;
}

export interface Session {
  name: string;
  weight: number;
  /** Background heartbeat interval in ms while connected (0 = none). */
  heartbeatMs: number;
  /** What a user does when its connection is lost: null = it fails. */
  reconnect: Reconnect | null;
  steps: Step[];
}

/** After a lost connection, wait `delay` and start the session over, up to `attempts` times in a row. */
export interface Reconnect {
  attempts: number;
  delay: Distribution;
}

export type Step =
  | ConnectStep
  | SendStep
  | ExpectStep
  | ThinkStep
  | LoopStep
  | ChoiceStep
  | TransactionStep
  | SetStep
  | IfStep
  | RendezvousStep
  | CloseStep;

/** Where a step stood in the source, for runtime error messages. */
export interface SourceRef {
  line: number;
  path: string;
}

export interface ConnectStep {
  kind: 'connect';
  at: SourceRef;
  /** Index into Plan.targets; -1 = choose by weight. */
  target: number;
}

export interface SendStep {
  kind: 'send';
  at: SourceRef;
  /** The message kind sent (as the protocol names it: a oneof member or a binding's kind name). */
  message: string;
  /** The message's fields, by their .proto names; leaves are templates. */
  fields: Record<string, FieldValue>;
  /** Wait for the reply before the next step (true), or go on at once (false; the reply is still timed). */
  wait: boolean;
  /** Variables to set from the reply: variable name -> field path in the reply (.proto names, e.g. "member_count"). */
  extract: Record<string, string>;
  timeoutMs: number;
}

/** A value of a message field: a template for a scalar, or a nested message, list or map of them. */
export type FieldValue =
  | { kind: 'value'; template: Template; as: LeafType }
  | { kind: 'message'; fields: Record<string, FieldValue> }
  | { kind: 'list'; items: FieldValue[] }
  | { kind: 'map'; entries: { key: string; value: FieldValue }[] };
/** How a rendered template becomes the field's value. */
export type LeafType = 'string' | 'number' | 'int64' | 'bool' | 'bytes' | 'enum';

/** Wait for the first received message of a kind that meets every condition. */
export interface ExpectStep {
  kind: 'expect';
  at: SourceRef;
  /** The kind awaited (a reply, an event, any message kind). */
  message: string;
  /** For an event kind split by a oneof: the member awaited (its stats name, e.g. "chat"); null for any. */
  sub: string | null;
  timeoutMs: number;
  /** Conditions on fields of the message (paths in .proto names, relative to the kind's message). */
  match: Condition[];
  extract: Record<string, string>;
  /** When nothing matched in time: go on silently, count an error and go on, end the user, or send again. */
  onTimeout: 'continue' | 'error' | 'abort' | 'retry';
  /** With retry: how many times the preceding send is repeated before the user is ended. */
  retries: number;
}

/** `path op value`: a field (expect) or a variable (if) tested against a template or a pattern. */
export interface Condition {
  /** A field path (expect) or a variable name (if). */
  path: string;
  op: 'equals' | 'notEquals' | 'matches' | 'exists' | 'absent' | 'lt' | 'lte' | 'gt' | 'gte';
  /** The value compared with (equals, notEquals and the numeric ops); null for matches/exists/absent. */
  value: Template | null;
  /** The regular expression source (matches). */
  pattern: string | null;
}

/** Run `then` when every condition holds on the user's variables, else `else`. */
export interface IfStep {
  kind: 'if';
  at: SourceRef;
  conditions: Condition[];
  then: Step[];
  else: Step[];
}

/** Hold users here until `users` of them have arrived (per worker process), or `timeoutMs` passed. */
export interface RendezvousStep {
  kind: 'rendezvous';
  at: SourceRef;
  name: string;
  users: number;
  timeoutMs: number;
}

export type Distribution =
  | { kind: 'constant'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'exponential'; meanMs: number; minMs: number; maxMs: number }
  | { kind: 'normal'; meanMs: number; stddevMs: number; minMs: number; maxMs: number };

export interface ThinkStep {
  kind: 'think';
  at: SourceRef;
  time: Distribution;
}

export interface LoopStep {
  kind: 'loop';
  at: SourceRef;
  /** Repeat count (0 when bounded by duration only). */
  count: number;
  /** Repeat until this much time has passed since the loop began (0 = no time bound). */
  durationMs: number;
  steps: Step[];
}

export interface ChoiceStep {
  kind: 'choice';
  at: SourceRef;
  branches: { weight: number; steps: Step[] }[];
}

export interface TransactionStep {
  kind: 'transaction';
  at: SourceRef;
  name: string;
  /** Index into Plan.transactions. */
  index: number;
  steps: Step[];
}

export interface SetStep {
  kind: 'set';
  at: SourceRef;
  vars: Record<string, Template>;
}

export interface CloseStep {
  kind: 'close';
  at: SourceRef;
}

/**
 * A parsed template: literal text and placeholders. A template that is a single
 * placeholder keeps the value's type (a number stays a number).
 */
export interface Template {
  parts: TemplatePart[];
}
export type TemplatePart =
  | { kind: 'text'; text: string }
  /** {{user.id}}, {{user.index}} (0-based per run), {{user.session}} */
  | { kind: 'user'; field: 'id' | 'session' }
  /** {{vars.name}} or {{name}}: a variable set by set/extract */
  | { kind: 'var'; name: string }
  /** {{feeder.users.token}}: a column of the current feeder row */
  | { kind: 'feeder'; feeder: number; column: number }
  /** {{random.int(1, 50)}} */
  | { kind: 'randomInt'; min: number; max: number }
  /** {{random.string(16)}} */
  | { kind: 'randomString'; length: number }
  /** {{random.pick(a, b, c)}} */
  | { kind: 'randomPick'; values: string[] }
  /** {{now}}: wall-clock ms */
  | { kind: 'now' };

export interface Feeder {
  name: string;
  /** sequential: rows in order, wrapping; random: any row; unique: each row used once (users beyond the rows fail). */
  order: 'sequential' | 'random' | 'unique';
  columns: string[];
  rows: string[][];
}

/** `monitor: [{ url: http://127.0.0.1:7001/metrics, name: chat }]`: series are named `chat.<metric>`. */
export interface MonitorEndpoint {
  name: string;
  url: string;
}

/** `<stat> <op> <value>`, e.g. p99(response.chat) < 200ms, error_rate < 1%. */
export interface Threshold {
  /** The source expression, for the report. */
  expr: string;
  metric: ThresholdMetric;
  op: '<' | '<=' | '>' | '>=' | '==';
  /** Milliseconds for latency stats; a fraction 0..1 for rates; a plain count for counts; per second for throughput. */
  value: number;
  /** `< baseline * 1.10`: the limit is this factor times the baseline run's value of the metric (value is then 0). */
  baseline?: number;
  /** Abort the run as soon as the rule fails on the live totals (after delayMs from start). */
  abort: boolean;
  abortDelayMs: number;
}
export type ThresholdMetric =
  /** A latency histogram, e.g. histogram "response.chat", "connect", "delivery", "transaction.gift-flow", "session". */
  | { kind: 'latency'; histogram: string; stat: 'p50' | 'p90' | 'p95' | 'p99' | 'p99.9' | 'max' | 'mean' | 'min' }
  /** A counter total, e.g. "errors", "users.failed", "msg.out.chat". */
  | { kind: 'count'; counter: string }
  /** error_rate: errors / requests; login_rate: logins acked / users started; connect_rate; ... */
  | { kind: 'rate'; rate: 'error_rate' | 'login_rate' | 'connect_success_rate' | 'session_success_rate' }
  /** max(chat.process_cpu_seconds_total:rate): a statistic over a monitor series' per-second points. */
  | { kind: 'monitor'; series: string; stat: 'max' | 'min' | 'mean' }
  /** rate(counter): the counter (and its `counter.*`) per second of the run; messages.sent = msg.out, messages.received = msg.in. */
  | { kind: 'throughput'; counter: string };
