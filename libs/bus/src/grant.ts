import type { QuotaGrant } from '@loadfleet/protocol';

/**
 * A quota grant as both ends of the farm handle it: a QuotaGrant
 * (proto/control.proto, the one declaration of its fields) without its run id.
 * Arrivals firstUserId .. firstUserId + count - 1 start spread evenly over
 * [windowStart, windowEnd) (epoch ms). The fencing token is stamped by the bus
 * that sends it (the leader's), not by the allocator.
 */
export type Grant = Omit<QuotaGrant, 'runId' | 'fence'>;
