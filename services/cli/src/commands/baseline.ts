import { ConfigError, baselineSpec, loadSettings } from '@loadfleet/config';
import { EXIT_INVALID_INPUT, EXIT_PASSED, EXIT_RUN_FAILED } from '@loadfleet/report';
import { ApiError, Client } from '../api-client.js';

const USAGE =
  'usage: loadfleet baseline RUN_ID --api URL [--token T]   |   loadfleet baseline --scenario NAME --api URL';

/**
 * `loadfleet baseline RUN_ID --api URL`: marks a finished run as its scenario's baseline
 * on the farm (thresholds like `p99(response.chat) < baseline * 1.10` then compare with it);
 * `--scenario NAME` shows the scenario's baseline. Locally, `run --baseline FILE` instead.
 */
export async function baselineCommand(args: string[]): Promise<number> {
  const { settings, positional } = loadSettings(baselineSpec, args);
  if (positional.length > 1 || (positional.length === 0) === (settings.scenario === '')) throw new ConfigError(USAGE);
  const client = new Client(settings.api.replace(/\/+$/, ''), settings.token || process.env.LOADFLEET_API_TOKEN || '');
  try {
    if (positional.length === 1) {
      const r = await client.json<{ scenario: string; runId: string }>(
        'POST',
        `/v1/runs/${encodeURIComponent(positional[0]!)}/baseline`,
      );
      process.stdout.write(`run ${r.runId} is now the baseline of "${r.scenario}"\n`);
    } else {
      const r = await client.json<{ scenario: string; runId: string | null }>(
        'GET',
        `/v1/baselines/${encodeURIComponent(settings.scenario)}`,
      );
      process.stdout.write(r.runId ? `${r.runId}\n` : `"${r.scenario}" has no baseline yet\n`);
    }
    return EXIT_PASSED;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    process.stderr.write(`loadfleet baseline: ${err.message} (${err.status} ${err.code})\n`);
    return err.status >= 400 && err.status < 500 ? EXIT_INVALID_INPUT : EXIT_RUN_FAILED;
  }
}
