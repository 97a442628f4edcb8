import type { RunEndedInfo } from '@loadfleet/report';
import { codecs, type BusNames } from '@loadfleet/bus';
import type { ControllerMetrics, RunBus, RunHandlers, RunLog, RunSpecInfo, StopInfo } from '@loadfleet/controller';
import { decodeWindow } from '@loadfleet/stats';
import type { KV, Msg, NatsConnection, Subscription } from 'nats';

/**
 * The run's control plane on NATS (docs/FARM.md): RunSpec in the KV bucket of
 * active runs, quota request/reply, StopRun, WorkerDone, LiveRollup, RunEnded,
 * reportReady. Every message from the network is decoded defensively: a bad
 * one is counted (`loadfleet_bad_messages_total`) and dropped.
 */
export class NatsRunBus implements RunBus {
  constructor(
    private readonly nc: NatsConnection,
    private readonly kv: KV,
    private readonly names: BusNames,
    private readonly metrics: ControllerMetrics,
    private readonly log: RunLog,
    /** The fencing token stamped on every RunSpec, grant, StopRun and RunEnded (the leader's). */
    private readonly fence: () => number = () => 0,
  ) {}

  async attach(runId: string, h: RunHandlers): Promise<() => Promise<void>> {
    const s = this.names.subjects;
    const subs: Subscription[] = [
      this.nc.subscribe(s.quota(runId), { callback: (err, m) => !err && this.onQuota(runId, m, h) }),
      this.nc.subscribe(s.workerDone(runId), {
        callback: (err, m) => {
          if (err) return;
          const d = codecs.workerDone.decode(m.data);
          if (!d || d.runId !== runId || !d.workerId) return this.metrics.badMessage('worker_done');
          this.guard('worker_done', () =>
            h.workerDone({
              workerId: d.workerId,
              lastSecond: d.lastSecond,
              records: d.records,
              droppedRecords: d.droppedRecords,
              refused: d.refused.slice(0, 500),
            }),
          );
        },
      }),
      this.nc.subscribe(s.live(runId), {
        callback: (err, m) => {
          if (err) return;
          const r = codecs.liveRollup.decode(m.data);
          if (!r || r.runId !== runId) return this.metrics.badMessage('live_rollup');
          this.guard('live_rollup', () => h.live(decodeWindow(r.window)));
        },
      }),
      this.nc.subscribe(s.reportReady(runId), {
        callback: (err) => !err && this.guard('report_ready', () => h.reportReady()),
      }),
    ];
    // The subscriptions must be live on the server before the RunSpec goes out.
    await this.nc.flush();
    return async () => {
      for (const sub of subs) sub.unsubscribe();
    };
  }

  async putSpec(spec: RunSpecInfo): Promise<void> {
    await this.kv.put(spec.runId, codecs.runSpec.encode({ ...spec, fence: this.fence() }));
  }

  async deleteSpec(runId: string): Promise<void> {
    await this.kv.delete(runId);
  }

  async publishStop(stop: StopInfo): Promise<void> {
    this.nc.publish(this.names.subjects.stop(stop.runId), codecs.stopRun.encode({ ...stop, fence: this.fence() }));
    await this.nc.flush();
  }

  async publishEnded(e: RunEndedInfo): Promise<void> {
    this.nc.publish(this.names.subjects.ended(e.runId), codecs.runEnded.encode({ ...e, fence: this.fence() }));
    await this.nc.flush();
  }

  private onQuota(runId: string, m: Msg, h: RunHandlers): void {
    const q = codecs.quotaRequest.decode(m.data);
    if (!q || q.runId !== runId || !q.workerId) return this.metrics.badMessage('quota_request');
    this.guard('quota_request', () => {
      const g = h.quota({
        workerId: q.workerId,
        freeCapacity: q.freeCapacity,
        weight: q.weight,
        activeUsers: q.activeUsers,
        grantedThrough: q.grantedThrough,
        lastUserId: q.lastUserId,
        lastGrantAt: q.lastGrantAt,
        usersGranted: q.usersGranted ?? undefined,
        dropsReceived: q.dropsReceived ?? undefined,
        pendingStarts: q.pendingStarts ?? undefined,
      });
      // No answer from a controller that no longer leads: the worker asks again, and the leader answers.
      if (g !== null) m.respond(codecs.quotaGrant.encode({ runId, ...g, fence: this.fence() }));
    });
  }

  /** A handler that throws on a message from the network is counted, never fatal. */
  private guard(kind: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.metrics.badMessage(kind);
      this.log.warn({ err, kind }, 'message from the network could not be handled');
    }
  }
}
