import type { ChartSeries, ChartSpec } from '@loadfleet/chart';
import { ChartView } from '@loadfleet/chart/dom';
import type { LiveFrame, LiveMeta } from '@loadfleet/console/wire';
import { h } from '../dom.js';
import { FrameLog } from './frames.js';
import type { LivePanel } from './panel.js';

interface ChartDef {
  id: string;
  title: string;
  spec: Partial<ChartSpec>;
  series(frames: readonly LiveFrame[]): ChartSeries[];
}

/**
 * Every chart of the live page, each a ChartView drawn once and updated in
 * place, at most once per animation frame however fast seconds arrive. Latency
 * and fan-out charts appear per kind as kinds appear.
 */
export class ChartsPanel implements LivePanel {
  readonly element = h('section', { id: 'charts', class: 'charts' });
  private readonly log = new FrameLog();
  private readonly views = new Map<string, { view: ChartView; def: ChartDef }>();
  private meta_: LiveMeta | null = null;
  private pending = false;

  meta(m: LiveMeta): void {
    this.meta_ = m;
    for (const { view, def } of this.views.values()) view.setSpec(this.specOf(def));
  }

  history(frames: readonly LiveFrame[]): void {
    for (const f of frames) this.log.add(f);
    this.schedule();
  }

  frame(f: LiveFrame): void {
    this.log.add(f);
    this.schedule();
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  private draw(): void {
    const frames = this.log.frames;
    const xs = frames.map((f) => f.t);
    const phaseAt = frames.map((f) => f.phase);
    const shade = frames.map((f) => f.saturated);
    for (const def of this.defs(frames)) {
      let entry = this.views.get(def.id);
      if (!entry) {
        const fig = h('figure', { id: `chart-${def.id}` }, h('figcaption', {}, def.title));
        this.element.append(fig);
        entry = { view: new ChartView(fig, this.specOf(def)), def };
        this.views.set(def.id, entry);
      }
      const series = def.series(frames).filter((s) => s.values.some((v) => v !== null));
      const saturated = def.spec.scale === 'log' && shade.some(Boolean);
      entry.view.update({ xs, series, phaseAt, ...(saturated ? { shade } : {}) });
    }
  }

  private specOf(def: ChartDef): ChartSpec {
    const m = this.meta_;
    const thresholds = (m?.thresholds ?? [])
      .filter((t) => t.histogram !== null && `latency-${t.histogram}` === def.id)
      .map((t) => ({ value: t.limit, label: t.expr }));
    return {
      title: def.title,
      phases: m?.phases ?? [],
      startedAt: m?.startedAt ?? null,
      width: 640,
      height: 200,
      ...def.spec,
      thresholds,
    };
  }

  private defs(frames: readonly LiveFrame[]): ChartDef[] {
    const kinds = (pick: (f: LiveFrame) => Record<string, unknown>) =>
      [...new Set(frames.flatMap((f) => Object.keys(pick(f))))].sort();
    const defs: ChartDef[] = [
      {
        id: 'arrivals',
        title: 'Arrivals per second: achieved vs target',
        spec: { format: 'rate' },
        series: (fs) => [
          { name: 'achieved', values: fs.map((f) => f.arrivals) },
          { name: 'target', values: fs.map((f) => f.arrivalsTarget), dashed: true },
          { name: 'dropped', values: fs.map((f) => f.dropped || null) },
        ],
      },
      {
        id: 'users',
        title: 'Active users vs target',
        spec: {},
        series: (fs) => [
          { name: 'active', values: fs.map((f) => f.users) },
          { name: 'target', values: fs.map((f) => f.usersTarget), dashed: true },
        ],
      },
      {
        id: 'sent',
        title: 'Messages sent per second by kind',
        spec: { format: 'rate' },
        series: (fs) => kinds((f) => f.msgOut).map((k) => ({ name: k, values: fs.map((f) => f.msgOut[k] ?? 0) })),
      },
      {
        id: 'received',
        title: 'Messages received per second by kind',
        spec: { format: 'rate' },
        series: (fs) => kinds((f) => f.msgIn).map((k) => ({ name: k, values: fs.map((f) => f.msgIn[k] ?? 0) })),
      },
    ];
    for (const kind of kinds((f) => f.latency))
      defs.push(latencyDef(`response.${kind}`, `Latency: ${kind} (log scale)`, (f) => f.latency[kind]));
    for (const kind of kinds((f) => f.delivery))
      defs.push(
        latencyDef(`delivery.${kind}`, `Fan-out delivery: ${kind} events (log scale)`, (f) => f.delivery[kind]),
      );
    defs.push({
      id: 'errors',
      title: 'Errors per second by reason',
      spec: { format: 'rate' },
      series: (fs) => kinds((f) => f.errors).map((k) => ({ name: k, values: fs.map((f) => f.errors[k] ?? 0) })),
    });
    return defs;
  }
}

function latencyDef(
  histogram: string,
  title: string,
  pick: (f: LiveFrame) => [number, number, number] | undefined,
): ChartDef {
  const at = (i: number) => (f: LiveFrame) => {
    const v = pick(f)?.[i];
    return v !== undefined && v > 0 ? v : null;
  };
  return {
    id: `latency-${histogram}`,
    title,
    spec: { scale: 'log', format: 'ms', reduce: 'max', shadeLabel: 'generator saturated' },
    series: (fs) => [
      { name: 'p50', values: fs.map(at(0)) },
      { name: 'p90', values: fs.map(at(1)) },
      { name: 'p99', values: fs.map(at(2)) },
    ],
  };
}
