import { readFileSync } from 'node:fs';

/** loadfleet's version (the root package.json's), as heartbeats carry it; "" when it cannot be read. */
export const LOADFLEET_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '';
  } catch {
    return '';
  }
})();
