/** Process exit codes of a run, as k6 users expect them (99 = a threshold failed). */
export const EXIT_PASSED = 0;
/** The run itself failed (no target, a crash, every worker lost). */
export const EXIT_RUN_FAILED = 1;
/** The scenario or the command line was invalid; nothing ran. */
export const EXIT_INVALID_INPUT = 2;
/** A threshold marked `abort: true` failed during the run and stopped it. */
export const EXIT_ABORTED_BY_THRESHOLD = 98;
/** The run completed, but at least one threshold failed. */
export const EXIT_THRESHOLD_FAILED = 99;
