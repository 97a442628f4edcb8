// Writes a benchmark run into the "Chat server" section of docs/BENCHMARKS.md,
// leaving every other section as it is.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const HEADING = '## Chat server';
const HEADER = `# Benchmarks

Figures measured on the project's machine (2 cores, 24 GiB, 20,000 open files per
process). Each section belongs to one part of the system and says how to reproduce it.
`;
const INTRO = `${HEADING}

\`npm run bench:server\` (bench/server.js): driver processes hold N logged-in,
heartbeating connections to the multi-process chat server from fresh 127.x.y.z
source addresses, paced; then M of them join one room and K send chat at a fixed rate.
Server RSS/connection = (RSS of all server processes at the end of the hold - idle RSS) / N.
Server CPU = CPU time of all server processes over the hold / hold time (100 % = one core).
Events/s per core = room events delivered/s (from the server's /stats) / server cores used.
Runs, newest last:
`;

/** Appends `entry` (markdown) at the end of the chat server section, creating the file or section if needed. */
export function appendRun(path, entry) {
  mkdirSync(dirname(path), { recursive: true });
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
  if (!doc.includes(HEADING)) doc = doc.trimEnd() + '\n\n' + INTRO;
  const start = doc.indexOf(HEADING);
  const next = doc.indexOf('\n## ', start + HEADING.length);
  const end = next < 0 ? doc.length : next + 1;
  const section = doc.slice(start, end).trimEnd() + '\n\n' + entry.trim() + '\n';
  doc = doc.slice(0, start) + section + (next < 0 ? '' : '\n' + doc.slice(end));
  writeFileSync(path, doc);
}
