// A synthetic run: a plan and a timeline two workers filled second by second.
import type { Plan, Threshold } from '@loadfleet/scenario';
import { StatsRecorder, Timeline, names } from '@loadfleet/stats';
import { specOf } from '../../helpers/protocols.js';

/** The bundled chat protocol's spec (a plan carries one; the report does not read it). */
const CHAT = specOf('chat');

export const START_MS = 1_764_000_000_250; // a quarter second into an epoch second
export const START_SECOND = Math.floor(START_MS / 1000);

export function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    name: 'chat-basic',
    sourceHash: 'sha256:0123abcd',
    targets: [{ host: '10.0.0.5', port: 7000, weight: 1, transport: 'tcp', path: '', tls: null }],
    sourceAddresses: [],
    timeouts: { connectMs: 5000, requestMs: 5000 },
    load: {
      model: 'open',
      arrivals: 'uniform',
      maxUsers: 0,
      phases: [{ name: 'steady', durationMs: 60_000, fromRate: 10, toRate: 10, sessionWeights: null }],
    },
    sessions: [],
    feeders: [],
    thresholds: [],
    transactions: [],
    maxFrameBytes: 65536,
    protocol: CHAT,
    ...overrides,
  };
}

export function threshold(expr: string, metric: Threshold['metric'], op: Threshold['op'], value: number): Threshold {
  return { expr, metric, op, value, abort: false, abortDelayMs: 0 };
}

/**
 * 60 seconds from two workers, each starting 5 users/s; chat latency 1-2 ms
 * (worker w2: 10-20 ms), errors in second 30, generator saturated in 40-44.
 */
export function syntheticTimeline(seconds = 60): Timeline {
  const timeline = new Timeline();
  for (const worker of ['w1', 'w2']) {
    const r = new StatsRecorder();
    const id = {
      started: r.counter(names.USERS_STARTED),
      loggedIn: r.counter(names.USERS_LOGGED_IN),
      finished: r.counter(names.USERS_FINISHED),
      attempted: r.counter(names.CONN_ATTEMPTED),
      established: r.counter(names.CONN_ESTABLISHED),
      refused: r.counter(names.connFailed('refused')),
      chatOut: r.counter(names.msgOut('chat')),
      loginOut: r.counter(names.msgOut('login')),
      ackIn: r.counter(names.msgIn('ack')),
      timeout: r.counter(names.error('request_timeout')),
      bytesOut: r.counter(names.BYTES_OUT),
      active: r.gauge(names.USERS_ACTIVE),
      open: r.gauge(names.CONN_OPEN),
      loop: r.gauge(names.HEALTH_LOOP_DELAY_P99_MS),
      cpu: r.gauge(names.HEALTH_CPU_PCT),
      chat: r.histogram(names.response('chat')),
      login: r.histogram(names.response('login')),
      delivery: r.histogram(names.DELIVERY_ALL),
      lateness: r.histogram(names.LATENESS_START),
    };
    const slow = worker === 'w2' ? 10 : 1;
    for (let s = 0; s < seconds; s++) {
      r.add(id.started, 5);
      r.add(id.loggedIn, 5);
      r.add(id.attempted, 5);
      r.add(id.established, s === 10 ? 4 : 5);
      if (s === 10) r.add(id.refused, 1);
      if (s >= 5) r.add(id.finished, 5);
      r.add(id.loginOut, 5);
      for (let i = 0; i < 100; i++) {
        r.add(id.chatOut);
        r.add(id.ackIn);
        r.add(id.bytesOut, 64);
        r.record(id.chat, slow * (1000 + i * 10));
        r.record(id.delivery, 3000 + i);
      }
      for (let i = 0; i < 5; i++) r.record(id.login, 2000 + i * 100);
      if (s === 30) r.add(id.timeout, 3);
      r.record(id.lateness, 200);
      r.set(id.active, Math.min(s + 1, 5) * 5);
      r.set(id.open, Math.min(s + 1, 5) * 5);
      r.set(id.loop, s >= 40 && s < 45 && worker === 'w1' ? 80 : 2);
      r.set(id.cpu, 35);
      timeline.add(worker, r.rotate(START_SECOND + s));
    }
  }
  return timeline;
}
