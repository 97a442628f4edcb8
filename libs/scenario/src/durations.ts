// Scenario durations are the schedule's (libs/schedule/src/durations.ts): one grammar for YAML and flags.
export { DURATION_EXAMPLES, MAX_DURATION_MS, MS_PER_DAY, formatDuration, parseDuration } from '@loadfleet/schedule';
