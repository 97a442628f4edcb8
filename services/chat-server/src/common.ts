import type { ChatCoreOptions, RoomRelay } from '@loadfleet/chatroom';
import type { chatServerSpec, SettingsOf } from '@loadfleet/config';

export type ChatServerSettings = SettingsOf<typeof chatServerSpec>;

export function coreOptions(s: ChatServerSettings, relay?: RoomRelay): ChatCoreOptions {
  return {
    loginTimeout: s.loginTimeout,
    heartbeatTimeout: s.heartbeatTimeout,
    likeBatch: s.likeBatch,
    maxOutbound: s.maxOutbound,
    maxFrame: s.maxFrame,
    ...(relay ? { relay } : {}),
  };
}

/** Calls `stop` once on the first SIGTERM or SIGINT; returns a function that removes the handlers. */
export function onStopSignal(stop: (signal: string) => void): () => void {
  const handler = (signal: string) => {
    dispose();
    stop(signal);
  };
  const dispose = () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return dispose;
}

/** The machine-readable readiness line on stdout that tests and benchmarks wait for. */
export function printReady(info: { port: number; httpPort: number; procs: number; pids: number[] }): void {
  process.stdout.write(JSON.stringify({ ready: true, ...info }) + '\n');
}
