import { control } from '@loadfleet/protocol';
import type * as P from '@loadfleet/protocol';

/**
 * Encode/decode for each control message. Decoding bytes from the network
 * never throws: a bad message is `null`, to be counted and dropped.
 */
export interface Codec<T, I> {
  encode(m: I): Uint8Array;
  decode(b: Uint8Array): T | null;
}

interface MessageType<T, I> {
  encode(m: I): { finish(): Uint8Array };
  decode(b: Uint8Array): T;
}

function codec<T, I>(type: MessageType<T, I>): Codec<T, I> {
  return {
    encode: (m) => type.encode(m).finish(),
    decode: (b) => {
      try {
        return type.decode(b);
      } catch {
        return null;
      }
    },
  };
}

export const codecs: {
  runSpec: Codec<P.RunSpec, P.RunSpecInit>;
  quotaRequest: Codec<P.QuotaRequest, P.QuotaRequestInit>;
  quotaGrant: Codec<P.QuotaGrant, P.QuotaGrantInit>;
  workerHeartbeat: Codec<P.WorkerHeartbeat, P.WorkerHeartbeatInit>;
  stopRun: Codec<P.StopRun, P.StopRunInit>;
  workerDone: Codec<P.WorkerDone, P.WorkerDoneInit>;
  runEnded: Codec<P.RunEnded, P.RunEndedInit>;
  statsRecord: Codec<P.StatsRecord, P.StatsRecordInit>;
  liveRollup: Codec<P.LiveRollup, P.LiveRollupInit>;
} = {
  runSpec: codec(control.RunSpec),
  quotaRequest: codec(control.QuotaRequest),
  quotaGrant: codec(control.QuotaGrant),
  workerHeartbeat: codec(control.WorkerHeartbeat),
  stopRun: codec(control.StopRun),
  workerDone: codec(control.WorkerDone),
  runEnded: codec(control.RunEnded),
  statsRecord: codec(control.StatsRecord),
  liveRollup: codec(control.LiveRollup),
};
