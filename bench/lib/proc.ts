// /proc readings and child-process plumbing shared by the benchmarks.
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) used so far by a process, or 0 if it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS; // utime, stime (fields 14 and 15)
  } catch {
    return 0;
  }
}

/** Resident memory of a process in bytes, or 0 if it is gone. */
export function rssBytes(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return 0;
  }
}

export const sum = (pids, f) => pids.reduce((a, pid) => a + f(pid), 0);

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts the chat server (built dist) and resolves with its readiness line, stats() and stop(). */
export function startServer(mainJs, args) {
  const child = spawn(process.execPath, [mainJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-20000)));
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
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
      const ready = JSON.parse(line);
      let stopping;
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
      const stats = async () => (await fetch(`http://127.0.0.1:${ready.httpPort}/stats`)).json();
      resolve({ ...ready, child, stop, stats, stderr: () => stderr });
    });
  });
}

/**
 * Forks a load client (generator.js or bare-client.js) with IPC. `ask(cmd)` sends
 * a command and resolves with the child's answer to it (answers carry the command's id).
 */
export function forkClient(file, execArgv = []) {
  const child = fork(file, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--expose-gc', ...execArgv],
  });
  const waiting = new Map();
  let nextId = 1;
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  child.on('message', (m) => {
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
  const ask = (cmd, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const t = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${file}: no answer to ${cmd.cmd} in ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (m) => (clearTimeout(t), resolve(m)),
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
