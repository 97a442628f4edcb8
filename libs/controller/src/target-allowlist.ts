// The allowlist is shared with the workers, which check it again before they connect: one parser, in libs/config.
export { TargetAllowlist, DEFAULT_ALLOWED_TARGETS } from '@loadfleet/config';
