import protobuf from 'protobufjs';
const src = `syntax = "proto3"; package x;
message A { uint32 seq = 1; oneof body { B b = 2; string s = 3; } int64 t = 4; repeated uint32 r = 5; map<string,int32> m = 6; bytes by = 7; E e = 8;}
message B { int32 v = 1; }
enum E { Z = 0; ONE = 1; }`;
const root = new protobuf.Root();
const r = protobuf.parse(src, root, { keepCase: true });
root.resolveAll();
const A = root.lookupType('x.A');
console.log(Object.keys(A.fields), A.oneofsArray.map(o=>[o.name,o.fieldsArray.map(f=>f.name)]));
for (const f of A.fieldsArray) console.log(f.name, f.id, f.type, f.repeated, f.map, f.resolvedType?.constructor.name, f.long, f.packed, f.partOf?.name);
const m = A.fromObject({ seq: 3, b: { v: 5 }, t: '1234567890123', r: [1,2], e: 'ONE', by: 'AAEC', m: {a: 1} });
const buf = A.encode(m).finish();
console.log(buf);
const d = A.decode(buf);
console.log(d, d.body, typeof d.t, d.t);
console.log(A.toObject(d, { longs: String, enums: String, bytes: String, defaults: true, oneofs: true }));
try { protobuf.parse(`syntax = "proto3";\nmessage X {\n  uint32 a = 1\n}`, new protobuf.Root(), {keepCase:true}); } catch (e) { console.log('ERR', e.message); }
try { const rr = new protobuf.Root(); protobuf.parse(`syntax = "proto3";\nmessage X {\n  Foo a = 1;\n}`, rr, {keepCase:true}); rr.resolveAll(); } catch (e) { console.log('ERR2', e.message); }
try { A.decode(Buffer.from([0x0f])) } catch (e) { console.log('ERR3', e.message) }
console.log(protobuf.util.Long ? 'Long present' : 'no Long');
