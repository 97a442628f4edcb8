import { describe, expect, it } from 'vitest';
import { TargetMonitor } from '@loadfleet/runtime';

const ENDPOINT = [{ name: 'chat', url: 'http://sut.test/metrics' }];

/** A fetch that answers the queued bodies in order (an Error entry: the request fails). */
function scripted(bodies: (string | Error | { status: number })[]): typeof fetch {
  return (async () => {
    const next = bodies.shift();
    if (next === undefined || next instanceof Error) throw next ?? new Error('no more');
    if (typeof next !== 'string') return new Response('nope', { status: next.status });
    return new Response(next, { status: 200 });
  }) as typeof fetch;
}

const text = (cpu: number, open: number) =>
  `# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ${cpu}\n# TYPE chat_connections_open gauge\nchat_connections_open ${open}\n`;

describe('TargetMonitor', () => {
  it('keeps every metric as NAME.metric and counters also as NAME.metric:rate, on the seconds given', async () => {
    const m = new TargetMonitor(ENDPOINT, { fetch: scripted([text(1, 10), text(1.5, 20), text(2.5, 30)]) });
    for (const second of [100, 101, 102]) {
      m.scrape(second);
      await m.finish();
      await new Promise((r) => setTimeout(r, 20));
    }
    const c = await m.finish();
    expect(c.series['chat.chat_connections_open']!.points).toEqual([
      { second: 100, value: 10 },
      { second: 101, value: 20 },
      { second: 102, value: 30 },
    ]);
    const rate = c.series['chat.process_cpu_seconds_total:rate']!;
    expect(rate.points.map((p) => p.second)).toEqual([101, 102]);
    expect(rate.points.every((p) => p.value > 0)).toBe(true);
    expect(c.series['chat.chat_connections_open:rate']).toBeUndefined();
    expect(c.endpoints).toEqual([{ name: 'chat', url: ENDPOINT[0]!.url, scrapes: 3, errors: 0, lastError: null }]);
  });

  it('counts failed scrapes (refused, not 200, no samples) and keeps going', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const m = new TargetMonitor(ENDPOINT, { fetch: scripted([refused, { status: 503 }, 'hello', text(1, 5)]) });
    const seen: (string | null)[] = [];
    for (const second of [1, 2, 3, 4]) {
      m.scrape(second);
      seen.push((await m.finish()).endpoints[0]!.lastError);
    }
    expect(seen).toEqual([
      'ECONNREFUSED',
      'HTTP 503',
      'no Prometheus samples in the response',
      'no Prometheus samples in the response',
    ]);
    const c = m.capture();
    expect(c.endpoints[0]).toMatchObject({ scrapes: 4, errors: 3 });
    expect(c.series['chat.chat_connections_open']!.points).toEqual([{ second: 4, value: 5 }]);
  });

  it('a counter that went down (a restart) gives no rate for that interval', async () => {
    const m = new TargetMonitor(ENDPOINT, { fetch: scripted([text(9, 1), text(1, 1)]) });
    m.scrape(1);
    await m.finish();
    m.scrape(2);
    const c = await m.finish();
    expect(c.series['chat.process_cpu_seconds_total:rate']).toBeUndefined();
  });
});
