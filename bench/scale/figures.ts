// The figures of a scale run, from the report and from what the observer saw.
import type { Report } from '@loadfleet/report';
import type { FleetWorker, RunView } from '../lib/farm-api.js';
import type { FloorOutput } from './floor-report.js';
import type { KernelFacts } from './infra.js';
import type { Count, Group, Marks, Observer, Samples, Step } from './observer.js';
import type { ProfileSummary } from './profile.js';
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
  /** The schedule's length: every ramp and every --steps hold (the final hold follows it). */
  rampMs: number;
  /** --step-hold. */
  stepHoldMs: number;
  /** --steps: the held levels before the final one. */
  steps: Step[];
  /** The scenario's phases (YAML flow mappings), one ramp per level and one hold per step. */
  phases: string[];
  actEveryMs: number;
  /** --cpu-prof DIR. */
  profDir: string | null;
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

/** RSS (MiB) of every group in a sample. */
const rssMiB = (s: Samples): Record<Group, number> =>
  Object.fromEntries(Object.entries(s).map(([k, x]) => [k, x.rss / MIB])) as Record<Group, number>;

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
  const { samples } = obs;
  const counts = obs.counts.filter((c) => c.step === undefined);
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
  type Agreement = (typeof agreement)[number];
  const agrees = (c: Agreement) => c.report === c.ss && c.ss === c.heartbeatUsers && c.serverOpen <= c.ss;
  /** Which count differs from the others at a sample (the odd one out, or every one that is not the most common value). */
  const whichDiffer = (c: Agreement) => {
    const v = { report: c.report, ss: c.ss, 'chat server': c.serverOpen, workers: c.heartbeatUsers };
    const freq = new Map<number | null, number>();
    for (const x of Object.values(v)) freq.set(x, (freq.get(x) ?? 0) + 1);
    const common = [...freq].sort((a, b) => b[1] - a[1])[0]?.[0];
    return Object.entries(v)
      .filter(([, x]) => x !== common)
      .map(([k, x]) => `${k} ${x} (others ${common})`);
  };
  const differs = agreement
    .filter((c) => !(c.report === c.ss && c.ss === c.heartbeatUsers && c.serverOpen === c.ss))
    .map((c) => `${new Date(c.second * 1000).toISOString().slice(11, 19)}: ${whichDiffer(c).join(', ')}`);
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
    differs,
    errorFree: errors.total === 0 && errors.usersFailed === 0 && totals.connections.failed === 0,
    state: run.state,
    stopReason: run.stopReason,
  };
  // The cost curve: each --steps hold, then the final hold; CPU over the window, RSS at its end.
  const level = (
    users: number,
    from: number | undefined,
    to: number | undefined,
    cs: Count[],
    a: keyof Marks,
    b: keyof Marks,
  ) => {
    const win =
      from === undefined || to === undefined
        ? []
        : rows.filter((r) => r.second >= sec(from) && r.second < sec(to)).map((r) => r.users.active ?? 0);
    const cpu = samples[a] && samples[b] ? cpuOf(samples, a, b) : null;
    const sb = samples[b];
    const rss = sb ? rssMiB(sb) : null;
    const withReport = cs.map((c) => ({
      ...c,
      report: (bySecond.get(c.second) ?? bySecond.get(c.second - 1))?.users.active ?? null,
    }));
    return {
      users,
      held: win.length ? Math.min(...win) : 0,
      seconds: win.length,
      cpu,
      rssMiB: rss,
      counts: withReport,
      equal:
        withReport.length > 0 &&
        withReport.every((c) => c.report === c.ss && c.ss === c.serverOpen && c.ss === c.heartbeatUsers),
      differs: withReport
        .filter((c) => !(c.report === c.ss && c.ss === c.serverOpen && c.ss === c.heartbeatUsers))
        .map(
          (c) =>
            `${new Date(c.second * 1000).toISOString().slice(11, 19)}: report ${c.report}, ss ${c.ss}, chat server ${c.serverOpen}, workers ${c.heartbeatUsers}`,
        ),
    };
  };
  const curve = [
    ...o.steps.map((st, i) =>
      level(
        st.users,
        marks[`step${i}From`],
        marks[`step${i}To`],
        obs.counts.filter((c) => c.step === i),
        `step${i}From`,
        `step${i}To`,
      ),
    ),
    level(o.users, marks.holdStart, marks.holdEnd, counts, 'holdStart', 'holdEnd'),
  ];
  return {
    memoryStop: obs.memoryStop ?? null,
    minAvailableGiB: (obs.minAvailable ?? NaN) / 2 ** 30,
    curve,
    idleRssMiB: rssMiB(samples.idle as Samples),
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

/** --cpu-prof: the profiles over one measured hold (a --steps one or the final one). */
export interface HoldProfiles {
  users: number;
  generator: ProfileSummary | null;
  server: ProfileSummary | null;
}

/** A farm run's result: what report.ts renders. */
export type ScaleResult = {
  date: string;
  command: string;
  node: string;
  note: string;
  options: ScaleOptions;
  profiles: HoldProfiles[] | null;
} & ReturnType<typeof figuresOf>;

/** The host's load average (1, 5, 15 min) at the start and the end of bench:scale. */
export interface Load {
  start: number[];
  end?: number[];
}

/** What bench/scale.ts prints (JSON): the farm run's result (none with --floor-only), the load, and the floor. */
export type ScaleOutput = (ScaleResult | { date: string; command: string; options: ScaleOptions }) & {
  load: Load;
  floor?: FloorOutput;
};
