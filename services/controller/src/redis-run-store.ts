import {
  allowedFrom,
  ControllerError,
  NO_FENCING,
  type StoreFencing,
  type RunPage,
  type RunPatch,
  type RunRecord,
  type FarmRunState,
  type RunStep,
  type RunStore,
} from '@loadfleet/controller';
import type { BusNames } from '@loadfleet/bus';
import type { Redis } from 'ioredis';

const STEP_OF_STATE: Partial<Record<FarmRunState, RunStep>> = {
  queued: 'queued',
  running: 'running',
  stopping: 'stopping',
};

/** Record fields kept as JSON in the hash; the others are strings or numbers. */
const JSON_FIELDS = new Set(['targets', 'notes', 'workers', 'live', 'outcome', 'position']);
const NUMBER_FIELDS = new Set(['submittedAt', 'startedAt', 'endedAt', 'droppedArrivals']);
const FIELDS: (keyof RunRecord)[] = [
  'id',
  'state',
  'step',
  'schedulePhase',
  'name',
  'sourceHash',
  'loadModel',
  'targets',
  'submittedAt',
  'startedAt',
  'endedAt',
  'stopReason',
  'notes',
  'workers',
  'live',
  'droppedArrivals',
  'submittedBy',
  'outcome',
  'position',
];

// Fencing (docs/FARM.md, "Several controllers"): ARGV[1] is the writer's token; a leader's
// write (token > 0) below the run's highest token is refused with -(that token); a
// higher one raises it. Token 0 is not a leader's write and is not fenced.
const FENCE = `
local mine = tonumber(ARGV[1])
local theirs = tonumber(redis.call('HGET', KEYS[1], 'fence') or '0') or 0
if mine > 0 and mine < theirs then return -theirs end
if mine > theirs then redis.call('HSET', KEYS[1], 'fence', ARGV[1]) end
`;
// HSET only on a run that exists: a late update must not resurrect a deleted record. ARGV[2..]: field/value pairs.
const UPDATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
${FENCE}
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1`;
// ARGV[2] = new state, ARGV[3] = how many allowed states follow, then those states, then field/value pairs.
const TRANSITION = `
local s = redis.call('HGET', KEYS[1], 'state')
if not s then return 0 end
local n = tonumber(ARGV[3])
for i = 4, 3 + n do
  if ARGV[i] == s then
    ${FENCE}
    redis.call('HSET', KEYS[1], 'state', ARGV[2])
    if #ARGV > 3 + n then redis.call('HSET', KEYS[1], unpack(ARGV, 4 + n)) end
    return 1
  end
end
return 0`;

/**
 * Run records in Redis: hash `run(id)` (the record's fields, plus the plan under
 * "plan"), sorted set `runs` (ids by submission time). They outlive the
 * controller process: history after a restart is read from here.
 */
export class RedisRunStore implements RunStore {
  constructor(
    private readonly redis: Redis,
    private readonly names: BusNames,
    private readonly fencing: StoreFencing = NO_FENCING,
  ) {}

  /** The same records, written under a leader's token (its runs' writes). */
  withFencing(fencing: StoreFencing): RedisRunStore {
    return new RedisRunStore(this.redis, this.names, fencing);
  }

  /** The run's highest fencing token so far (0: no leader wrote it). */
  async fenceOf(id: string): Promise<number> {
    return Number((await this.redis.hget(this.names.redis.run(id), 'fence')) ?? 0);
  }

  private fenced(id: string, result: unknown): number {
    const r = Number(result);
    if (r < 0) this.fencing.onFenced?.(id, -r);
    return r;
  }

  async create(record: RunRecord, planJson: string): Promise<void> {
    const key = this.names.redis.run(record.id);
    await this.redis
      .multi()
      .hset(key, { ...encode(record), plan: planJson })
      .zadd(this.names.redis.runs, record.submittedAt, record.id)
      .exec();
  }

  async get(id: string): Promise<RunRecord | null> {
    const values = await this.redis.hmget(this.names.redis.run(id), ...FIELDS);
    return decode(values);
  }

  async planJson(id: string): Promise<string | null> {
    return this.redis.hget(this.names.redis.run(id), 'plan');
  }

  async update(id: string, patch: RunPatch): Promise<void> {
    const args = flatten(encode(patch));
    if (args.length === 0) return;
    const fence = String(this.fencing.fence());
    this.fenced(id, await this.redis.eval(UPDATE, 1, this.names.redis.run(id), fence, ...args));
  }

  async transition(id: string, to: FarmRunState, patch: RunPatch = {}): Promise<boolean> {
    const from = allowedFrom(to);
    const args = [String(this.fencing.fence()), to, String(from.length), ...from, ...flatten(encode(patch))];
    return this.fenced(id, await this.redis.eval(TRANSITION, 1, this.names.redis.run(id), ...args)) === 1;
  }

  async list(options: { limit: number; cursor?: string; offset?: number }): Promise<RunPage> {
    const runs = this.names.redis.runs;
    let start = options.offset ?? 0;
    if (options.cursor !== undefined) {
      const rank = await this.redis.zrevrank(runs, options.cursor);
      if (rank === null) throw new ControllerError('LF_ERR_REQUEST', `cursor "${options.cursor}" names no run`);
      start = rank + 1;
    }
    const ids = await this.redis.zrevrange(runs, start, start + options.limit - 1);
    const total = await this.redis.zcard(runs);
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hmget(this.names.redis.run(id), ...FIELDS);
    const rows = (await pipe.exec()) ?? [];
    const records = rows.map(([, v]) => decode(v as (string | null)[])).filter((r): r is RunRecord => r !== null);
    return { runs: records, next: start + ids.length < total && ids.length > 0 ? ids[ids.length - 1]! : null };
  }

  async idsInStates(states: readonly FarmRunState[]): Promise<string[]> {
    const ids = await this.redis.zrevrange(this.names.redis.runs, 0, -1);
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hget(this.names.redis.run(id), 'state');
    const rows = (await pipe.exec()) ?? [];
    return ids.filter((_, i) => states.includes(rows[i]?.[1] as FarmRunState));
  }
}

function encode(patch: Partial<RunRecord>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    out[k] = JSON_FIELDS.has(k) ? JSON.stringify(v) : v === null ? '' : String(v);
  }
  return out;
}

function flatten(fields: Record<string, string>): string[] {
  return Object.entries(fields).flat();
}

function decode(values: (string | null)[]): RunRecord | null {
  if (values[0] === null || values[0] === undefined) return null;
  const r: Record<string, unknown> = {};
  FIELDS.forEach((f, i) => {
    const v = values[i] ?? null;
    if (JSON_FIELDS.has(f)) r[f] = v ? JSON.parse(v) : f === 'live' || f === 'outcome' || f === 'position' ? null : [];
    else if (NUMBER_FIELDS.has(f)) r[f] = v === null || v === '' ? (f === 'droppedArrivals' ? 0 : null) : Number(v);
    else r[f] = (f === 'stopReason' || f === 'submittedBy' || f === 'schedulePhase') && v === '' ? null : v;
  });
  // A record written before `step` existed: its state says enough.
  r.step ??= STEP_OF_STATE[r.state as FarmRunState] ?? 'ended';
  return r as unknown as RunRecord;
}
