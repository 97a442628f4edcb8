/**
 * Every NATS subject, JetStream bucket, Redis key and queue name of the farm,
 * and nowhere else. All derive from one namespace (default "lf"), so tests and
 * several farms can share one NATS and one Redis without seeing each other.
 */
export interface BusNames {
  readonly namespace: string;
  readonly subjects: {
    /** Worker -> all: WorkerHeartbeat, every second. */
    workerHeartbeat: string;
    /** Controller -> workers: its liveness (workers stop runs whose owner falls silent). */
    controllerHeartbeat: string;
    /** Worker -> controller request/reply: QuotaRequest -> QuotaGrant. */
    quota(runId: string): string;
    /** Controller -> workers: StopRun. */
    stop(runId: string): string;
    /** Worker -> controller: WorkerDone. */
    workerDone(runId: string): string;
    /** Controller -> aggregators: RunEnded. */
    ended(runId: string): string;
    /** Every run's RunEnded (aggregators subscribe with a queue group). */
    anyEnded: string;
    /** Aggregator -> controller and API clients: LiveRollup per merged second. */
    live(runId: string): string;
    /** Aggregator -> controller: the final report of a run is stored. */
    reportReady(runId: string): string;
    /** Follower controller -> leader request/reply: a StopRun asked through the follower's API. */
    stopRequest: string;
  };
  /** JetStream KV bucket of controller leadership: the lease (`leaseKey`), CAS on its revision. */
  readonly leaderBucket: string;
  /** The key of the lease in `leaderBucket`. */
  readonly leaseKey: string;
  /** JetStream KV bucket of active runs' RunSpecs (key = run id). */
  readonly runsBucket: string;
  /** Queue group of the aggregators on `anyEnded`. */
  readonly aggregatorQueue: string;
  readonly redis: {
    /** The stream every worker XADDs its StatsRecords to. */
    statsStream: string;
    /** The consumer group the aggregators read it with. */
    statsGroup: string;
    /** Hash: worker id -> encoded window, for one run and one second (HSET makes redelivery idempotent). */
    windows(runId: string, second: number): string;
    /** Sorted set of the seconds a run has windows for. */
    seconds(runId: string): string;
    /** Run record hash (state, scenario, timestamps, …). */
    run(runId: string): string;
    /** Sorted set of run ids by submission time (history). */
    runs: string;
    /** The final report, JSON and HTML. */
    reportJson(runId: string): string;
    reportHtml(runId: string): string;
    /** What the scenario's monitor endpoints gave during a run (JSON), written by the controller before RunEnded. */
    monitor(runId: string): string;
    /** The run id marked as the baseline of a scenario (by its name). */
    baseline(scenario: string): string;
    /** Set-if-absent lock electing one aggregator for a job (a second's rollup, a report). */
    lock(what: string): string;
    /** The BullMQ prefix of the run queue. */
    bullPrefix: string;
    /** Sorted set: the runs waiting to start, scored by their ticket (queue positions, taken atomically). */
    line: string;
    /** Counter: the last ticket handed out to a submitted run. */
    lineTicket: string;
  };
  /** The BullMQ queue of runs. */
  readonly runQueue: string;
}

const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

/** Run ids and worker ids go into subjects and keys: only safe tokens. */
export function isSafeToken(id: string): boolean {
  return TOKEN.test(id);
}

export function busNames(namespace = 'lf'): BusNames {
  if (!isSafeToken(namespace)) throw new Error(`bus namespace "${namespace}" must match ${TOKEN}`);
  const ns = namespace;
  const run = (id: string) => {
    if (!isSafeToken(id)) throw new Error(`run id "${id}" must match ${TOKEN}`);
    return `${ns}.run.${id}`;
  };
  return {
    namespace: ns,
    subjects: {
      workerHeartbeat: `${ns}.worker.heartbeat`,
      controllerHeartbeat: `${ns}.controller.heartbeat`,
      quota: (id) => `${run(id)}.quota`,
      stop: (id) => `${run(id)}.stop`,
      workerDone: (id) => `${run(id)}.done`,
      ended: (id) => `${run(id)}.ended`,
      anyEnded: `${ns}.run.*.ended`,
      live: (id) => `${run(id)}.live`,
      reportReady: (id) => `${run(id)}.report`,
      stopRequest: `${ns}.controller.stop`,
    },
    leaderBucket: `${ns}-leader`,
    leaseKey: 'lease',
    runsBucket: `${ns}-runs`,
    aggregatorQueue: `${ns}-aggregators`,
    redis: {
      statsStream: `${ns}:stats`,
      statsGroup: 'aggregators',
      windows: (id, second) => `${ns}:win:${id}:${second}`,
      seconds: (id) => `${ns}:secs:${id}`,
      run: (id) => `${ns}:run:${id}`,
      runs: `${ns}:runs`,
      reportJson: (id) => `${ns}:report:${id}:json`,
      reportHtml: (id) => `${ns}:report:${id}:html`,
      monitor: (id) => `${ns}:monitor:${id}`,
      baseline: (scenario) => `${ns}:baseline:${encodeURIComponent(scenario)}`,
      lock: (what) => `${ns}:lock:${what}`,
      bullPrefix: `${ns}:bull`,
      line: `${ns}:line`,
      lineTicket: `${ns}:line:ticket`,
    },
    runQueue: 'runs',
  };
}
