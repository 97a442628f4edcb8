import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProtoSchemaError, loadProtoRoot, type ProtoFile, type ProtocolSpec } from '@loadfleet/protocol';
import type protobuf from 'protobufjs';
import { Checker } from '../check.js';
import type { FileAccess } from '../files.js';
import { indexPath } from '../paths.js';
import { readSource, type YNode } from '../source.js';
import { readEnvelope, readFraming, readMatch } from './binding.js';
import { readRoles } from './roles.js';
import { readRoom } from './room.js';

/** The protocols that ship with loadfleet, by name (`protocol: chat`, the default). */
const BUILT_IN_DIR = fileURLToPath(new URL('../../../../protocols/', import.meta.url));
export const DEFAULT_PROTOCOL = 'chat';
const BUILT_IN_NAME = /^[a-z][a-z0-9-]{0,63}$/;
const BINDING_FILE = 'protocol.yaml';
const MAX_PROTO_FILES = 32;
const MAX_PROTO_CHARS = 1_000_000;
const TOP_KEYS = [
  'name',
  'proto',
  'plugin',
  'framing',
  'envelope',
  'kinds',
  'match',
  'sendTime',
  'requests',
  'events',
  'heartbeat',
  'login',
  'error',
  'disconnect',
  'room',
];

const builtIns = new Map<string, ProtocolSpec>();

/**
 * The scenario's `protocol:` -> the validated binding. A bare name is a protocol
 * that ships with loadfleet; anything else is a folder (relative to the scenario)
 * holding protocol.yaml and its .proto files, read through the scenario's file
 * access (so that over the API they must have been uploaded). Issues in those
 * files are reported against them, with their own lines.
 */
export function readProtocol(
  c: Checker,
  io: FileAccess,
  node: YNode | undefined,
  path: string,
): ProtocolSpec | undefined {
  if (node === undefined) return builtIn(DEFAULT_PROTOCOL);
  const ref = c.str(
    node,
    path,
    'a protocol: the name of a bundled one (chat) or the path of a folder with protocol.yaml',
  );
  if (ref === undefined) return undefined;
  if (BUILT_IN_NAME.test(ref)) {
    try {
      return builtIn(ref);
    } catch (err) {
      if (!(err instanceof BuiltInMissing)) throw err;
      return c.fail(
        node,
        path,
        `no bundled protocol "${ref}"; give the path of a protocol folder (e.g. ./protocols/${ref})`,
      );
    }
  }
  if (!io.readFile)
    return c.fail(node, path, `cannot read the protocol folder ${JSON.stringify(ref)}: files are not available here`);
  const dir = io.baseDir !== undefined ? resolve(io.baseDir, ref) : normalize(ref);
  const display = isAbsolute(ref) ? ref : join(dirname(c.file), ref);
  const read = (name: string) => io.readFile!(join(dir, name));
  let text: string;
  try {
    text = read(BINDING_FILE);
  } catch (err) {
    return c.fail(
      node,
      path,
      `cannot read ${join(display, BINDING_FILE)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const own = new Checker(join(display, BINDING_FILE));
  const spec = readBinding(own, text, read, display, dir);
  c.issues.push(...own.issues);
  return spec;
}

class BuiltInMissing extends Error {}

function builtIn(name: string): ProtocolSpec {
  const cached = builtIns.get(name);
  if (cached) return cached;
  const dir = join(BUILT_IN_DIR, name);
  let text: string;
  try {
    text = readFileSync(join(dir, BINDING_FILE), 'utf8');
  } catch (err) {
    throw new BuiltInMissing(name, { cause: err });
  }
  const c = new Checker(`protocols/${name}/${BINDING_FILE}`);
  const spec = readBinding(c, text, (f) => readFileSync(join(dir, f), 'utf8'), `protocols/${name}`, dir);
  if (!spec)
    throw new Error(
      `the bundled protocol ${name} is invalid:\n${c.issues.map((i) => `${i.line}:${i.col} ${i.message}`).join('\n')}`,
    );
  builtIns.set(name, spec);
  return spec;
}

/**
 * protocol.yaml text -> the validated spec (or undefined with the issues in `c`).
 * `read` reads a file of the protocol's folder by its name there; `folder` is the
 * folder as errors show it, `dir` where it is (a plugin is loaded from there).
 */
export function readBinding(
  c: Checker,
  text: string,
  read: (name: string) => string,
  folder: string,
  dir: string,
): ProtocolSpec | undefined {
  const source = readSource(text, c.file);
  c.issues.push(...source.issues);
  if (!source.root) return source.issues.length ? undefined : c.fail({ line: 1, col: 1 }, '', 'protocol.yaml is empty');
  const f = c.fields(source.root, '', TOP_KEYS, 'a mapping (the binding: name, proto, framing, envelope, match, ...)');
  if (!f) return undefined;
  const n = f.req('name', 'the protocol name');
  const name = n && c.str(n, 'name', 'a name of letters, digits, _, . and - (at most 100)', /^[A-Za-z0-9_.-]{1,100}$/);
  const protoFiles = readProtoFiles(c, f.req('proto', 'a .proto file or a list of them'), read, folder);
  const pl = f.get('plugin');
  const plugin = pl
    ? (c.str(pl, 'plugin', 'a .js or .mjs file of the folder', /^(\.\/)?[\w./-]+\.m?js$/) ?? null)
    : null;
  const framing = readFraming(c, f);
  const root = protoFiles && loadRoot(c, protoFiles, folder);
  if (!root) return undefined;
  const env = readEnvelope(c, f, root, framing);
  const match = readMatch(c, f, framing);
  if (!env || !match) return undefined;
  const roles = readRoles(c, f, root, env.envelope, env.kinds, match);
  const room = roles && readRoom(c, f, root, env.kinds);
  if (c.issues.length > 0 || !name || !framing || !roles || room === undefined) return undefined;
  return {
    name,
    protoFiles,
    framing,
    envelope: env.envelope,
    kinds: env.kinds,
    match,
    loginKind: roles.loginKind,
    heartbeatKind: roles.heartbeatKind,
    sendTime: roles.sendTime,
    errorCodePath: roles.errorCodePath,
    plugin: plugin ? resolve(dir, plugin) : null,
    room,
  };
}

function readProtoFiles(
  c: Checker,
  node: YNode | undefined,
  read: (name: string) => string,
  folder: string,
): ProtoFile[] | undefined {
  if (!node) return undefined;
  const items = node.kind === 'seq' ? node.items : [node];
  if (items.length === 0 || items.length > MAX_PROTO_FILES) {
    return c.expected(node, 'proto', `1 to ${MAX_PROTO_FILES} .proto files`);
  }
  const out: ProtoFile[] = [];
  items.forEach((item, i) => {
    const p = node.kind === 'seq' ? indexPath('proto', i) : 'proto';
    const name = c.str(item, p, 'a .proto file of the folder', /^(?!\/)(?!.*\.\.)[\w./-]+\.proto$/);
    if (name === undefined) return;
    try {
      const text = read(name);
      if (text.length > MAX_PROTO_CHARS) c.fail(item, p, `${name} is too large (over ${MAX_PROTO_CHARS} characters)`);
      else out.push({ name, text });
    } catch (err) {
      c.fail(item, p, `cannot read ${join(folder, name)}: ${readError(err)}`);
    }
  });
  return out.length === items.length ? out : undefined;
}

function loadRoot(c: Checker, files: ProtoFile[], folder: string): protobuf.Root | undefined {
  try {
    return loadProtoRoot(files);
  } catch (err) {
    if (!(err instanceof ProtoSchemaError)) throw err;
    for (const i of err.issues)
      c.issues.push({ file: join(folder, i.file), line: i.line, col: i.col, path: '', message: i.message });
    return undefined;
  }
}

/** Why a file could not be read, without the absolute path the error message repeats. */
function readError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return err instanceof Error ? err.message : String(err);
}
