import { createServer } from 'node:net';

export interface AddressProbe {
  /** Addresses a socket could be bound to, in the order given. */
  usable: string[];
  /** The others, with the error that refused them (EADDRNOTAVAIL: not an address of this host). */
  unusable: { address: string; code: string }[];
}

/** Binds a TCP socket to `address`:0 and closes it; resolves with null or the error code. */
export function tryBind(address: string): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    try {
      server.listen({ host: address, port: 0, exclusive: true }, () => server.close(() => resolve(null)));
    } catch (err) {
      resolve((err as NodeJS.ErrnoException).code ?? (err as Error).message);
    }
  });
}

/**
 * Checks which source addresses this host can really bind. A few at a time: a
 * /16 of 127.x addresses is 65,536 binds.
 */
export async function probeSourceAddresses(addresses: readonly string[], concurrency = 64): Promise<AddressProbe> {
  const codes: (string | null)[] = new Array(addresses.length);
  let next = 0;
  const lane = async () => {
    while (next < addresses.length) {
      const i = next++;
      codes[i] = await tryBind(addresses[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, addresses.length) }, lane));
  const out: AddressProbe = { usable: [], unusable: [] };
  addresses.forEach((address, i) =>
    codes[i] === null ? out.usable.push(address) : out.unusable.push({ address, code: codes[i]! }),
  );
  return out;
}
