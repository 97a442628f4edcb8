/** What waits at a rendezvous: a user, released when its group is complete. */
export interface RendezvousMember {
  released(): void;
}

/**
 * The rendezvous points of a run in one engine: users arrive and wait until the
 * point's group is `users` strong, then all go on together (the group then starts
 * again empty). A user that leaves (its timeout, or its end) is taken out of the
 * group. On a farm each worker process keeps its own groups.
 */
export class Rendezvous {
  private readonly groups: RendezvousMember[][];

  constructor(points: number) {
    this.groups = Array.from({ length: points }, () => []);
  }

  /** True when this arrival completes the group: the others are released, and the caller goes on itself. */
  arrive(point: number, users: number, member: RendezvousMember): boolean {
    const group = this.groups[point]!;
    if (group.length + 1 < users) {
      group.push(member);
      return false;
    }
    this.groups[point] = [];
    for (const m of group) m.released();
    return true;
  }

  leave(point: number, member: RendezvousMember): void {
    const group = this.groups[point]!;
    const i = group.indexOf(member);
    if (i >= 0) group.splice(i, 1);
  }

  /** Users waiting at each point. */
  waiting(): number[] {
    return this.groups.map((g) => g.length);
  }
}
