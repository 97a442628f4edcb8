import type { LiveStatus } from '@loadfleet/runtime';

const BAR = 24;

/** One progress line: phase and elapsed/total as a bar, users, arrivals, messages/s, p99, errors. */
export function formatProgress(s: LiveStatus): string {
  const f = s.totalMs > 0 ? Math.min(1, s.elapsedMs / s.totalMs) : 1;
  const filled = Math.round(f * BAR);
  const bar = `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(BAR - filled)}]`;
  const time = `${Math.round(s.elapsedMs / 1000)}s/${Math.round(s.totalMs / 1000)}s`;
  const users = s.usersTarget > 0 ? `${s.usersActive}/${s.usersTarget}` : `${s.usersActive}`;
  const arrivals = `${s.arrivals}/s (target ${s.arrivalsTarget.toFixed(s.arrivalsTarget < 10 ? 1 : 0)})`;
  const p99 = s.p99Ms === null ? '-' : `${s.p99Ms.toFixed(s.p99Ms < 10 ? 2 : 1)}ms`;
  const warn = s.saturated ? '  ! generator saturated' : '';
  return `${bar} ${time} ${s.phase}  users ${users}  arrivals ${arrivals}  msgs ${compact(s.messagesPerSec)}/s  p99 ${p99}  errors ${s.errors} (${s.errorsTotal} total)${warn}`;
}

function compact(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n));
}

/** Live progress on stderr: one redrawn line on a terminal, a line every few seconds otherwise. */
export class ProgressPrinter {
  private lastPrinted = 0;
  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly everyMs = 5000,
  ) {}

  update(s: LiveStatus): void {
    const line = formatProgress(s);
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line.slice(0, (this.out.columns || 200) - 1)}`);
      return;
    }
    if (s.elapsedMs - this.lastPrinted < this.everyMs) return;
    this.lastPrinted = s.elapsedMs;
    this.out.write(`${line}\n`);
  }

  done(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
