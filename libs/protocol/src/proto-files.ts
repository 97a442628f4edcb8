import protobuf from 'protobufjs';
import { ProtoSchemaError, type SchemaIssue } from './errors.js';
import type { ProtoFile } from './spec.js';

/**
 * Parses a protocol's .proto files into one protobufjs Root, keeping the names
 * exactly as the files spell them. Imports are resolved among the given files
 * (and protobuf's well-known google/protobuf types); anything wrong is a
 * ProtoSchemaError with the file and line, never an exception from protobufjs.
 */
export function loadProtoRoot(files: readonly ProtoFile[]): protobuf.Root {
  const root = new protobuf.Root();
  const issues: SchemaIssue[] = [];
  const byName = new Map(files.map((f) => [f.name, f]));
  const loaded = new Set<string>();
  const load = (file: ProtoFile): void => {
    if (loaded.has(file.name)) return;
    loaded.add(file.name);
    let parsed: protobuf.IParserResult;
    try {
      parsed = protobuf.parse(file.text, root, { keepCase: true });
    } catch (err) {
      issues.push(issueFrom(file, err));
      return;
    }
    for (const imp of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      const own = byName.get(imp) ?? byName.get(imp.split('/').pop()!);
      if (own) load(own);
      else if (protobuf.common.get(imp)) addWellKnown(root, imp);
      else
        issues.push({
          file: file.name,
          ...lineOf(file.text, imp),
          message: `imports "${imp}", which is not among the protocol's files`,
        });
    }
  };
  for (const f of files) load(f);
  if (issues.length === 0) {
    try {
      root.resolveAll();
    } catch (err) {
      issues.push(locate(files, err));
    }
  }
  if (issues.length > 0) throw new ProtoSchemaError(issues);
  return root;
}

function addWellKnown(root: protobuf.Root, name: string): void {
  const json = protobuf.common.get(name) as protobuf.INamespace & { nested?: Record<string, protobuf.AnyNestedObject> };
  if (json.nested) root.addJSON(json.nested);
}

/** protobufjs's parse errors end with "(line N)". */
function issueFrom(file: ProtoFile, err: unknown): SchemaIssue {
  const message = err instanceof Error ? err.message : String(err);
  const m = /\(line (\d+)\)\s*$/.exec(message);
  const text = message.replace(/\s*\(line \d+\)\s*$/, '');
  return { file: file.name, line: m ? Number(m[1]) : 1, col: 1, message: text };
}

/**
 * A resolution error names a type ("no such Type or Enum 'Foo' in Type .pkg.X", "duplicate name 'X'"),
 * not a line: point at the first line of any file that uses that name.
 */
function locate(files: readonly ProtoFile[], err: unknown): SchemaIssue {
  const message = err instanceof Error ? err.message : String(err);
  const name = /'([^']+)'/.exec(message)?.[1]?.split('.').pop();
  if (name) {
    for (const f of files) {
      const at = lineOf(f.text, name);
      if (at.line > 0) return { file: f.name, ...at, message };
    }
  }
  return { file: files[0]?.name ?? '<proto>', line: 1, col: 1, message };
}

function lineOf(text: string, word: string): { line: number; col: number } {
  const re = new RegExp(`(^|[^A-Za-z0-9_.])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^A-Za-z0-9_]|$)`);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\/\/.*$/, '');
    const m = re.exec(line);
    if (m) return { line: i + 1, col: m.index + m[1]!.length + 1 };
  }
  return { line: 0, col: 1 };
}
