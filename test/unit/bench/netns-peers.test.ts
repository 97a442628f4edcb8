// countPeers: what the hosts test and bench:hosts read from `ss` in the chat server's namespace.
import { describe, expect, it } from 'vitest';
import { countPeers } from '../../../bench/lib/netns.js';

describe('countPeers', () => {
  it('counts established connections by peer address, IPv4 and IPv6', () => {
    const out = [
      '0      0      10.231.7.2:7000     10.231.7.3:41234',
      '0      0      10.231.7.2:7000     10.231.7.3:41236',
      '0      0      10.231.7.2:7000     10.231.7.10:50000',
      '0      0      [fd00::2]:7000      [fd00::9]:38000',
      '',
    ].join('\n');
    expect(countPeers(out)).toEqual({ '10.231.7.3': 2, '10.231.7.10': 1, 'fd00::9': 1 });
  });

  it('is empty for no connections', () => {
    expect(countPeers('')).toEqual({});
  });
});
