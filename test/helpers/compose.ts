// docker-compose.yml read the way Compose reads it (anchors and merge keys, ${VAR}
// interpolation), for tests that check the file and run its services as plain processes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const COMPOSE_FILE = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | null>;
  ports?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

/**
 * Compose's variable syntax: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error},
 * ${VAR?error}, $VAR and $$ (a literal $). A required variable that is missing throws.
 */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (...m) => {
    const [all, , braced, colon, op, arg, bare] = m as (string | undefined)[];
    if (all === '$$') return '$';
    const name = (braced ?? bare)!;
    const value = env[name];
    const unset = value === undefined || (colon === ':' && value === '');
    if (op === '-') return unset ? interpolate(arg ?? '', env) : value!;
    if (op === '?') {
      if (unset) throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return value!;
    }
    return value ?? '';
  });
}

function interpolateAll(v: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof v === 'string') return interpolate(v, env);
  if (Array.isArray(v)) return v.map((x) => interpolateAll(x, env));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, interpolateAll(x, env)]));
  return v;
}

/** The compose file with anchors merged and variables filled from `env`. */
export function readCompose(env: Record<string, string | undefined>, file = COMPOSE_FILE): ComposeFile {
  const raw = parse(readFileSync(file, 'utf8'), { merge: true }) as Record<string, unknown>;
  const services = interpolateAll(raw.services, env) as Record<string, ComposeService>;
  return { services };
}
