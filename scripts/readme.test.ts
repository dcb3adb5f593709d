import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runnerEnv } from '../runner/src/config';
import { portEnv } from '../shared/src/config';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('documents every configuration variable the code reads', () => {
    const missing = Object.keys({ ...runnerEnv, ...portEnv }).filter((key) => !readme.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });

  it('shows the two set-up commands and the test command', () => {
    for (const cmd of ['npm ci', 'npm start', 'npm test']) expect(readme).toContain(cmd);
  });
});
