// /proc readings and child-process plumbing shared by the benchmarks.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ReadyLine, WireStatsDocument } from '@loadfleet/chat-server';

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by a process, or 0 if it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS; // utime, stime (fields 14 and 15)
  } catch {
    return 0;
  }
}

/** Resident memory of a process in bytes, or 0 if it is gone. */
export function rssBytes(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  } catch {
    return 0;
  }
}

export const sum = (pids: readonly number[], f: (pid: number) => number): number =>
  pids.reduce((a, pid) => a + f(pid), 0);

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts the chat server (built dist) and resolves with its readiness line, stats() and stop(). */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The chat server's readiness line. */
export type ServerReady = ReadyLine & { ready: true };
export type ServerStats = WireStatsDocument;

export interface StartedServer extends ServerReady {
  child: ChildProcess;
  stop: () => Promise<Exit>;
  stats: () => Promise<ServerStats>;
  stderr: () => string;
}

export function startServer(mainJs: string, args: string[]): Promise<StartedServer> {
  const child = spawn(process.execPath, [mainJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-20000)));
  const exited = new Promise<Exit>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not ready:\n${stderr}`));
    }, 20000);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{"ready":true'));
      if (!line) return;
      clearTimeout(timer);
      const ready = JSON.parse(line) as ServerReady;
      let stopping: Promise<Exit> | undefined;
      const stop = () =>
        (stopping ??= (async () => {
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), 15000);
          const r = await exited;
          clearTimeout(t);
          // Workers are our descendants: make sure they went with their primary.
          for (const pid of ready.pids.slice(1)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
          return r;
        })());
      const stats = async () => (await (await fetch(`http://127.0.0.1:${ready.httpPort}/stats`)).json()) as ServerStats;
      resolve({ ...ready, child, stop, stats, stderr: () => stderr });
    });
  });
}

/**
 * Forks a load client (generator.ts or a bare client, compiled) with IPC. `ask(cmd)` sends
 * a command and resolves with the child's answer to it (answers carry the command's id).
 */
export interface ClientCommand {
  cmd: string;
  [k: string]: unknown;
}

export interface Client {
  pid: number | undefined;
  child: ChildProcess;
  /** Sends a command; resolves with the child's answer (its shape is the command's: the caller names it). */
  ask: <T = Record<string, unknown>>(cmd: ClientCommand, timeoutMs?: number) => Promise<T>;
  kill: () => Promise<void>;
  exited: Promise<Exit>;
}

interface Answer {
  id: number;
  error?: string;
}

export function forkClient(file: string, execArgv: string[] = []): Client {
  const child = fork(file, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--expose-gc', ...execArgv],
  });
  const waiting = new Map<number, { resolve: (m: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<Exit>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  child.on('message', (message) => {
    const m = message as Answer;
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(`${file}: ${m.error}`));
    else w.resolve(m);
  });
  child.once('exit', (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`${file} exited (${code ?? signal})`));
    waiting.clear();
  });
  const ask = <T>(cmd: ClientCommand, timeoutMs = 60_000) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const t = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${file}: no answer to ${cmd.cmd} in ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (m) => (clearTimeout(t), resolve(m as T)),
        reject: (e) => (clearTimeout(t), reject(e)),
      });
      child.send({ ...cmd, id });
    });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { pid: child.pid, child, ask, kill, exited };
}
