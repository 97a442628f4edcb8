import type { Checker } from './check.js';
import { indexPath } from './paths.js';
import type { MonitorEndpoint } from './plan.js';
import type { YNode } from './source.js';

const NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,39}$/;
const MAX_ENDPOINTS = 16;

/** The `monitor:` list: Prometheus endpoints of the system under test, each {url, name}. */
export function readMonitor(c: Checker, node: YNode | undefined, path: string): MonitorEndpoint[] {
  const items = (node && c.list(node, path, 'a list of {url, name} Prometheus endpoints', false)) ?? [];
  if (items.length > MAX_ENDPOINTS) c.fail(node!, path, `at most ${MAX_ENDPOINTS} monitor endpoints`);
  const out: MonitorEndpoint[] = [];
  items.forEach((item, i) => {
    const p = indexPath(path, i);
    const f = c.fields(item, p, ['url', 'name'], '{url, name}');
    if (!f) return;
    const u = f.req('url', 'an http:// or https:// URL');
    const n = f.req('name', 'a name');
    const url = u && c.str(u, f.at('url'), 'an http:// or https:// URL');
    const name = n && c.str(n, f.at('name'), 'a name of letters, digits, _ and - (series are NAME.metric)', NAME);
    if (url !== undefined && !isHttpUrl(url))
      c.fail(u!, f.at('url'), `expected an http:// or https:// URL, got ${JSON.stringify(url)}`);
    else if (url !== undefined && name !== undefined) {
      if (out.some((m) => m.name === name)) c.fail(n!, f.at('name'), `monitor name "${name}" is used twice`);
      else out.push({ name, url });
    }
  });
  return out;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '';
  } catch {
    return false;
  }
}
