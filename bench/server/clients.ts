// Forks load clients (storm-client.ts, ramp-client.ts, compiled) and talks to them over IPC.
import { fork } from 'node:child_process';

/** Forks `file` and resolves once it said it is ready; `ask(cmd)` resolves with its answer to that command. */
export interface Reply {
  id: number;
  type: string;
}

export async function forkClient(file: string) {
  const child = fork(file, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((resolve) => child.once('message', resolve));
  let nextId = 1;
  const ask = <T = Reply>(cmd: { cmd: string; [k: string]: unknown }, type: string) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      const on = (message: unknown) => {
        const m = message as Reply;
        if (m.id !== id || m.type !== type) return;
        child.off('message', on);
        resolve(m as T);
      };
      child.on('message', on);
      child.send({ ...cmd, id });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      if (child.connected) child.send({ cmd: 'close', id: 0 });
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return { child, ask, close };
}

/** `n` addresses 127.a.b.1..n on a random /16 not used by the other phases: sockets of an earlier run sit in TIME_WAIT. */
export function freshAddresses(n: number, tag: number): string[] {
  const a = 10 + Math.floor(Math.random() * 240);
  return Array.from({ length: n }, (_, i) => `127.${a}.${tag}.${i + 1}`);
}
