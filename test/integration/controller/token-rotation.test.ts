// Rotation without downtime: a controller process takes named tokens from a file; the
// team adds the new token and sends SIGHUP (both work), moves its clients, removes the
// old one and sends SIGHUP again (only the new one works). The controller never stops,
// and every submit and stop is logged with the name of the token that made it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useInfra, type Infra } from '../../helpers/infra.js';
import { waitFor } from '../../helpers/farm.js';
import { startController, type Child } from '../../helpers/processes.js';
import { scenario } from './setup.js';

const OLD = 'rotate-old-0123456789abcdef';
const NEW = 'rotate-new-fedcba9876543210';

let infra: Infra;
let dir: string;
let file: string;
let controller: Child & { url: string };

beforeAll(async () => {
  infra = await useInfra();
  dir = mkdtempSync(join(tmpdir(), 'lf-rotate-'));
  file = join(dir, 'tokens');
  writeFileSync(file, `ci-2025=${OLD}\n`);
  controller = await startController(['--namespace', infra.namespace, '--api-tokens-file', file], infra, {
    LOADFLEET_LOG_LEVEL: 'info',
  });
});

afterAll(async () => {
  await controller?.stop('SIGTERM', 10_000);
  rmSync(dir, { recursive: true, force: true });
  await infra?.cleanup();
});

const status = async (token: string) =>
  (await fetch(`${controller.url}/v1/runs`, { headers: { authorization: `Bearer ${token}` } })).status;

async function submit(token: string, name: string): Promise<string> {
  const res = await fetch(`${controller.url}/v1/runs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/yaml' },
    body: scenario('    - { duration: 30s, rate: 1 }', name),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function stop(token: string, id: string): Promise<void> {
  const res = await fetch(`${controller.url}/v1/runs/${id}/stop`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBeLessThan(300);
}

const logLines = () =>
  controller
    .logs()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('token rotation on a running controller (SIGHUP)', () => {
  it('adds the new token, accepts both, then drops the old one; submits and stops are logged by name', async () => {
    expect(await status(OLD)).toBe(200);
    expect(await status(NEW)).toBe(401);
    const byOld = await submit(OLD, 'by-old');

    writeFileSync(file, `ci-2025=${OLD}\nci-2026=${NEW}\n`);
    controller.process.kill('SIGHUP');
    await waitFor(async () => (await status(NEW)) === 200, { ms: 10_000, what: 'the new token accepted' });
    expect(await status(OLD)).toBe(200);
    const byNew = await submit(NEW, 'by-new');
    await stop(NEW, byOld);

    writeFileSync(file, `ci-2026=${NEW}\n`);
    controller.process.kill('SIGHUP');
    await waitFor(async () => (await status(OLD)) === 401, { ms: 10_000, what: 'the old token refused' });
    expect(await status(NEW)).toBe(200);
    await stop(NEW, byNew);

    // A bad file (a short token) is refused: the tokens in use stay.
    writeFileSync(file, `ci-2027=short\n`);
    controller.process.kill('SIGHUP');
    await waitFor(async () => logLines().some((l) => l.msg === 'API tokens not reloaded; the tokens in use stay'), {
      ms: 10_000,
      what: 'the refusal logged',
    });
    expect(await status(NEW)).toBe(200);
    expect(controller.process.exitCode).toBeNull();

    const lines = logLines();
    expect(lines.filter((l) => l.msg === 'run submitted').map((l) => [l.runId, l.by])).toEqual([
      [byOld, 'ci-2025'],
      [byNew, 'ci-2026'],
    ]);
    expect(lines.filter((l) => l.msg === 'run stop requested').map((l) => [l.runId, l.by])).toEqual([
      [byOld, 'ci-2026'],
      [byNew, 'ci-2026'],
    ]);
    expect(controller.logs()).not.toContain(OLD);
    expect(controller.logs()).not.toContain(NEW);
  });
});
