import protobuf from 'protobufjs';
import { readFileSync } from 'node:fs';
const t = readFileSync('examples/protocols/im-lite/im_lite.proto','utf8').replace('string ticket = 2;', 'string ticket = 2');
for (const alt of [true,false]) { try { protobuf.parse(t, new protobuf.Root(), {keepCase:true, alternateCommentMode: alt}); } catch(e) { console.log(alt, e.message); } }
