export { busNames, isSafeToken, type BusNames } from './names.js';
export { codecs } from './codec.js';
export type { Grant } from './grant.js';
export { Fence } from './fence.js';
export { QUOTA_INTERVAL_MS, QUOTA_TIMEOUT_MS } from './timing.js';
