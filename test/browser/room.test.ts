// Join the room yourself (issue 10, item 7) in a real browser against a real farm:
// controller, aggregator, two workers and the multi-process chat server, over real NATS
// and Redis. A person joins a room of a live run through the controller, sends a chat and
// sees it come back, with their own round trip beside the fleet's. Nothing here times
// anything: every wait is for a state.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { chromiumAvailable, signInToConsole, startConsoleFarm, type ConsoleFarm } from '../helpers/browser.js';
import { waitFor, type Farm } from '../helpers/farm.js';

// The page.evaluate callbacks below run in the browser; these are the page globals they read.
declare const location: { host: string };
declare const window: object;

const WRITER = 'alice-7c1d9e2f4a6b8c0d2e4f';
const READER = 'viewer-3e5f7a9b1c3d5e7f9a1b';
const SHOTS = process.env.LF_SCREENSHOT_DIR;

let consoleFarm: ConsoleFarm | undefined;
let farm: Farm;
let browser: Browser;
let base: string;

/** Users chat in room-1 (so the person there sees the fleet's chats) and beat their heart. */
const scenario = (target: string) => `name: room-e2e
target: ${target}
load:
  phases:
    - { name: steady, duration: 240s, rate: 5 }
sessions:
  - name: chatter
    heartbeat: 2s
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - send: joinRoom
        fields: { room: room-1 }
      - loop:
          count: 5
          steps:
            - send: chat
              fields: { room: room-1, text: 'fleet user {{user.id}} says hi' }
            - think: 600ms
            - send: like
              fields: { room: room-1, count: 1 }
              wait: false
      - close
thresholds:
  - "p99(response.chat) < 500ms"
`;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  consoleFarm = await startConsoleFarm({ writer: WRITER, reader: READER, capacity: 200 });
  ({ farm, browser, base } = consoleFarm);
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await consoleFarm?.stop();
});

const signIn = (token: string) => signInToConsole(browser, base, token);

async function openLiveRun(page: Page, id: string): Promise<void> {
  await page.goto(`${base}/console/runs/${id}`);
  await page.waitForSelector('#run-body[data-source="live"]');
  await page.waitForSelector('#room-join');
}

async function joinRoom(page: Page, room: string): Promise<void> {
  await page.fill('#room-name', room);
  await page.click('#room-join');
  await page.waitForSelector('#room[data-state="joined"]', { timeout: 60_000 });
}

/** A WebSocket upgrade from Node with the given headers: the HTTP status it gets, or 101. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new NodeWebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('error', reject);
  });
}

describe.skipIf(!chromiumAvailable())('join the room yourself, in Chromium', () => {
  let id = '';

  it('the join-the-room panel sends a chat and sees it come back, with its own round trip beside the fleet’s', async () => {
    id = await farm.submit(scenario(`127.0.0.1:${farm.server.port}`));
    await farm.waitForRun(id, (r) => (r.live?.arrivals ?? 0) > 0, 60_000, 'running');

    const { context, page } = await signIn(WRITER);
    await openLiveRun(page, id);
    await joinRoom(page, 'room-1');
    const status = (await page.textContent('#room-status'))!;
    expect(status).toMatch(/^In room-1 as user 2\d{9} on 127\.0\.0\.1:\d+ \(chat\): logged in in [\d.]+ ms, joined in/);

    // The fleet's chats in room-1 stream in.
    await page.waitForSelector('#room-stream li.ev-chat:not(.own)', { timeout: 60_000 });

    const text = `hello from a person ${Date.now()}`;
    await page.fill('#room-text', text);
    await page.click('#room-chat');
    const mine = page.locator('#room-stream li.own', { hasText: text });
    await mine.waitFor({ timeout: 30_000 });
    expect(await mine.textContent()).toMatch(/chat \(you\).*back in [\d.]+ ms/);
    // Its round trip (chat -> ack, matched by the echoed seq) and the fleet's p50/p99 for the same kind.
    await waitFor(async () => /ms$/.test((await page.textContent('#room-rtt-chat')) ?? ''), {
      ms: 30_000,
      what: 'own round trip',
    });
    await waitFor(async () => /ms$/.test((await page.textContent('#room-fleet-rtt-chat-p99')) ?? ''), {
      ms: 60_000,
      what: 'the fleet’s chat p99',
    });
    expect(await page.textContent('#room-echo')).toMatch(/ms$/);
    expect(await page.textContent('#room-delivery-chat')).toMatch(/ms$/);
    expect(await page.textContent('#room-fleet-delivery-chat-p50')).toMatch(/ms$/);

    // A like and a gift go through too.
    await page.click('#room-like');
    await page.click('#room-gift');
    await waitFor(async () => /ms$/.test((await page.textContent('#room-rtt-gift')) ?? ''), {
      ms: 30_000,
      what: 'gift round trip',
    });
    await page.locator('#room').scrollIntoViewIfNeeded();
    await mine.scrollIntoViewIfNeeded();
    if (SHOTS) await page.locator('#room').screenshot({ path: `${SHOTS}/console-room.png` });
    await context.close();
  }, 240_000);

  it('a read-only sign-in watches the room but may not send; a foreign origin may not open it', async () => {
    const viewer = await signIn(READER);
    await openLiveRun(viewer.page, id);
    await joinRoom(viewer.page, 'room-1');
    expect(await viewer.page.isDisabled('#room-chat')).toBe(true);
    expect(await viewer.page.isDisabled('#room-text')).toBe(true);
    await viewer.page.waitForSelector('#room-stream li.ev-chat', { timeout: 60_000 });

    // A send forged from the page is refused by the controller, not only hidden.
    const forged = await viewer.page.evaluate(async (runId) => {
      const me = (await (await fetch('/console/api/session')).json()) as { csrf: string };
      return await new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/v1/runs/${runId}/room`);
        ws.onopen = () => ws.send(JSON.stringify({ type: 'join', csrf: me.csrf, room: 'room-1' }));
        ws.onmessage = (e) => {
          const m = JSON.parse(String(e.data)) as { type: string; error?: string; reason?: string };
          if (m.type === 'joined') ws.send(JSON.stringify({ type: 'send', id: 1, action: 'chat', text: 'sneaky' }));
          if (m.type === 'sent') {
            ws.close();
            resolve(m.error ?? 'sent');
          }
          if (m.type === 'closed') resolve(`closed: ${m.reason}`);
        };
      });
    }, id);
    expect(forged).toMatch(/read-only sign-in/);

    // Without the CSRF token the first message ends the panel.
    const noCsrf = await viewer.page.evaluate(async (runId) => {
      return await new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/v1/runs/${runId}/room`);
        ws.onopen = () => ws.send(JSON.stringify({ type: 'join', csrf: 'guess', room: 'room-1' }));
        ws.onmessage = (e) => {
          const m = JSON.parse(String(e.data)) as { type: string; reason?: string };
          if (m.type === 'closed') resolve(m.reason ?? '');
        };
      });
    }, id);
    expect(noCsrf).toBe('missing or wrong CSRF token');

    // The session cookie from another origin, or with no sign-in at all: the upgrade is refused.
    const cookie = (await viewer.context.cookies()).find((c) => c.name === 'lf_session')!;
    const url = `${base.replace('http', 'ws')}/v1/runs/${id}/room`;
    const host = new URL(base).host;
    expect(await upgradeStatus(url, { cookie: `lf_session=${cookie.value}`, origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { origin: `http://${host}` })).toBe(401);
    expect(await upgradeStatus(url, { cookie: `lf_session=${cookie.value}`, origin: `http://${host}` })).toBe(101);

    // The run ends: every panel of it is told so and closed (the page then turns to the report).
    const ended = viewer.page.evaluate(async (runId) => {
      const me = (await (await fetch('/console/api/session')).json()) as { csrf: string };
      return await new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/v1/runs/${runId}/room`);
        ws.onopen = () => ws.send(JSON.stringify({ type: 'join', csrf: me.csrf, room: 'room-2' }));
        ws.onmessage = (e) => {
          const m = JSON.parse(String(e.data)) as { type: string; reason?: string };
          if (m.type === 'joined') (window as unknown as { roomJoined: boolean }).roomJoined = true;
          if (m.type === 'closed') resolve(m.reason ?? '');
        };
      });
    }, id);
    await viewer.page.waitForFunction(() => (window as unknown as { roomJoined?: boolean }).roomJoined === true);
    await farm.api(`/v1/runs/${id}/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await ended).toBe('the run ended');
    await viewer.context.close();
  }, 240_000);
});
