#!/usr/bin/env bash
# `npm test` on a busy machine: two CPU-bound processes run beside it for as long as
# it runs (bounded: at most LF_BURN_SECONDS, 3600 by default), and are stopped by
# their PIDs at the end, whatever happens. The exit status is npm test's.
#   npm run test:contended            (or: scripts/test-under-load.sh [vitest args…])
# The tests check behaviour that holds under contention, never quiet-box figures:
# this is how that claim is checked (docs/RELIABILITY.md, "Tests on a busy machine").
set -uo pipefail
cd "$(dirname "$0")/.."

BURNERS=${LF_BURNERS:-2}
BURN_SECONDS=${LF_BURN_SECONDS:-3600}
pids=()

stop_burners() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_burners EXIT INT TERM

for ((i = 0; i < BURNERS; i++)); do
  # A busy loop in its own process, ending by itself after BURN_SECONDS at the latest.
  node -e "const end = Date.now() + ${BURN_SECONDS} * 1000; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1);" &
  pids+=("$!")
done
echo "[test-under-load] ${BURNERS} CPU burners running (pids ${pids[*]}), at most ${BURN_SECONDS}s; load $(cut -d' ' -f1-3 /proc/loadavg)"

started=$SECONDS
npm test -- "$@"
status=$?
echo "[test-under-load] npm test exited ${status} after $((SECONDS - started))s beside ${BURNERS} CPU burners; load $(cut -d' ' -f1-3 /proc/loadavg)"
stop_burners
exit "$status"
