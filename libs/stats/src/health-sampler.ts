import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface HealthSample {
  /** Event-loop delay since the last sample, in ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** CPU time (user + system) over wall time since the last sample; 100 = one full core. */
  cpuPct: number;
  rssBytes: number;
}

export interface HealthSamplerOptions {
  /** Sampling resolution of the loop-delay timer, ms (Node's default is 10). */
  resolutionMs?: number;
  /** Monotonic clock in ms, for tests. */
  now?: () => number;
  /** The process's CPU time so far (process.cpuUsage), for tests. */
  cpuUsage?: () => NodeJS.CpuUsage;
}

/**
 * CPU over a shorter interval is not a figure: the last window of a run closes a
 * few ms after the one before, and a few ms of closing sockets read as 100 %.
 * Such an interval is measured together with the one before it.
 */
export const MIN_CPU_INTERVAL_MS = 500;

/**
 * The generator's own health: a saturated load generator measures its own delays,
 * not the target's. The engine samples it once a second and adds open sockets.
 */
export class HealthSampler {
  private readonly delay: IntervalHistogram;
  private readonly now: () => number;
  private readonly cpuUsage: () => NodeJS.CpuUsage;
  private lastCpu: NodeJS.CpuUsage;
  private lastAt: number;
  /** The previous interval's CPU µs and wall ms, for a short interval to lean on. */
  private prevCpuMicros = 0;
  private prevWallMs = 0;
  private lastRss = 0;
  private closed = false;

  constructor(options: HealthSamplerOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.delay = monitorEventLoopDelay({ resolution: options.resolutionMs ?? 10 });
    this.delay.enable();
    this.cpuUsage = options.cpuUsage ?? (() => process.cpuUsage());
    this.lastCpu = this.cpuUsage();
    this.lastAt = this.now();
  }

  /** Figures since the previous sample (or construction); starts the next interval. */
  sample(): HealthSample {
    const cpu = this.cpuUsage();
    const at = this.now();
    let cpuMicros = cpu.user - this.lastCpu.user + (cpu.system - this.lastCpu.system);
    let wallMs = at - this.lastAt;
    const ownCpu = cpuMicros;
    const ownWall = wallMs;
    if (wallMs < MIN_CPU_INTERVAL_MS && this.prevWallMs > 0) {
      cpuMicros += this.prevCpuMicros;
      wallMs += this.prevWallMs;
    }
    this.prevCpuMicros = ownCpu;
    this.prevWallMs = ownWall;
    // The delay histogram is empty until the timer has fired once; it then reports NaN.
    const p99 = this.delay.count > 0 ? this.delay.percentile(99) : 0;
    const max = this.delay.count > 0 ? this.delay.max : 0;
    const out: HealthSample = {
      loopDelayP99Ms: p99 / 1e6,
      loopDelayMaxMs: max / 1e6,
      cpuPct: wallMs > 0 ? (cpuMicros / 1000 / wallMs) * 100 : 0,
      rssBytes: this.rss(),
    };
    this.delay.reset();
    this.lastCpu = cpu;
    this.lastAt = at;
    return out;
  }

  /**
   * rss() reads /proc/self/stat, which takes a file descriptor: when a generator has
   * used them all (EMFILE) it throws, and a health sample must not kill the
   * process then. The last reading stands in.
   */
  private rss(): number {
    try {
      this.lastRss = process.memoryUsage.rss();
    } catch {
      // keep the last reading
    }
    return this.lastRss;
  }

  /** Stops the loop-delay timer; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.delay.disable();
  }
}
