import type { LoadModel } from '@loadfleet/scenario';

/** A schedule phase in seconds from the run's start. */
export interface PhaseSpan {
  name: string;
  from: number;
  to: number;
}

/** The schedule's phases, as the charts' time axis marks them. */
export function phasesOf(load: LoadModel): PhaseSpan[] {
  const parts: [string, number][] =
    load.model === 'closed'
      ? (
          [
            ['ramp-up', load.rampUpMs],
            ['hold', load.holdMs],
            ['ramp-down', load.rampDownMs],
          ] as [string, number][]
        ).filter(([, ms]) => ms > 0)
      : load.phases.map((p) => [p.name, p.durationMs]);
  let at = 0;
  return parts.map(([name, ms]) => {
    const p = { name, from: at / 1000, to: (at + ms) / 1000 };
    at += ms;
    return p;
  });
}
