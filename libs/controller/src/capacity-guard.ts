import type { Distribution, Plan, Step } from '@loadfleet/scenario';
import { scheduleOf } from '@loadfleet/schedule';
import { ControllerError } from './errors.js';
import { locate } from './submission.js';

/** What a run may ask of the farm (controller settings). */
export interface CapacityLimits {
  /** Most concurrent users a run may need; 0 = no fixed cap. */
  maxUsers: number;
  /** A run may need at most this many times the live workers' total capacity; 0 = not checked. */
  capacityFactor: number;
}

/** A run's peak concurrent users, and where in the scenario that figure comes from. */
export interface PeakUsers {
  users: number;
  /** The scenario field that sets it, for the API's issue. */
  path: (string | number)[];
  /** How it was worked out, for the message. */
  how: string;
}

/**
 * The most users a plan holds at once. Closed model: `users`. Open model: by
 * Little's law, the peak arrival rate times the mean session time (think
 * times and loop lengths; waiting for replies counts as no time, so this errs
 * low), at most every arrival of the schedule and at most `maxUsers`.
 */
export function peakUsers(plan: Plan): PeakUsers {
  const totalWeight = plan.sessions.reduce((w, s) => w + s.weight, 0) || 1;
  const sessionMs = plan.sessions.reduce((t, s) => t + (s.weight / totalWeight) * stepsMs(s.steps), 0);
  const peak = scheduleOf(plan.load).peakUsers(sessionMs);
  return { users: peak.users, path: ['load', peak.field], how: peak.how };
}

/**
 * Refuses (LF_ERR_OVER_CAPACITY, 422) a run that needs more concurrent users than
 * the farm's cap, or more than `capacityFactor` times what the live workers can
 * hold. With no live worker the capacity is unknown and only the cap applies.
 */
export function checkCapacity(plan: Plan, text: string, limits: CapacityLimits, liveCapacity: number): void {
  const peak = peakUsers(plan);
  let message: string | null = null;
  if (limits.maxUsers > 0 && peak.users > limits.maxUsers) {
    message = `the run needs about ${peak.users} concurrent users (${peak.how}); this farm takes at most ${limits.maxUsers} (--max-users)`;
  } else if (limits.capacityFactor > 0 && liveCapacity > 0 && peak.users > limits.capacityFactor * liveCapacity) {
    message =
      `the run needs about ${peak.users} concurrent users (${peak.how}), more than ${limits.capacityFactor}× ` +
      `the ${liveCapacity} users the live workers can hold: add workers or lower the load`;
  }
  if (message === null) return;
  const path = peak.path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.');
  throw new ControllerError('LF_ERR_OVER_CAPACITY', message, [{ ...locate(text, peak.path), path, message }]);
}

function stepsMs(steps: readonly Step[]): number {
  let ms = 0;
  for (const s of steps) {
    switch (s.kind) {
      case 'think':
        ms += meanMs(s.time);
        break;
      case 'loop': {
        const body = stepsMs(s.steps);
        if (s.count > 0 && s.durationMs > 0) ms += Math.min(s.count * body, s.durationMs);
        else if (s.count > 0) ms += s.count * body;
        else ms += Math.max(s.durationMs, body);
        break;
      }
      case 'choice': {
        const total = s.branches.reduce((w, b) => w + b.weight, 0) || 1;
        ms += s.branches.reduce((t, b) => t + (b.weight / total) * stepsMs(b.steps), 0);
        break;
      }
      case 'transaction':
        ms += stepsMs(s.steps);
        break;
      default:
        break;
    }
  }
  return ms;
}

function meanMs(d: Distribution): number {
  switch (d.kind) {
    case 'constant':
      return d.ms;
    case 'uniform':
      return (d.minMs + d.maxMs) / 2;
    default:
      return Math.min(Math.max(d.meanMs, d.minMs), d.maxMs);
  }
}
