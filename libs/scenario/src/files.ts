import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Checker } from './check.js';
import type { YNode } from './source.js';

/** How a scenario reaches the files it names (CSV feeders, CA certificates). */
export interface FileAccess {
  /** Reads a file; without it, a scenario that names files is refused (the safe default for the API). */
  readFile?: (path: string) => string;
  /** Relative paths are resolved against this directory before readFile sees them. */
  baseDir?: string;
}

export interface ReadFile {
  text: string;
  /** The name to show in errors: relative to the scenario's own directory, like the scenario's name. */
  display: string;
}

/** The text of the file named by `node`, or undefined after reporting why it could not be read. */
export function readNamedFile(c: Checker, io: FileAccess, node: YNode, path: string): ReadFile | undefined {
  const name = c.str(node, path, 'a file path');
  if (name === undefined) return undefined;
  if (name.trim() === '') return c.expected(node, path, 'a file path');
  if (!io.readFile) return c.fail(node, path, `cannot read ${JSON.stringify(name)}: files are not available here`);
  const full = io.baseDir !== undefined ? resolve(io.baseDir, name) : name;
  try {
    const text = io.readFile(full);
    const display = isAbsolute(name) ? name : join(dirname(c.file), name);
    return { text, display };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return c.fail(node, path, `cannot read ${JSON.stringify(name)}: ${why}`);
  }
}
