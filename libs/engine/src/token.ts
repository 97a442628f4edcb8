/** Permission to start one virtual user: who, when it should start, which session. */
export interface SpawnToken {
  userId: number;
  /** Intended start (epoch ms). Lateness is measured against it. */
  intendedAt: number;
  /** Index into Plan.sessions. */
  session: number;
}

/** What a token source drives: the engine, seen from the arrival schedule. */
export interface SpawnTarget {
  spawn(token: SpawnToken): void;
  /** Stop `count` running users (closed-model ramp-down). */
  stopUsers(count: number): void;
  /** Users currently alive. */
  readonly activeUsers: number;
}

/**
 * Where arrivals come from: the local scheduler in one process, quota grants
 * from the controller in the farm.
 */
export interface TokenSource {
  start(target: SpawnTarget): void;
  /** Stop issuing tokens. */
  stop(): void;
  /** True once the source will issue no more tokens. */
  readonly done: boolean;
  /** Called by the engine when a user ends, for sources that keep a user count (closed model). */
  userEnded?(): void;
  /** Arrivals intended in the second starting at `second` (epoch s), and users the schedule wants alive (null: the model sets none). */
  targetFor?(second: number): ScheduleTarget;
}

export interface ScheduleTarget {
  arrivals: number | null;
  users: number | null;
}
