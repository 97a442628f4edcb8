/** The farm's clock, shared by both ends of the wire (docs/FARM.md, "Pacing"). */

/** How often each worker asks for quota for each run it holds (ms). */
export const QUOTA_INTERVAL_MS = 250;

/** How long a quota request may wait for its grant before the worker asks again (ms). */
export const QUOTA_TIMEOUT_MS = 1000;
