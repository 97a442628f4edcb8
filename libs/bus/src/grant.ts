import type { QuotaGrant } from '@loadfleet/protocol';

/**
 * A quota grant as both ends of the farm handle it: a QuotaGrant
 * (proto/control.proto, the one declaration of its fields) without its run id.
 * Arrivals firstUserId .. firstUserId + count - 1 start spread evenly over
 * [windowStart, windowEnd) (epoch ms).
 */
export type Grant = Omit<QuotaGrant, 'runId'>;
