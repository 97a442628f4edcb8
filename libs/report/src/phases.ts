import type { LoadModel } from '@loadfleet/scenario';
import { scheduleOf } from '@loadfleet/schedule';

/** A schedule phase in seconds from the run's start. */
export interface PhaseSpan {
  name: string;
  from: number;
  to: number;
}

/** The schedule's phases, as the charts' time axis marks them. */
export function phasesOf(load: LoadModel): PhaseSpan[] {
  return scheduleOf(load)
    .phases()
    .map((p) => ({ name: p.name, from: p.fromMs / 1000, to: p.toMs / 1000 }));
}
