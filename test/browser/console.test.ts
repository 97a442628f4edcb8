// The web console in a real browser (Debian's Chromium) against a real farm: controller,
// aggregator, two workers and the multi-process chat server, over real NATS and Redis.
// Runs are short and small; nothing here times anything: every wait is for a state.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '@loadfleet/report';
import { chromiumAvailable, signInToConsole, startConsoleFarm, type ConsoleFarm } from '../helpers/browser.js';
import { waitFor, type Farm } from '../helpers/farm.js';

const WRITER = 'alice-4f9c2e7b1d3a5c6e8f0a';
const READER = 'viewer-0b1c2d3e4f5a6b7c8d9e';
const SHOTS = process.env.LF_SCREENSHOT_DIR;

let consoleFarm: ConsoleFarm | undefined;
let farm: Farm;
let browser: Browser;
let base: string;

const scenario = (name: string, seconds: number, rate: number, target: string) => `name: ${name}
target: ${target}
load:
  phases:
    - { name: warm-up, duration: ${Math.max(2, Math.floor(seconds / 3))}s, rate: ${Math.max(1, Math.floor(rate / 2))} }
    - { name: steady, duration: ${seconds - Math.max(2, Math.floor(seconds / 3))}s, rate: ${rate} }
sessions:
  - name: chatter
    steps:
      - connect
      - send: login
        fields: { userId: '{{user.id}}', token: t }
      - set: { room: 'room-{{random.int(1, 3)}}' }
      - send: joinRoom
        fields: { room: '{{room}}' }
      - send: chat
        fields: { room: '{{room}}', text: hello }
      - think: 400ms
      - send: heartbeat
      - send: like
        fields: { room: '{{room}}', count: 1 }
        wait: false
      - think: 300ms
      - close
thresholds:
  - "p99(response.chat) < 500ms"
  - "error_rate < 0.05"
`;

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  consoleFarm = await startConsoleFarm({ writer: WRITER, reader: READER, capacity: 300 });
  ({ farm, browser, base } = consoleFarm);
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await consoleFarm?.stop();
});

const signIn = (token: string) => signInToConsole(browser, base, token);

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/console-${name}.png`, fullPage });
}

const target = () => `127.0.0.1:${farm.server.port}`;
const numberIn = async (page: Page, sel: string) => Number((await page.textContent(sel))!.replace(/[^0-9.]/g, ''));

describe.skipIf(!chromiumAvailable())('the web console in Chromium', () => {
  it('refuses a bad token; signs in with a good one into an httpOnly SameSite=Strict session, token never in the page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/console/`);
    await page.waitForURL(/\/console\/login$/);
    await shot(page, 'sign-in');
    await page.fill('#token', 'not-a-token-of-this-farm');
    await page.click('#signin');
    await page.waitForSelector('#login-error:not([hidden])');
    expect(await page.textContent('#login-error')).toMatch(/not accepted/);
    expect(await context.cookies()).toEqual([]);

    await page.fill('#token', WRITER);
    await page.click('#signin');
    await page.waitForSelector('#whoami');
    expect(await page.textContent('#whoami')).toBe('alice');
    expect(page.url()).not.toContain(WRITER);
    expect(await page.content()).not.toContain(WRITER);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'lf_session', httpOnly: true, sameSite: 'Strict' });
    expect(cookie!.value).not.toContain(WRITER);
    // The session works for reads without a bearer header, and a POST without the CSRF token is refused.
    const forged = await page.evaluate(async () => {
      const res = await fetch('/console/api/validate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scenario: 'name: x' }),
      });
      return res.status;
    });
    expect(forged).toBe(403);
    await page.click('#signout');
    await page.waitForURL(/\/console\/login$/);
    expect(await page.evaluate(async () => (await fetch('/v1/runs')).status)).toBe(401);
    await context.close();
  });

  it('submits: a validation error is shown at its line, then a good scenario runs; the live page moves and ends matching the report', async () => {
    const { context, page } = await signIn(WRITER);
    await page.click('a[href="/console/submit"]');
    const broken = scenario('console-e2e', 9, 24, target()).replace('think: 400ms', 'think: soon');
    const badLine = broken.split('\n').findIndex((l) => l.includes('think: soon')) + 1;
    await page.fill('#scenario', broken);
    await page.waitForSelector('#issues li');
    expect(await page.textContent('#issues')).toContain(`line ${badLine}`);
    expect(await page.getAttribute('.gutter .bad', 'data-line')).toBe(String(badLine));
    expect(await page.isDisabled('#submit')).toBe(true);
    await shot(page, 'submit-error');

    await page.fill('#scenario', scenario('console-e2e', 9, 24, target()));
    await page.waitForSelector('#validation .ok');
    await page.waitForSelector('#submit:not([disabled])');
    await page.click('#submit');
    await page.waitForURL(/\/console\/runs\/[^/]+$/);
    const id = page.url().split('/').pop()!;

    // The live view: the users-started tile grows while the run goes on, and the chart's SVG stays the same node.
    await page.waitForSelector('#run-body[data-source="live"]');
    await waitFor(async () => (await numberIn(page, '#tile-started')) > 0, { ms: 60_000, what: 'first live second' });
    await page.$eval('#chart-arrivals svg', (el) => el.setAttribute('data-test-mark', '1'));
    const first = await numberIn(page, '#tile-started');
    await waitFor(async () => (await numberIn(page, '#tile-started')) > first, {
      ms: 60_000,
      what: 'live numbers to move',
    });
    expect(await page.$('#chart-arrivals svg[data-test-mark="1"]')).not.toBeNull();
    expect(await page.$$('#chart-arrivals svg')).toHaveLength(1);
    expect(await page.$('#stop')).not.toBeNull();
    await shot(page, 'live');
    const lastLive = await numberIn(page, '#tile-started');

    // At the end the page shows the report's figures: they are the live ones, completed.
    await page.waitForSelector('#run-body[data-source="report"]', { timeout: 120_000 });
    const report = await farm.api<Report>(`/v1/runs/${id}/report.json`);
    expect(report.run.state).toBe('done');
    const final = await numberIn(page, '#tile-started');
    expect(final).toBe(report.totals.users.started);
    expect(lastLive).toBeLessThanOrEqual(final);
    expect(await page.textContent('#run-submitter')).toBe('alice');
    expect(await page.textContent('#thresholds-table')).toContain('p99(response.chat) < 500ms');

    // The report opens from the run page, self-contained, with values on hover.
    const [popup] = await Promise.all([context.waitForEvent('page'), page.click('#open-report')]);
    await popup.waitForLoadState();
    expect(await popup.title()).toContain('console-e2e');
    expect(await popup.textContent('#scenario')).toContain('think: 400ms');
    // The chat latency chart: log scale, the threshold line, values on hover.
    const chart = popup.locator('#chart-latency-response-chat svg.lf-chart');
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    await popup.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await popup.waitForSelector('g.lf-tip[visibility="visible"]', { state: 'attached' });
    await popup.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await shot(popup, 'report', false);

    // The history lists it with its verdict, scenario, submitter and peak users; the filters find it.
    await page.click('a[href="/console/"]');
    await page.waitForSelector(`#runs-table tr[data-run="${id}"]`);
    const row = await page.textContent(`#runs-table tr[data-run="${id}"]`);
    expect(row).toContain(report.verdict.toUpperCase());
    expect(row).toContain('alice');
    await page.selectOption('#filter-verdict', report.verdict === 'pass' ? 'fail' : 'pass');
    await waitFor(async () => (await page.$(`#runs-table tr[data-run="${id}"]`)) === null, { what: 'filtered out' });
    await page.selectOption('#filter-verdict', report.verdict);
    await page.waitForSelector(`#runs-table tr[data-run="${id}"]`);
    await shot(page, 'runs');
    await page.click('a[href="/console/workers"]');
    await page.waitForSelector('#workers-table tbody tr');
    await shot(page, 'workers');
    await context.close();
  }, 240_000);

  it('stops a run from its page after asking; a read-only sign-in can neither stop nor submit', async () => {
    const id = await farm.submit(scenario('console-stop', 120, 10, target()));
    await farm.waitForRun(id, (r) => (r.live?.arrivals ?? 0) > 0, 60_000, 'running');

    const viewer = await signIn(READER);
    expect(await viewer.page.$('a[href="/console/submit"]')).toBeNull();
    await viewer.page.goto(`${base}/console/runs/${id}`);
    await viewer.page.waitForSelector('#run-body[data-source="live"]');
    await viewer.page.waitForSelector('#tile-started');
    expect(await viewer.page.$('#stop')).toBeNull();
    const forged = await viewer.page.evaluate(async (runId) => {
      const me = (await (await fetch('/console/api/session')).json()) as { csrf: string };
      const post = (path: string, body: string, type: string) =>
        fetch(path, { method: 'POST', headers: { 'content-type': type, 'x-csrf-token': me.csrf }, body }).then(
          (r) => r.status,
        );
      return {
        stop: await post(`/v1/runs/${runId}/stop`, '{}', 'application/json'),
        submit: await post('/v1/runs', 'name: x', 'application/yaml'),
      };
    }, id);
    expect(forged).toEqual({ stop: 403, submit: 403 });
    await viewer.context.close();
    expect((await farm.run(id)).state).toBe('running');

    const { context, page } = await signIn(WRITER);
    await page.goto(`${base}/console/runs/${id}`);
    await page.waitForSelector('#stop');
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await page.click('#stop');
    const stopped = await farm.waitForRun(id, (r) => r.state === 'stopped', 60_000, 'stopped');
    expect(asked).toMatch(/Stop this run now\?/);
    expect(stopped.stopReason).toMatch(/stopped from the console/);
    await page.waitForSelector('#run-body[data-source="report"]', { timeout: 90_000 });
    await context.close();
  }, 240_000);
});
