// The generator's own health: sampler figures and the saturation rule.
import { describe, expect, it } from 'vitest';
import {
  HealthSampler,
  SATURATION_LOOP_DELAY_P99_MS,
  SATURATION_START_LATENESS_P99_MS,
  isSaturated,
  isWindowSaturated,
} from '@loadfleet/stats';
import { windowOf } from './helpers.js';

describe('HealthSampler', () => {
  it('samples loop delay, cpu and rss, and closes twice without harm', async () => {
    const sampler = new HealthSampler({ resolutionMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const until = Date.now() + 30;
    while (Date.now() < until); // keep the loop and a core busy
    await new Promise((resolve) => setTimeout(resolve, 20));
    const s = sampler.sample();
    expect(s.loopDelayMaxMs).toBeGreaterThanOrEqual(s.loopDelayP99Ms);
    expect(s.loopDelayMaxMs).toBeGreaterThan(5);
    expect(s.cpuPct).toBeGreaterThan(0);
    expect(s.rssBytes).toBeGreaterThan(1_000_000);
    const next = sampler.sample();
    expect(next.loopDelayMaxMs).toBeLessThanOrEqual(s.loopDelayMaxMs);
    sampler.close();
    sampler.close();
  });

  it('uses the injected clock for cpu%', () => {
    let now = 0;
    const sampler = new HealthSampler({ now: () => now });
    now = 0;
    expect(sampler.sample().cpuPct).toBe(0);
    sampler.close();
  });
});

describe('isSaturated', () => {
  it('flags the engine flag, a slow loop, or late starts', () => {
    expect(isSaturated({}, undefined)).toBe(false);
    expect(isSaturated({ 'health.saturated': 1 }, undefined)).toBe(true);
    expect(isSaturated({ 'health.loopDelayP99Ms': SATURATION_LOOP_DELAY_P99_MS }, undefined)).toBe(false);
    expect(isSaturated({ 'health.loopDelayP99Ms': SATURATION_LOOP_DELAY_P99_MS + 1 }, undefined)).toBe(true);
    expect(isSaturated({}, SATURATION_START_LATENESS_P99_MS + 0.5)).toBe(true);
    expect(isWindowSaturated(windowOf(1, { 'lateness.start': [150_000] }))).toBe(true);
    expect(isWindowSaturated(windowOf(1, { 'lateness.start': [1_000] }))).toBe(false);
  });
});

describe('HealthSampler CPU figure', () => {
  it('reads a short last interval together with the one before: no false 100 % at the end of a run', () => {
    let now = 0;
    let micros = 0;
    const s = new HealthSampler({ now: () => now, cpuUsage: () => ({ user: micros, system: 0 }) });
    try {
      now = 1000;
      micros = 200_000; // 20 % of one core over a second
      expect(s.sample().cpuPct).toBeCloseTo(20, 5);
      now = 1020;
      micros += 20_000; // 20 ms of closing sockets in a 20 ms tail: 100 % on its own
      expect(s.sample().cpuPct).toBeCloseTo((220_000 / 1000 / 1020) * 100, 5);
      now = 2020;
      micros += 300_000;
      expect(s.sample().cpuPct).toBeCloseTo(30, 5);
    } finally {
      s.close();
    }
  });
});
