// Regenerates the static protobufjs code for proto/control.proto and the bundled chat
// protocol (protocols/chat/chat.proto).
// The generated files are committed so that a build needs no code generator.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const out = new URL('../libs/protocol/generated/', import.meta.url).pathname;
const SOURCES = { chat: 'protocols/chat/chat.proto', control: 'proto/control.proto' };
const protos = Object.keys(SOURCES);
const tmp = mkdtempSync(join(tmpdir(), 'lf-proto-'));
// Each file gets its own root (-r): with the shared default root, the second module loaded would replace the first's namespace.
const common = [
  '-t',
  'static-module',
  '-w',
  'es6',
  '--force-number',
  '--no-verify',
  '--no-delimited',
  '--no-convert',
  '--no-beautify',
];

// Node's ESM loader needs the file name, and protobufjs/minimal is CommonJS: import its default.
const fixImport = (js) =>
  writeFileSync(
    js,
    readFileSync(js, 'utf8').replace(
      'import * as $protobuf from "protobufjs/minimal";',
      'import $protobuf from "protobufjs/minimal.js";',
    ),
  );

for (const name of protos) {
  // pbts reads the JSDoc comments, so the typings come from a commented build.
  const commented = join(tmp, `${name}.js`);
  execFileSync(bin('pbjs'), [...common, '-r', name, '-o', commented, SOURCES[name]], { stdio: 'inherit' });
  const dts = `${out}${name}.d.ts`;
  execFileSync(bin('pbts'), ['--no-comments', '-o', dts, commented], { stdio: 'inherit' });
  // --force-number makes every 64-bit field a number, so the typings need no Long.
  writeFileSync(dts, readFileSync(dts, 'utf8').replace('import Long = require("long");\n', ''));
  const js = `${out}${name}.js`;
  execFileSync(bin('pbjs'), [...common, '-r', name, '--no-comments', '-o', js, SOURCES[name]], {
    stdio: 'inherit',
  });
  fixImport(js);
}
rmSync(tmp, { recursive: true, force: true });
