/** How the fan-out tells the rest of the server (the other processes) about a room. */
export interface RoomRelay {
  /** The local member count of `room` changed by `delta`. */
  memberDelta(room: string, delta: number): void;
  /** An encoded event frame for `room`, of push kind index `kind`, to deliver elsewhere. */
  publish(room: string, kind: number, frame: Uint8Array): void;
  /** Members of `room` the other processes hold, as last heard. */
  remote(room: string): number;
}

/** Single-process mode: there is nobody else to tell. */
export const NO_RELAY: RoomRelay = { memberDelta() {}, publish() {}, remote: () => 0 };
