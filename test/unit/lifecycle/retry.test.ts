import { describe, expect, it } from 'vitest';
import { RetryGaveUp, retry } from '@loadfleet/lifecycle';

describe('retry', () => {
  it('tries again until the attempt succeeds, telling each failure', async () => {
    const seen: number[] = [];
    const result = await retry(
      async (n) => {
        if (n < 3) throw new Error(`fail ${n}`);
        return n;
      },
      { forMs: 10_000, everyMs: 1, onRetry: (_err, n) => seen.push(n) },
    );
    expect(result).toBe(3);
    expect(seen).toEqual([1, 2]);
  });

  it('gives up at once on a permanent failure, and when the time is up, keeping the cause', async () => {
    const permanent = Object.assign(new Error('broken record'), { code: 'LF_ERR_X' });
    const err = await retry(() => Promise.reject(permanent), {
      forMs: 10_000,
      everyMs: 1,
      permanent: (e) => (e as { code?: string }).code === 'LF_ERR_X',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryGaveUp);
    expect((err as RetryGaveUp).attempts).toBe(1);
    expect((err as RetryGaveUp).cause).toBe(permanent);

    let clock = 0;
    const timedOut = await retry(
      () => {
        clock += 100;
        return Promise.reject(new Error('away'));
      },
      { forMs: 250, everyMs: 1, now: () => clock },
    ).catch((e: unknown) => e);
    expect((timedOut as RetryGaveUp).attempts).toBe(3);
    expect((timedOut as Error).message).toMatch(/gave up after 3 attempts: away/);
  });

  it('stops when cancelled', async () => {
    let cancelled = false;
    const err = await retry(
      () => {
        cancelled = true;
        return Promise.reject(new Error('x'));
      },
      { forMs: 10_000, everyMs: 1, cancelled: () => cancelled },
    ).catch((e: unknown) => e);
    expect((err as RetryGaveUp).attempts).toBe(1);
  });
});
