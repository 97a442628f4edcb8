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
    extraLatency: s.extraLatency,
    dropRate: s.dropRate,
    ...(relay ? { relay } : {}),
  };
}

/** The machine-readable readiness line on stdout that tests and benchmarks wait for. */
export function printReady(info: { port: number; httpPort: number; procs: number; pids: number[] }): void {
  process.stdout.write(JSON.stringify({ ready: true, ...info }) + '\n');
}
