// Regenerates the static protobufjs code for proto/control.proto and the bundled chat
// protocol (protocols/chat/chat.proto) into libs/protocol/generated, and for the im-lite
// example protocol that the reference chat server also speaks into libs/chatroom/generated.
// The generated files are committed so that a build needs no code generator.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const protocolOut = new URL('../libs/protocol/generated/', import.meta.url).pathname;
const chatroomOut = new URL('../libs/chatroom/generated/', import.meta.url).pathname;
/** [root name, .proto file, output directory]: each file gets its own root. */
const protos = [
  ['chat', 'protocols/chat/chat.proto', protocolOut],
  ['control', 'proto/control.proto', protocolOut],
  ['im-lite', 'examples/protocols/im-lite/im_lite.proto', chatroomOut],
].filter(([, file]) => {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
});
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
// --force-number types 64-bit fields as numbers, but the static decoders still return a Long when
// the long package is installed: decode them as numbers too (exact up to 2^53, e.g. epoch µs).
const INT64_READ = /\br\.((?:u|s)?int64|s?fixed64)\(\)/g;
const fixImport = (js) => {
  let code = readFileSync(js, 'utf8').replace(
    'import * as $protobuf from "protobufjs/minimal";',
    'import $protobuf from "protobufjs/minimal.js";',
  );
  if (INT64_READ.test(code)) {
    code = code
      .replace(INT64_READ, '$number(r.$1())')
      .replace(
        'import $protobuf from "protobufjs/minimal.js";',
        'import $protobuf from "protobufjs/minimal.js";\n\nconst $number = (v) => (typeof v === "number" ? v : v.toNumber());',
      );
  }
  writeFileSync(js, code);
};

for (const [name, file, out] of protos) {
  mkdirSync(out, { recursive: true });
  // pbts reads the JSDoc comments, so the typings come from a commented build.
  const commented = join(tmp, `${name}.js`);
  execFileSync(bin('pbjs'), [...common, '-r', name, '-o', commented, file], { stdio: 'inherit' });
  const dts = `${out}${name}.d.ts`;
  execFileSync(bin('pbts'), ['--no-comments', '-o', dts, commented], { stdio: 'inherit' });
  // --force-number makes every 64-bit field a number, so the typings need no Long.
  writeFileSync(dts, readFileSync(dts, 'utf8').replace('import Long = require("long");\n', ''));
  const js = `${out}${name}.js`;
  execFileSync(bin('pbjs'), [...common, '-r', name, '--no-comments', '-o', js, file], {
    stdio: 'inherit',
  });
  fixImport(js);
}
rmSync(tmp, { recursive: true, force: true });
