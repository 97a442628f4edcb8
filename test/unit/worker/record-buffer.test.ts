// Stats records wait in a bounded FIFO while Redis is away, and leave in order.
import { describe, expect, it } from 'vitest';
import { RecordBuffer, RecordFlusher, type BufferedRecord } from '@loadfleet/worker';

const bytes = (n: number) => new Uint8Array([n & 255, n >> 8]);
const num = (r: BufferedRecord) => r.bytes[0]! | (r.bytes[1]! << 8);

describe('RecordBuffer', () => {
  it('keeps records in order and removes them as they are acknowledged', () => {
    const b = new RecordBuffer(10);
    for (let i = 0; i < 5; i++) b.push(i % 2 ? 'a' : 'b', bytes(i));
    expect(b.size).toBe(5);
    expect(b.waitingFor('a')).toBe(2);
    const batch = b.peek(3);
    expect(batch.map(num)).toEqual([0, 1, 2]);
    expect(b.ackThrough(batch[2]!.seq)).toBe(3);
    expect(b.peek(10).map(num)).toEqual([3, 4]);
    expect(b.waitingFor('b')).toBe(1);
    expect(b.dropped).toBe(0);
  });

  it('drops the oldest beyond its bound, and counts them per run', () => {
    const b = new RecordBuffer(3);
    for (let i = 0; i < 7; i++) b.push(i < 3 ? 'a' : 'b', bytes(i));
    expect(b.size).toBe(3);
    expect(b.peek(10).map(num)).toEqual([4, 5, 6]);
    expect(b.dropped).toBe(4);
    expect(b.droppedFor('a')).toBe(3);
    expect(b.droppedFor('b')).toBe(1);
    expect(b.waitingFor('a')).toBe(0);
    expect(b.waitingFor('b')).toBe(3);
  });

  it('an acknowledgement of records dropped meanwhile removes only what is still there', () => {
    const b = new RecordBuffer(4);
    for (let i = 0; i < 4; i++) b.push('a', bytes(i));
    const inFlight = b.peek(4);
    for (let i = 4; i < 7; i++) b.push('a', bytes(i)); // 0..2 dropped while the batch was being written
    expect(b.ackThrough(inFlight[3]!.seq)).toBe(1);
    expect(b.peek(10).map(num)).toEqual([4, 5, 6]);
    expect(b.dropped).toBe(3);
  });

  it('stays correct over many pushes and acks (compaction)', () => {
    const b = new RecordBuffer(5000);
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 300; i++) b.push('r', bytes(next++ % 65536));
      const batch = b.peek(250);
      for (const r of batch) expect(num(r)).toBe(expected++ % 65536);
      b.ackThrough(batch.at(-1)!.seq);
    }
    expect(b.size).toBe(50 * 50);
    expect(num(b.peek(1)[0]!)).toBe(expected % 65536);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new RecordBuffer(0)).toThrow(RangeError);
  });
});

describe('RecordFlusher', () => {
  it('writes in order; on failure keeps the rest and goes on from there when the store is back', async () => {
    const b = new RecordBuffer(100);
    const written: number[] = [];
    let up = true;
    let partial = -1;
    const events: string[] = [];
    const f = new RecordFlusher(
      b,
      async (batch) => {
        if (!up) throw new Error('ECONNREFUSED');
        const n = partial >= 0 ? Math.min(partial, batch.length) : batch.length;
        partial = -1;
        written.push(...batch.slice(0, n).map(num));
        return n;
      },
      { batch: 4, onDown: () => events.push('down'), onUp: () => events.push('up') },
    );
    for (let i = 0; i < 6; i++) b.push('r', bytes(i));
    await f.flush();
    expect(written).toEqual([0, 1, 2, 3, 4, 5]);
    up = false;
    for (let i = 6; i < 12; i++) b.push('r', bytes(i));
    await f.flush();
    await f.flush();
    expect(f.down).toBe(true);
    expect(b.size).toBe(6);
    up = true;
    partial = 1; // the connection broke after the first record of a batch
    await f.flush();
    expect(b.size).toBe(5);
    await f.flush();
    expect(written).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(b.size).toBe(0);
    expect(f.records).toBe(12);
    expect(events).toEqual(['down', 'up']);
  });

  it('runs one drain at a time', async () => {
    const b = new RecordBuffer(100);
    let calls = 0;
    let release: () => void = () => {};
    const f = new RecordFlusher(b, async (batch) => {
      calls++;
      await new Promise<void>((r) => (release = r));
      return batch.length;
    });
    b.push('r', bytes(1));
    const p1 = f.flush();
    const p2 = f.flush();
    expect(p1).toBe(p2);
    release();
    await p1;
    expect(calls).toBe(1);
  });
});
