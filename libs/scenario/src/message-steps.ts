import type { Kind } from '@loadfleet/protocol';
import protobuf from 'protobufjs';
import { closest, type Fields } from './check.js';
import { readConditions } from './conditions.js';
import type { ExpectStep, SendStep, SourceRef } from './plan.js';
import { readFieldValues } from './protocol/fields.js';
import { lowerCamel, resolvePath } from './protocol/schema.js';
import type { YNode } from './source.js';
import { readExtract, type PathResolver, type StepEnv } from './values.js';

const ON_TIMEOUT = ['continue', 'error', 'abort', 'retry'] as const;
const DEFAULT_RETRIES = 3;
const MAX_RETRIES = 100;

/** A kind of the protocol named by `node`, with "did you mean" among the kinds `allowed` keeps. */
function kindOf(
  env: StepEnv,
  node: YNode,
  path: string,
  allowed: (k: Kind) => boolean,
  what: { one: string; all: string },
): Kind | undefined {
  const { c, protocol } = env;
  const name = c.str(node, path, `a message kind of protocol ${protocol.name}`);
  if (name === undefined) return undefined;
  const kind = protocol.kind(name);
  if (kind && allowed(kind)) return kind;
  const names = protocol.kinds.filter(allowed).map((k) => k.name);
  const hint = closest(name, names) ?? closest(lowerCamel(name), names);
  const why = kind
    ? `${kind.name} is a ${kind.role}, not ${what.one}`
    : `protocol ${protocol.name} has no message "${name}"`;
  return c.fail(node, path, `${why}${hint ? ` (did you mean ${hint}?)` : ''}; ${what.all}: ${names.join(', ')}`);
}

const TO_SEND = { one: 'a message a client sends', all: 'the messages a client sends' };
const ANY = { one: 'a message kind', all: 'its message kinds' };
const SPLIT = { one: 'an event split by kind', all: 'its events split by kind' };

/** Paths of a message type, in either spelling, resolved to .proto names. */
function resolverOf(type: protobuf.Type, fallbackPrefix: string | null = null): PathResolver {
  return (path) => {
    const r = resolvePath(type, path);
    if (!('error' in r)) return { path: r.names.join('.') };
    if (fallbackPrefix) {
      const inner = resolvePath(type, `${fallbackPrefix}.${path}`);
      if (!('error' in inner)) return { path: inner.names.join('.') };
    }
    return r;
  };
}

const sendable = (k: Kind) => k.role === 'request' || k.role === 'message';

export function readSend(env: StepEnv, f: Fields, value: YNode, path: string, at: SourceRef): SendStep | undefined {
  const { c, protocol } = env;
  const kind = kindOf(env, value, path, sendable, TO_SEND);
  const fields = kind ? f.opt('fields', {}, (n, p) => readFieldValues(env, n, p, kind.type)) : undefined;
  const answered = kind !== undefined && kind.reply >= 0;
  const wait = f.opt('wait', answered, (n, p) => c.bool(n, p));
  const timeoutMs = f.opt('timeout', env.requestTimeoutMs, (n, p) => c.duration(n, p, { positive: true }));
  const reply = kind && answered ? protocol.kinds[kind.reply]! : undefined;
  if (kind && !answered) {
    const why = `${kind.name} is not answered in protocol ${protocol.name}`;
    if (wait === true) c.fail(f.get('wait')!, f.at('wait'), `${why}: it cannot wait for a reply`);
    if (f.has('extract')) c.fail(f.get('extract')!, f.at('extract'), `${why}: there is no reply to extract from`);
  }
  const extract = reply ? f.opt('extract', {}, (n, p) => readExtract(env, n, p, resolverOf(reply.type))) : {};
  if (wait === false && extract && Object.keys(extract).length > 0) {
    // With wait: false the next steps run before the reply: they could not see the variables.
    return c.fail(f.get('wait')!, f.at('wait'), 'extract needs the reply: use wait: true (the default)');
  }
  if (!kind || !fields || wait === undefined || timeoutMs === undefined || !extract) return undefined;
  if (wait && !answered) return undefined;
  return { kind: 'send', at, message: kind.name, fields, wait, extract, timeoutMs };
}

/** `expect: joined`, `expect: textPush`, or for an event split by a oneof `expect: event.chat`. */
export function readExpect(env: StepEnv, f: Fields, value: YNode, path: string, at: SourceRef): ExpectStep | undefined {
  const { c } = env;
  const target = readExpectKind(env, value, path);
  const timeoutMs = f.opt('timeout', env.requestTimeoutMs, (n, p) => c.duration(n, p, { positive: true }));
  const onTimeout = f.opt('onTimeout', 'abort' as const, (n, p) => c.oneOf(n, p, ON_TIMEOUT));
  const retries = f.opt('retries', DEFAULT_RETRIES, (n, p) => c.num(n, p, { min: 1, max: MAX_RETRIES, integer: true }));
  if (f.has('retries') && onTimeout !== 'retry')
    c.fail(f.get('retries')!, f.at('retries'), 'retries goes with onTimeout: retry');
  if (!target) return undefined;
  const resolve = resolverOf(target.kind.type, target.member);
  const match = f.opt('match', [], (n, p) => readConditions(env, n, p, resolve));
  const extract = f.opt('extract', {}, (n, p) => readExtract(env, n, p, resolve));
  if (timeoutMs === undefined || !onTimeout || retries === undefined || !match || !extract) return undefined;
  return {
    kind: 'expect',
    at,
    message: target.kind.name,
    sub: target.sub,
    timeoutMs,
    match,
    extract,
    onTimeout,
    retries,
  };
}

function readExpectKind(
  env: StepEnv,
  node: YNode,
  path: string,
): { kind: Kind; sub: string | null; member: string | null } | undefined {
  const { c } = env;
  const text = node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
  const dot = text?.indexOf('.') ?? -1;
  if (text === undefined || dot < 0) {
    const kind = kindOf(env, node, path, () => true, ANY);
    return kind && { kind, sub: null, member: null };
  }
  const kind = kindOf(
    env,
    { kind: 'scalar', line: node.line, col: node.col, value: text.slice(0, dot) },
    path,
    (k) => k.splitOneof !== null,
    SPLIT,
  );
  if (!kind) return undefined;
  const name = text.slice(dot + 1);
  const members = kind.type.oneofs[kind.splitOneof!]!.fieldsArray;
  const member = members.find((m) => m.name === name || lowerCamel(m.name) === name);
  if (!member) {
    const names = members.map((m) => lowerCamel(m.name));
    const hint = closest(name, names);
    return c.fail(
      node,
      path,
      `${kind.name} has no ${kind.splitOneof} "${name}"${hint ? ` (did you mean ${hint}?)` : ''}; expected one of ${names.map((n) => `${kind.name}.${n}`).join(', ')}`,
    );
  }
  return { kind, sub: protobuf.util.camelCase(member.name), member: member.name };
}
