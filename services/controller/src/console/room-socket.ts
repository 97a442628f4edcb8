import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  authenticate,
  checkSameOrigin,
  csrfMatches,
  type Authenticated,
  type RequestCredentials,
  type RoomMessage,
  type RoomPanels,
  type SessionStore,
} from '@loadfleet/console';
import { ControllerError, type FarmRun, type TargetAllowlist, type TokenAuth } from '@loadfleet/controller';
import type { Logger } from '@loadfleet/log';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkRunId } from '../http/request.js';

export interface RoomSocketDeps {
  server: Server;
  auth: TokenAuth;
  sessions: SessionStore;
  panels: RoomPanels;
  allowlist: TargetAllowlist;
  /** The runs this controller executes: only a live run has a room to join. */
  active: ReadonlyMap<string, FarmRun>;
  log: Logger;
}

const ROUTE = /^\/v1\/runs\/([^/]+)\/room$/;

/**
 * `GET /v1/runs/:id/room` upgraded to a WebSocket: the join-the-room panel
 * (docs/CONSOLE.md). Signed in like any read (session cookie or bearer); a cookie
 * upgrade must name this origin (browsers always send Origin on a WebSocket), and its
 * first message carries the session's CSRF token. A run that is not live here, the
 * panel bounds, or a protocol the panel cannot speak are told to the panel in a
 * `closed` message, so it can say why.
 */
export function attachRoomSockets(d: RoomSocketDeps): { close(): void } {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: d.panels.limits.maxRequestBytes,
    perMessageDeflate: false,
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0]!;
    const m = ROUTE.exec(path);
    if (!m) return refuse(socket, new ControllerError('LF_ERR_NOT_FOUND', `no WebSocket route ${path}`));
    let who: Authenticated;
    let id: string;
    try {
      id = checkRunId(m[1]);
      const creds = credentials(req);
      who = authenticate(d.auth, d.sessions, creds, 'read');
      if (who.via === 'session') {
        if (creds.origin === undefined)
          throw new ControllerError('LF_ERR_FORBIDDEN', 'a WebSocket signed in by cookie must send Origin');
        checkSameOrigin(creds, null);
      }
    } catch (err) {
      return refuse(socket, err instanceof ControllerError ? err : new ControllerError('LF_ERR_INTERNAL', 'error'));
    }
    wss.handleUpgrade(req, socket, head, (ws) => open(ws, id, who));
  };

  const open = (ws: WebSocket, id: string, who: Authenticated) => {
    ws.on('error', () => {});
    const say = (msg: RoomMessage) => ws.send(JSON.stringify(msg));
    const run = d.active.get(id);
    const sessionKey = who.session?.id ?? `${who.via}:${who.principal.name}`;
    const why = !run
      ? `run ${id} is not live on this controller: there is no room to join`
      : d.panels.refusal(id, run.monitor.plan, sessionKey);
    if (why !== null || !run) {
      say({ type: 'closed', reason: why ?? 'not live' });
      ws.close(1000);
      return;
    }
    const session = who.session;
    const log = d.log.child({ runId: id, by: who.principal.name });
    const bridge = d.panels.openPanel(id, run.monitor.plan, sessionKey, {
      canSend: who.principal.access === 'write',
      csrfOk: (token) => (session === null ? true : csrfMatches(session, token)),
      signedIn: () => session === null || d.sessions.get(session.id) !== null,
      allowTarget: (host) => d.allowlist.allows(host),
      browser: {
        send: say,
        get bufferedBytes() {
          return ws.bufferedAmount;
        },
        close: () => ws.close(1000),
      },
      onEnd: (reason) => log.info({ reason }, 'room panel closed'),
    });
    log.info({ access: who.principal.access }, 'room panel opened');
    ws.on('message', (data, binary) => {
      if (binary) return bridge.end('the panel speaks JSON text messages');
      bridge.message(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
    });
    ws.on('close', () => bridge.browserClosed());
  };

  d.server.on('upgrade', onUpgrade);
  return {
    close: () => {
      d.server.off('upgrade', onUpgrade);
      d.panels.closeAll('the controller is shutting down');
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function credentials(req: IncomingMessage): RequestCredentials {
  return {
    method: 'GET',
    authorization: header(req, 'authorization'),
    cookie: header(req, 'cookie'),
    origin: header(req, 'origin'),
    fetchSite: header(req, 'sec-fetch-site'),
    host: header(req, 'host'),
  };
}

/** An upgrade refused with its HTTP status and the API's error body. */
function refuse(socket: Duplex, e: ControllerError): void {
  const body = JSON.stringify(e.toBody());
  socket.end(
    `HTTP/1.1 ${e.status} ${e.status === 401 ? 'Unauthorized' : e.status === 403 ? 'Forbidden' : 'Error'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
