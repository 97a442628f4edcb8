import type { ArrivalSource, ScheduleTarget } from '@loadfleet/schedule';
import { HealthSampler, StatsRecorder, names, type StatsWindow } from '@loadfleet/stats';

/** Where the closed windows of one engine go: an in-memory timeline, a Redis stream. */
export interface WindowSink {
  push(window: StatsWindow): void;
}

/** What the pump reads of an engine each second. */
export interface EngineGauges {
  readonly activeUsers: number;
  readonly openSockets: number;
}

/**
 * Once a second, stamps the engine's gauges and the process's health onto the
 * recorder, closes the window and hands it to the sink.
 */
export class WindowPump {
  private readonly health = new HealthSampler();
  private readonly ids: Record<string, number>;
  private engine: EngineGauges | null = null;
  private source: ArrivalSource | null = null;

  constructor(
    readonly recorder: StatsRecorder,
    private readonly sink: WindowSink,
  ) {
    const g = (n: string) => recorder.gauge(n);
    this.ids = {
      active: g(names.USERS_ACTIVE),
      open: g(names.CONN_OPEN),
      usersTarget: g(names.USERS_TARGET),
      arrivalsTarget: g(names.ARRIVAL_RATE_TARGET),
      loopP99: g(names.HEALTH_LOOP_DELAY_P99_MS),
      loopMax: g(names.HEALTH_LOOP_DELAY_MAX_MS),
      cpu: g(names.HEALTH_CPU_PCT),
      rss: g(names.HEALTH_RSS_BYTES),
      sockets: g(names.HEALTH_SOCKETS),
    };
  }

  attach(engine: EngineGauges, source: ArrivalSource | null): void {
    this.engine = engine;
    this.source = source;
  }

  /** Closes the window of `second` and pushes it. */
  pump(second: number, target?: ScheduleTarget): StatsWindow {
    const r = this.recorder;
    const ids = this.ids;
    if (this.engine) {
      r.set(ids.active!, this.engine.activeUsers);
      r.set(ids.open!, this.engine.openSockets);
      r.set(ids.sockets!, this.engine.openSockets);
    }
    const t = target ?? this.source?.targetFor?.(second);
    if (t?.arrivals != null) r.set(ids.arrivalsTarget!, t.arrivals);
    if (t?.users != null) r.set(ids.usersTarget!, t.users);
    const h = this.health.sample();
    r.set(ids.loopP99!, h.loopDelayP99Ms);
    r.set(ids.loopMax!, h.loopDelayMaxMs);
    r.set(ids.cpu!, h.cpuPct);
    r.set(ids.rss!, h.rssBytes);
    const w = r.rotate(second);
    this.sink.push(w);
    return w;
  }

  close(): void {
    this.health.close();
  }
}
