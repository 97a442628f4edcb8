import net from 'node:net';
import { encodeHello, HELLO, type MeshLinks, type MeshRelay } from '@loadfleet/chatroom';
import type { Logger } from '@loadfleet/log';

export interface Peer {
  slot: number;
  path: string;
}

const kSlot = Symbol('meshSlot');
type MeshSocket = net.Socket & { [kSlot]: number };

/**
 * The relay's links between the processes of one server: each process listens
 * on its own Unix socket (Linux abstract namespace: nothing on disk to clean
 * up), and the lower slot of each pair connects to the higher one. A link
 * starts with a HELLO naming the connecting slot; from then on both sides
 * send records on it. A link that closes means the other process is gone.
 */
export class MeshNode implements MeshLinks {
  private readonly sockets: (net.Socket | undefined)[];
  private readonly server: net.Server;
  private relay: MeshRelay | undefined;
  private closing = false;
  /** The latest address of every peer, from the primary. */
  private readonly paths = new Map<number, string>();
  /** Called whenever a link comes up or goes down. */
  onChange: () => void = () => {};

  constructor(
    readonly slot: number,
    slots: number,
    private readonly log: Logger,
  ) {
    this.sockets = new Array<net.Socket | undefined>(slots).fill(undefined);
    this.server = net.createServer((socket) => this.incoming(socket));
  }

  attach(relay: MeshRelay): void {
    this.relay = relay;
  }

  /** Listens on a fresh abstract Unix socket, outside the cluster's shared handles; resolves with its path. */
  listen(): Promise<string> {
    const path = `\0loadfleet-chat-${process.ppid}-${this.slot}-${process.pid}`;
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ path, exclusive: true }, () => {
        this.server.off('error', reject);
        resolve(path);
      });
    });
  }

  /** Connects to every higher slot not linked yet (the lower slots connect to us). */
  connect(peers: Peer[]): void {
    for (const p of peers) {
      this.paths.set(p.slot, p.path);
      if (p.slot > this.slot && this.sockets[p.slot] === undefined) this.dial(p.slot, p.path);
    }
  }

  private dial(slot: number, path: string): void {
    const socket = net.connect(path) as MeshSocket;
    socket[kSlot] = slot;
    this.sockets[slot] = socket;
    socket.setNoDelay(true);
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      socket.write(encodeHello(this.slot));
      this.up(slot);
    });
    this.wire(socket);
    // A peer that is not listening yet (or any more): try again while it is still the latest address.
    socket.on('close', () => {
      if (connected || this.closing) return;
      setTimeout(() => {
        if (!this.closing && this.paths.get(slot) === path && this.sockets[slot] === undefined) this.dial(slot, path);
      }, 250).unref();
    });
  }

  send(slot: number, data: Buffer): void {
    this.sockets[slot]?.write(data);
  }

  close(): void {
    this.closing = true;
    this.server.close();
    for (const s of this.sockets) s?.destroy();
  }

  private incoming(socket: net.Socket): void {
    socket.setNoDelay(true);
    let head: Buffer = Buffer.alloc(0);
    // The first 7 bytes are the HELLO; whatever follows goes to the relay once the slot is known.
    const onHello = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length < 7) return;
      socket.off('data', onHello);
      if (head.readUInt32BE(0) !== 3 || head[4] !== HELLO) {
        this.log.error('mesh link without a HELLO: closed');
        return socket.destroy();
      }
      const slot = head.readUInt16BE(5);
      (socket as MeshSocket)[kSlot] = slot;
      this.sockets[slot]?.destroy();
      this.sockets[slot] = socket;
      this.wire(socket as MeshSocket);
      this.up(slot);
      if (head.length > 7) this.relay!.receive(slot, head.subarray(7));
    };
    socket.on('data', onHello);
    socket.on('error', () => {});
  }

  private wire(socket: MeshSocket): void {
    socket.on('data', (chunk: Buffer) => this.relay!.receive(socket[kSlot], chunk));
    socket.on('error', (err) => this.closing || this.log.warn({ peer: socket[kSlot], err: err.message }, 'mesh link'));
    socket.on('close', () => {
      const slot = socket[kSlot];
      if (this.sockets[slot] !== socket) return;
      this.sockets[slot] = undefined;
      this.relay!.linkDown(slot);
      this.onChange();
    });
  }

  private up(slot: number): void {
    this.relay!.linkUp(slot);
    this.onChange();
  }
}
