// Console live stream size: see the "Console live stream" section of docs/BENCHMARKS.md.
// npm run bench:console -- [--workers 100] [--rate 100] [--duration 40s] [--write-docs]
// A real farm (controller, aggregator, chat server, and --workers real worker processes
// started by one `loadfleet worker --procs N`) runs an open-model scenario while this
// script reads GET /v1/runs/:id/live?view=console (the console's stream) and the plain
// stream, and counts the bytes each sends per second.
import { parseDuration } from '@loadfleet/config';
import type { Report } from '@loadfleet/report';
import type { FleetWorker, RunView } from './lib/farm-api.js';
import { rootPath } from './lib/paths.js';
import { cleanupNamespace, newNamespace, urls } from './scale/infra.js';
import {
  MAIN,
  killAll,
  sleep,
  startChatServer,
  startController,
  startNode,
  runFarmBenchmark,
  type Node,
} from './scale/procs.js';
import { appendToSection, commandLine } from './scale/report.js';
import { opt, log } from './lib/cli.js';

const argv = process.argv.slice(2);
const o = {
  workers: Number(opt('workers', 100)),
  rate: Number(opt('rate', 100)),
  durationMs: parseDuration(opt('duration', '40s')),
};
const budgetS = o.durationMs / 1000 + 400;
const ns = newNamespace('console');
const watchdog = setTimeout(() => {
  log(`benchmark exceeded its ${budgetS} s budget: stopping everything`);
  killAll();
  cleanupNamespace(ns).finally(() => process.exit(2));
}, budgetS * 1000);
const env = { REDIS_URL: urls.redisUrl, NATS_URL: urls.natsUrl, LOADFLEET_LOG_LEVEL: 'warn' };
const all: Node[] = [];

const scenario = (port: number) => `name: console-stream
target: 127.0.0.1:${port}
load:
  phases:
    - { name: ramp, duration: ${Math.round(o.durationMs / 4)}ms, rate: { from: ${o.rate / 4}, to: ${o.rate} } }
    - { name: steady, duration: ${o.durationMs - Math.round(o.durationMs / 4)}ms, rate: ${o.rate} }
sessions:
  - name: chatter
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - set: { room: 'room-{{random.int(1, 8)}}' }
      - send: joinRoom
        fields: { room: '{{room}}' }
      - send: chat
        fields: { room: '{{room}}', text: hi }
      - think: 1s
      - send: like
        fields: { room: '{{room}}', count: 1 }
        wait: false
      - send: heartbeat
      - think: 1s
      - close
thresholds:
  - "p99(response.chat) < 250ms"
  - "error_rate < 0.01"
`;

/** Reads an SSE stream; counts bytes per wall-clock second and per event name. */
function meter(url: string) {
  const ctl = new AbortController();
  const perSecond = new Map<number, number>();
  const byEvent: Record<string, number> = {};
  let frames = 0;
  let frameBytes = 0;
  let maxFrame = 0;
  let workerBytes = 0;
  let maxRows = 0;
  let workersSeen = 0;
  const done = (async () => {
    const res = await fetch(url, { signal: ctl.signal });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done: end } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (end) break;
      const s = Math.floor(Date.now() / 1000);
      perSecond.set(s, (perSecond.get(s) ?? 0) + value.byteLength);
      buf += dec.decode(value, { stream: true });
      let at: number;
      while ((at = buf.indexOf('\n\n')) >= 0) {
        const chunk = buf.slice(0, at + 2);
        buf = buf.slice(at + 2);
        const name = /^event: (\S+)/m.exec(chunk)?.[1] ?? (chunk.startsWith('data:') ? 'data' : 'comment');
        byEvent[name] = (byEvent[name] ?? 0) + Buffer.byteLength(chunk);
        if (name === 'frame') {
          frames++;
          const size = Buffer.byteLength(chunk);
          frameBytes += size;
          maxFrame = Math.max(maxFrame, size);
          const f = JSON.parse(/^data: (.*)$/m.exec(chunk)![1]!) as { workers?: { rows: unknown[]; count: number } };
          if (f.workers) workerBytes = Math.max(workerBytes, JSON.stringify(f.workers).length);
          maxRows = Math.max(maxRows, f.workers?.rows.length ?? 0);
          workersSeen = Math.max(workersSeen, f.workers?.count ?? 0);
        }
        if (name === 'end') ctl.abort();
      }
    }
  })().catch(() => {});
  return {
    perSecond,
    byEvent,
    done,
    stats: () => ({ frames, meanFrame: frameBytes / Math.max(1, frames), maxFrame, workerBytes, maxRows, workersSeen }),
    stop: () => ctl.abort(),
  };
}

function summary(perSecond: Map<number, number>) {
  // Whole seconds only: drop the first and last (partial) ones.
  const v = [...perSecond.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, b]) => b)
    .slice(1, -1);
  const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  return { seconds: v.length, mean, max: Math.max(0, ...v) };
}

async function main() {
  const started = new Date();
  const server = await startChatServer(2, ['--log-level', 'warn'], budgetS);
  all.push(server);
  const nsArgs = ['--namespace', ns, '--log-level', 'warn'];
  const ctl = await startController([...nsArgs, '--graceful-stop', '10s'], env, budgetS);
  all.push(ctl, await startNode('aggregator', MAIN.aggregator, nsArgs, { env, budgetS }));
  all.push(
    await startNode('workers', MAIN.worker, [...nsArgs, '--procs', String(o.workers), '--capacity', '200'], {
      env,
      budgetS,
    }),
  );
  for (let i = 0; ; i++) {
    const live = (await ctl.api<{ workers: FleetWorker[] }>('/v1/workers')).workers.filter((w) => !w.lost);
    if (live.length >= o.workers) break;
    if (i % 10 === 0) log(`${live.length} of ${o.workers} workers up`);
    if (i > 600) throw new Error(`only ${live.length} of ${o.workers} workers came up`);
    await sleep(500);
  }
  const res = await fetch(`${ctl.url}/v1/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: scenario(server.port),
  });
  if (!res.ok) throw new Error(`submit: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  log(`run ${id}: ${o.rate} users/s for ${o.durationMs / 1000} s over ${o.workers} workers`);
  for (;;) {
    const run = await ctl.api<RunView>(`/v1/runs/${id}`);
    if (run.state === 'running') break;
    await sleep(200);
  }
  const consoleStream = meter(`${ctl.url}/v1/runs/${id}/live?view=console`);
  const plainStream = meter(`${ctl.url}/v1/runs/${id}/live`);
  let run: RunView;
  for (;;) {
    await sleep(2000);
    run = await ctl.api<RunView>(`/v1/runs/${id}`);
    if (['done', 'stopped', 'aborted', 'failed', 'cancelled'].includes(run.state)) break;
    log(`${run.state}/${run.phase}: ${run.live?.usersActive ?? '-'} active`);
  }
  await Promise.race([Promise.all([consoleStream.done, plainStream.done]), sleep(5000)]);
  consoleStream.stop();
  plainStream.stop();
  const report = await ctl.api<Report>(`/v1/runs/${id}/report.json`);
  const result: ConsoleResult = {
    date: started.toISOString(),
    command: commandLine('bench:console', argv),
    options: o,
    state: run.state,
    workersInRun: report.run.workers.filter((w) => w.users > 0).length,
    peakUsers: report.totals.users.peakActive,
    console: { ...summary(consoleStream.perSecond), byEvent: consoleStream.byEvent, ...consoleStream.stats() },
    plain: summary(plainStream.perSecond),
  };
  console.log(JSON.stringify(result, null, 2));
  const md = markdown(result);
  console.error(md);
  if (argv.includes('--write-docs')) appendToSection(rootPath('docs/BENCHMARKS.md'), '## Console live stream', md);
  return 0;
}

const n = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
/** What one run measured (main()'s result). */
interface ConsoleResult {
  date: string;
  command: string;
  options: typeof o;
  state: RunView['state'];
  workersInRun: number;
  peakUsers: number;
  console: ReturnType<typeof summary> & { byEvent: Record<string, number> } & ReturnType<
      ReturnType<typeof meter>['stats']
    >;
  plain: ReturnType<typeof summary>;
}

function markdown(r: ConsoleResult) {
  const c = r.console;
  return `### ${r.date.slice(0, 16).replace('T', ' ')} UTC — ${r.options.workers} worker processes

Command: \`${r.command}\`

| figure | value |
|---|---|
| workers in the fleet / taking users | ${n(c.workersSeen)} / ${n(r.workersInRun)} (peak ${n(r.peakUsers)} users, run ${r.state}) |
| console stream (\`?view=console\`), bytes per second | mean **${n(c.mean)}**, max ${n(c.max)} over ${c.seconds} s |
| of which \`meta\` + \`history\` (once, at connect) | ${n((c.byEvent.meta ?? 0) + (c.byEvent.history ?? 0))} B |
| frames received; bytes per frame, mean / max | ${n(c.frames)}; ${n(c.meanFrame)} / ${n(c.maxFrame)} |
| worker part of a frame at most (rows per frame at most) | ${n(c.workerBytes)} B (${n(c.maxRows)}) |
| plain stream (the CLI's), bytes per second | mean ${n(r.plain.mean)}, max ${n(r.plain.max)} |
`;
}

runFarmBenchmark(main, { all, ns, watchdog, isWorker: (p) => p.name === 'workers' });
