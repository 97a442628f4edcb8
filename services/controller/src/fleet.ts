import { codecs, type BusNames } from '@loadfleet/bus';
import type { ControllerMetrics, RunLog, WorkerRegistry } from '@loadfleet/controller';
import type { NatsConnection, Subscription } from 'nats';

/**
 * The controller's side of liveness: it listens to every worker's heartbeat
 * (into the registry) and says it is alive itself once a second, so workers
 * stop a run whose owner has gone silent.
 */
export class FleetWatch {
  private readonly sub: Subscription;
  private readonly timer: NodeJS.Timeout;
  private readonly beat: Uint8Array;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: BusNames,
    private readonly registry: WorkerRegistry,
    controllerId: string,
    private readonly metrics: ControllerMetrics,
    private readonly log: RunLog,
  ) {
    this.beat = new TextEncoder().encode(controllerId);
    this.sub = nc.subscribe(names.subjects.workerHeartbeat, {
      callback: (err, m) => {
        if (err) return;
        const hb = codecs.workerHeartbeat.decode(m.data);
        if (!hb || !hb.workerId) return this.metrics.badMessage('worker_heartbeat');
        this.registry.heartbeat({
          ...hb,
          runs: hb.runs.map((r) => ({
            runId: r.runId ?? '',
            activeUsers: r.activeUsers ?? 0,
            openSockets: r.openSockets ?? 0,
          })),
        });
      },
    });
    this.timer = setInterval(() => this.tick(), 1000);
    this.tick();
  }

  private tick(): void {
    if (!this.nc.isClosed()) this.nc.publish(this.names.subjects.controllerHeartbeat, this.beat);
    for (const w of this.registry.sweep())
      this.log.warn({ workerId: w.id, host: w.host }, 'worker lost (silent for 3 s)');
  }

  close(): void {
    clearInterval(this.timer);
    this.sub.unsubscribe();
  }
}
