import type net from 'node:net';
import { ListenError } from './errors.js';

/** One listening server of a process and where it listens. */
export interface Listening {
  what: string;
  server: net.Server;
  host: string;
  /** The port asked for (0 = any free port): a resume asks for it again, so a cluster shares the same socket. */
  port: number;
  /** The port bound (known once listening). */
  bound: number;
}

/**
 * The listening servers of one process (the chat port, and the WebSocket port
 * if any). In a cluster every process listens on the same sockets, shared by
 * the primary; `pause` closes this process's copies (the others keep
 * accepting) and `resume` takes them again.
 */
export class Listeners {
  readonly list: Listening[] = [];
  private accepting = false;

  add(what: string, server: net.Server, host: string, port: number): void {
    this.list.push({ what, server, host, port, bound: -1 });
  }

  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Listens on every server; a port that cannot be had is a ListenError naming it. */
  async listen(): Promise<void> {
    for (const l of this.list) l.bound = await listenOn(l);
    this.accepting = true;
  }

  pause(): void {
    if (!this.accepting) return;
    this.accepting = false;
    this.closeAll();
  }

  async resume(): Promise<void> {
    if (this.accepting) return;
    this.accepting = true;
    for (const l of this.list) await listenOn(l);
  }

  /** Stops listening on every server that listens (also after a failed listen()). */
  close(): void {
    this.accepting = false;
    this.closeAll();
  }

  private closeAll(): void {
    // close() stops accepting at once; the connections held stay open.
    for (const l of this.list) if (l.server.listening) l.server.close();
  }
}

function listenOn(l: Listening): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(ListenError.from(l.what, `${l.host}:${l.port}`, err));
    l.server.once('error', onError);
    l.server.listen({ port: l.port, host: l.host, backlog: 4096 }, () => {
      l.server.off('error', onError);
      resolve((l.server.address() as net.AddressInfo).port);
    });
  });
}
