import { describe, expect, it } from 'vitest';
import { describeDevice, shortUserAgent } from './describe-device';

describe('device names', () => {
  it('names a browser and its system', () => {
    expect(
      describeDevice('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'),
    ).toEqual({ browser: 'Firefox', os: 'Windows' });
  });

  it('finds no browser in an API client, whose own name is shown instead, cut to one line', () => {
    expect(describeDevice('curl-second-device').browser).toBe('');
    expect(shortUserAgent('curl-second-device')).toBe('curl-second-device');
    const long = `python-requests/2.32 ${'x'.repeat(100)}`;
    expect(shortUserAgent(long)).toHaveLength(60);
    expect(shortUserAgent(long).endsWith('…')).toBe(true);
    expect(shortUserAgent('  ')).toBe('');
  });
});
