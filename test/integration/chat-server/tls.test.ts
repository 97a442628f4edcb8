import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatServer, type ChatServerHandle } from '../../helpers/chat-server.js';
import { eventually, TestClient } from './client.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasOpenssl)('chat server: TLS', () => {
  let dir: string;
  let server: ChatServerHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-tls-'));
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert].concat([
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ]),
      { stdio: 'ignore' },
    );
    server = await startChatServer({ procs: 2, args: ['--tls-cert', cert, '--tls-key', key] });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the protocol over TLS', async () => {
    const a = await TestClient.connectTls(server.port);
    const b = await TestClient.connectTls(server.port);
    expect((await a.login(1)).body).toBe('loginAck');
    await b.login(2);
    await a.request({ joinRoom: { room: 'secure' } });
    await b.request({ joinRoom: { room: 'secure' } });
    // The members may sit in different processes: let the relay hub learn of both joins.
    await eventually(async () => (await server.stats()).rooms.members === 2, 3000, 'members');
    await a.request({ chat: { room: 'secure', text: 'psst' } });
    await b.waitFor((f) => f.event?.chat?.text === 'psst');
    a.close();
    b.close();
  });
});
