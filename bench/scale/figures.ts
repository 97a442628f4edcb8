// The figures of a scale run, from the report and from what the observer saw.
import type { Report } from '@loadfleet/report';
import type { FleetWorker, RunView } from '../lib/farm-api.js';
import type { KernelFacts } from './infra.js';
import type { Group, Marks, Observer, Samples } from './observer.js';
import { coresBetween } from './procs.js';

/** bench/scale.ts's options. */
export interface ScaleOptions {
  users: number;
  rate: number;
  holdMs: number;
  perWorker: number;
  actEvery: string;
  roomSize: number;
  primaryNice: number;
  workers: number;
  serverProcs: number;
  rampMs: number;
}

/** Cores used by each process group between two moments. */
export type CoresByGroup = Record<Group, number>;

const KIB = 1024;
const MIB = 2 ** 20;

function cpuOf(samples: Observer['samples'], from: keyof Marks, to: keyof Marks): CoresByGroup | null {
  const a = samples[from];
  const b = samples[to];
  if (!a || !b) return null;
  return Object.fromEntries((Object.keys(a) as Group[]).map((k) => [k, coresBetween(a[k], b[k])])) as CoresByGroup;
}

export function figuresOf({
  o,
  report,
  obs,
  run,
  fleet,
  kernel,
}: {
  o: ScaleOptions;
  report: Report;
  obs: Observer;
  run: RunView;
  fleet: FleetWorker[];
  kernel: KernelFacts;
}) {
  const { samples, counts } = obs;
  // The run was followed to its end: it started, so its moments are known.
  const marks = obs.marks!;
  const rows = report.timeline;
  const bySecond = new Map(rows.map((r) => [r.second, r]));
  const sec = (ms: number) => Math.floor(ms / 1000);
  // Hold seconds: after the settle time, before the stop; the report's count over them.
  const holdRows = rows.filter((r) => r.second >= sec(marks.holdStart) && r.second < sec(marks.holdEnd));
  const activeInHold = holdRows.map((r) => r.users.active ?? 0);
  const held = activeInHold.length ? Math.min(...activeInHold) : 0;
  const agreement = counts.map((c) => {
    const r = bySecond.get(c.second) ?? bySecond.get(c.second - 1);
    return {
      ...c,
      report: r?.users.active ?? null,
      reportOpen: r?.connections.open ?? null,
      connecting: c.ss - c.serverOpen,
    };
  });
  // Sockets the kernel has established but the server has not accepted yet are the users still connecting:
  // the report, ss and the heartbeats count them, the chat server not yet.
  const agrees = (c: (typeof agreement)[number]) =>
    c.report === c.ss && c.ss === c.heartbeatUsers && c.serverOpen <= c.ss;
  const last = counts.at(-1);
  // Every ramp start falls in the seconds from the start's to the ramp end's (replacements of users that ended may add a few).
  const rampRows = rows.filter((r) => r.second >= sec(marks.start) && r.second <= sec(marks.rampEnd));
  const rampStarted = rampRows.reduce((a, r) => a + r.users.started, 0);
  const reachedAll = rows.find((r) => (r.users.active ?? 0) >= o.users);
  const heldRss = (k: Group) => samples.holdEnd?.[k].rss ?? NaN;
  const idleRss = (k: Group) => (samples.idle as Samples)[k].rss;
  const genCoresHold = cpuOf(samples, 'holdStart', 'holdEnd')?.generator ?? null;
  const hb = report.latency.find((l) => l.name === 'response.heartbeat');
  const hbHoldP99 = holdRows.flatMap((r) =>
    r.latency['response.heartbeat'] ? [r.latency['response.heartbeat'].p99] : [],
  );
  const totals = report.totals;
  const errors = {
    total: totals.errors.total,
    byKind: totals.errors.byKind,
    connectFailures: totals.connections.failedByReason,
    usersFailed: totals.users.failed,
    usersDropped: totals.users.dropped,
    closedByReason: totals.connections.closedByReason,
    server: {
      closed: obs.serverEnd?.connections.closed ?? null,
      errorsOut: obs.serverEnd?.errorsOut ?? null,
      slowConsumerDrops: obs.serverEnd?.slowConsumerDrops ?? null,
      logins: obs.serverEnd?.logins ?? null,
    },
  };
  const caughtUp = agreement.find((c) => c.serverOpen === c.ss);
  const verdict = {
    allHeld:
      held >= o.users && last !== undefined && Math.min(last.ss, last.serverOpen, last.heartbeatUsers) >= o.users,
    agree: agreement.length > 0 && agreement.every(agrees) && agreement.at(-1)!.serverOpen === agreement.at(-1)!.ss,
    serverCaughtUpAfterS: caughtUp ? caughtUp.second - sec(marks.rampEnd) : null,
    errorFree: errors.total === 0 && errors.usersFailed === 0 && totals.connections.failed === 0,
    state: run.state,
    stopReason: run.stopReason,
  };
  return {
    kernel,
    workers: fleet.map((w) => ({ id: w.id, capacity: w.capacity, capacityLimit: w.capacityLimit, weight: w.weight })),
    serverProcs: obs.groups.server.length - 1,
    held,
    holdSeconds: holdRows.length,
    agreement,
    maxPerWorker: Math.max(0, ...counts.map((c) => c.maxPerWorker)),
    arrival: {
      target: o.rate,
      achieved: rampRows.length ? rampStarted / ((marks.rampEnd - marks.start) / 1000) : null,
      allActiveAfterS: reachedAll ? reachedAll.second - sec(marks.start) : null,
      rampS: o.rampMs / 1000,
      startLatenessP99Ms: report.health.startLatenessP99Ms,
      scheduled: report.arrivals.target,
      started: report.arrivals.achieved,
      dropped: report.arrivals.dropped,
    },
    memory: {
      generator: {
        idleMiB: idleRss('generator') / MIB,
        heldMiB: heldRss('generator') / MIB,
        peakMiB: obs.peakRss.generator / MIB,
        kibPerUser: held ? (heldRss('generator') - idleRss('generator')) / held / KIB : null,
        processes: obs.groups.generator.length,
      },
      server: {
        idleMiB: idleRss('server') / MIB,
        heldMiB: heldRss('server') / MIB,
        peakMiB: obs.peakRss.server / MIB,
        kibPerUser: held ? (heldRss('server') - idleRss('server')) / held / KIB : null,
        processes: obs.groups.server.length,
      },
      controllerMiB: heldRss('controller') / MIB,
      aggregatorMiB: heldRss('aggregator') / MIB,
      natsMiB: heldRss('nats') / MIB,
      redisMiB: heldRss('redis') / MIB,
    },
    cpu: { ramp: cpuOf(samples, 'start', 'rampEnd'), hold: cpuOf(samples, 'holdStart', 'holdEnd') },
    usersPerGeneratorCore: genCoresHold ? held / genCoresHold : null,
    heartbeat: {
      p99Ms: hb?.p99 ?? null,
      p999Ms: hb?.p999 ?? null,
      maxMs: hb?.max ?? null,
      count: hb?.count ?? 0,
      worstSecondP99InHoldMs: hbHoldP99.length ? Math.max(...hbHoldP99) : null,
    },
    messages: { out: totals.messages.out, events: totals.messages.events },
    errors,
    health: report.health,
    warnings: report.warnings,
    verdict,
  };
}

/** What bench/scale.ts prints (JSON) and report.ts renders. */
export type ScaleResult = {
  date: string;
  command: string;
  node: string;
  note: string;
  options: ScaleOptions;
} & ReturnType<typeof figuresOf>;
