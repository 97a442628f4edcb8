import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioError, loadScenarioFile, parseScenario } from '@loadfleet/scenario';

const IM_LITE = fileURLToPath(new URL('../../../examples/protocols/im-lite/', import.meta.url));
const PROTO = readFileSync(join(IM_LITE, 'im_lite.proto'), 'utf8');
const BINDING = readFileSync(join(IM_LITE, 'protocol.yaml'), 'utf8');

/** A scenario speaking a protocol folder made of `files`, both in a fresh temp dir; its issues as file:line:col text. */
function issuesWith(files: Record<string, string>, steps = '[connect]'): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'lf-proto-'));
  const folder = join(dir, 'p');
  mkdirSync(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  const scenario = join(dir, 's.yaml');
  writeFileSync(
    scenario,
    `name: s\nprotocol: ./p\ntarget: 127.0.0.1:7000\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions: [{ name: s, steps: ${steps} }]\n`,
  );
  try {
    loadScenarioFile(scenario);
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map(
      (i) => `${i.file.slice(dir.length + 1)}:${i.line}:${i.col} ${i.path ? `${i.path}: ` : ''}${i.message}`,
    );
  }
}

describe('protocol folders', () => {
  it('compiles im-lite: kinds by type id, roles, replies in order, pushes with origin times in µs', () => {
    const p = parseScenario(
      `name: s\nprotocol: ./protocols/im-lite\ntarget: 127.0.0.1:7000\nload: { phases: [{ duration: 1s, rate: 1 }] }\nsessions: [{ name: s, steps: [connect] }]\n`,
      { file: 'examples/s.yaml', baseDir: join(IM_LITE, '..', '..'), readFile: (f) => readFileSync(f, 'utf8') },
    ).protocol;
    expect(p.name).toBe('im-lite');
    expect(p.envelope).toEqual({ mode: 'typeId' });
    expect(p.match).toEqual({ mode: 'fifo' });
    expect(p.framing.header).toEqual([
      { kind: 'length', bytes: 4, endian: 'big', counts: 'rest' },
      { kind: 'typeId', bytes: 2, endian: 'big' },
    ]);
    const kind = (n: string) => p.kinds.find((k) => k.name === n)!;
    expect(kind('loginReq')).toMatchObject({ id: 1, role: 'request', message: 'imlite.LoginReq' });
    expect(p.kinds[kind('sendTextReq').reply]!.name).toBe('actionResp');
    expect(kind('sendLikeReq').reply).toBe(-1);
    expect(kind('textPush').originTime).toEqual({ path: ['meta', 'origin_time_us'], unit: 'us' });
    expect(p.sendTime).toEqual({ path: ['client_time_us'], unit: 'us' });
    expect(p.kinds[p.heartbeatKind]!.name).toBe('ping');
  });

  it('reports a .proto that does not parse at its file and line', () => {
    const broken = PROTO.replace('string ticket = 2;', 'string ticket = 2');
    const line = broken.split('\n').findIndex((l) => l.includes('string ticket = 2')) + 2;
    expect(issuesWith({ 'protocol.yaml': BINDING, 'im_lite.proto': broken })).toEqual([
      `p/im_lite.proto:${line}:1 illegal token 'int64', ';' expected`,
    ]);
  });

  it('reports a binding that names a type, a kind or a field that does not exist, where it stands', () => {
    const bad = BINDING.replace('2: LoginResp', '2: LoginRsp')
      .replace('ping: pong', 'ping: pongg')
      .replace('textPush: { originTime: meta.origin_time_us', 'textPush: { originTime: meta.origin_time');
    const at = (needle: string) => bad.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(issuesWith({ 'protocol.yaml': bad, 'im_lite.proto': PROTO })).toEqual([
      `p/protocol.yaml:${at('2: LoginRsp')}:6 kinds["2"]: no message type "LoginRsp" in the .proto files (did you mean LoginResp?)`,
      `p/protocol.yaml:${at('loginReq: loginResp')}:13 requests.loginReq: no kind "loginResp" (did you mean loginReq?); the kinds: loginReq, enterRoomReq, enterRoomResp, leaveRoomReq, leaveRoomResp, sendTextReq, sendGiftReq, sendBeamReq, actionResp, sendLikeReq, ping, pong, textPush, likePush, giftPush, beamPush, memberPush, errorResp, kickout`,
      `p/protocol.yaml:${at('ping: pongg')}:9 requests.ping: no kind "pongg" (did you mean pong?); the kinds: loginReq, enterRoomReq, enterRoomResp, leaveRoomReq, leaveRoomResp, sendTextReq, sendGiftReq, sendBeamReq, actionResp, sendLikeReq, ping, pong, textPush, likePush, giftPush, beamPush, memberPush, errorResp, kickout`,
      `p/protocol.yaml:${at('meta.origin_time')}:27 events.textPush.originTime: PushMeta has no field "origin_time" (did you mean originTimeUs?); its fields: roomId, fromUid, originTimeUs`,
      // A kind that failed to resolve leaves what depends on it unanswered: said too.
      `p/protocol.yaml:${at('login: loginReq')}:8 login: loginReq has no reply in requests: a login is counted when it is answered`,
    ]);
  });

  it('reports missing files, imports and bad framing', () => {
    expect(issuesWith({ 'protocol.yaml': BINDING })[0]).toMatch(
      /^p\/protocol.yaml:5:8 proto: cannot read \S*\/p\/im_lite.proto: no such file$/,
    );
    expect(
      issuesWith({
        'protocol.yaml': BINDING,
        'im_lite.proto': PROTO.replace('package imlite;', 'package imlite;\nimport "other.proto";'),
      }),
    ).toEqual(['p/im_lite.proto:27:9 imports "other.proto", which is not among the protocol\'s files']);
    const framing = BINDING.replace('- typeId: { bytes: 2, endian: big }', '- typeId: { bytes: 3, endian: middle }');
    expect(issuesWith({ 'protocol.yaml': framing, 'im_lite.proto': PROTO })).toEqual([
      expect.stringMatching(/framing.header\[1\].typeId.bytes: expected 1, 2 or 4, got 3$/),
      expect.stringMatching(/framing.header\[1\].typeId.endian: expected one of big, little, got "middle"$/),
    ]);
  });

  it('checks sends and expects against the protocol', () => {
    const files = { 'protocol.yaml': BINDING, 'im_lite.proto': PROTO };
    expect(
      issuesWith(
        files,
        `[connect, { send: loginReq, fields: { uid: x, ticket: t } }, { send: sendLikeReq, wait: true }, { expect: textPush, match: { meta.room: r } }, { send: enterRoomReq, fields: { room: r } }]`,
      ),
    ).toEqual([
      's.yaml:5:73 sessions[0].steps[1].fields.uid: expected an integer, got "x"',
      's.yaml:5:118 sessions[0].steps[2].wait: sendLikeReq is not answered in protocol im-lite: it cannot wait for a reply',
      's.yaml:5:155 sessions[0].steps[3].match["meta.room"]: PushMeta has no field "room"; its fields: roomId, fromUid, originTimeUs',
      's.yaml:5:205 sessions[0].steps[4].fields.room: EnterRoomReq has no field "room"; its fields: roomId, clientTimeUs',
    ]);
  });
});
