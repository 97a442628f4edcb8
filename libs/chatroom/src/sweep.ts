import { KickReason } from '@loadfleet/protocol';
import { CLOSE } from './counters.js';
import type { ChatCore } from './core.js';
import { ACTIVE, CLOSING, NEW } from './session.js';

/**
 * One pass over a process's sessions, comparing each deadline with `now`. It
 * runs on one shared interval (a tenth of the shortest timeout, 20 ms to 1 s),
 * which costs far less than a timer per connection: ~20k deadline compares a
 * second at most, and nothing to re-arm on every message.
 */
export function sweepSessions(core: ChatCore, now: number): void {
  const c = core.counters;
  for (const s of core.sessions) {
    if (now < s.deadline) continue;
    if (s.state === NEW) {
      c.loginTimeouts++;
      core.kick(s, KickReason.LOGIN_TIMEOUT, CLOSE.loginTimeout, 'no login in time');
    } else if (s.state === ACTIVE) {
      c.heartbeatTimeouts++;
      core.kick(s, KickReason.HEARTBEAT_TIMEOUT, CLOSE.heartbeatTimeout, 'no heartbeat in time');
    } else if (s.state === CLOSING) {
      // A kicked peer that neither read its kick nor closed: stop waiting.
      s.transport.destroy();
    }
  }
}
