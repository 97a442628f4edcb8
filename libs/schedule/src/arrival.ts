/**
 * An arrival: one user the schedule starts. It is the one token from the rate
 * to the socket: the schedule plans arrivals, the controller grants them in
 * ranges, a source hands each to the engine, which starts a user for it.
 */
export interface Arrival {
  userId: number;
  /** Intended start (epoch ms). Lateness is measured against it. */
  intendedAt: number;
  /** Index into Plan.sessions. */
  session: number;
}

/** Where arrivals go: the engine, seen from the schedule. */
export interface ArrivalSink {
  /** Starts a user for the arrival (or counts it as dropped when at capacity). */
  admit(arrival: Arrival): void;
  /** Stop `count` running users (closed-model ramp-down). */
  stopUsers(count: number): void;
  /** Users alive. */
  readonly activeUsers: number;
  /**
   * Users the target may still see: users alive, and users that ended whose
   * connection has not closed yet. The closed model holds this at `users`, so
   * a replacement never connects before the user it replaces has gone.
   */
  readonly usersHeld: number;
}

/** What the schedule asked for in one second, for the report's target lines. */
export interface ScheduleTarget {
  /** Arrivals intended in the second; null when the model sets none. */
  arrivals: number | null;
  /** Users the schedule wants alive; null when the model sets none. */
  users: number | null;
}

/**
 * Where arrivals come from: the local schedule in one process, quota grants
 * from the controller in the farm.
 */
export interface ArrivalSource {
  start(sink: ArrivalSink): void;
  /** Stop issuing arrivals. */
  stop(): void;
  /** True once the source will issue no more arrivals. */
  readonly done: boolean;
  /** Called by the engine when a user ends or a connection closes, for sources that hold a user count. */
  slotFreed?(): void;
  /** What the schedule asked of this source in the second starting at `second` (epoch s). */
  targetFor?(second: number): ScheduleTarget;
}
