import type { ChatCore } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';
import type { ChatServerSettings } from './common.js';
import { createListener } from './listener.js';
import { Listeners } from './listeners.js';
import { createWsListener } from './ws-listener.js';

/** The chat port (TCP or TLS) and, with --ws-port, the WebSocket port of one process, not listening yet. */
export function serverListeners(core: ChatCore, s: ChatServerSettings, log: Logger, changed: () => void): Listeners {
  const listeners = new Listeners();
  const tls = s.tlsCert !== '';
  listeners.add(tls ? 'chat TLS port' : 'chat TCP port', createListener(core, s, log, changed), s.host, s.port);
  if (s.wsPort >= 0) listeners.add('chat WebSocket port', createWsListener(core, changed), s.host, s.wsPort);
  return listeners;
}
