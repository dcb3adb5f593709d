import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@atelier/shared/log';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareSecrets } from './secrets';

describe('secret files the runner prepares', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-secrets-'));
  const log = createLogger({ name: 'test', level: 'silent' });
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps generated secrets across starts, but third-party keys only while the environment gives them', () => {
    prepareSecrets(dir, ['ops-token', 'openai-api-key'], { OPENAI_API_KEY: 'sk-first' }, log);
    const token = read('ops-token');
    expect(token.length).toBeGreaterThanOrEqual(24);
    expect(read('openai-api-key')).toBe('sk-first');

    // A later start without the key: OpenAI is off again (the file is emptied); the token stays.
    prepareSecrets(dir, ['ops-token', 'openai-api-key'], {}, log);
    expect(read('ops-token')).toBe(token);
    expect(read('openai-api-key')).toBe('');

    prepareSecrets(
      dir,
      ['ops-token', 'openai-api-key'],
      { OPS_TOKEN: 'x'.repeat(32), OPENAI_API_KEY: 'sk-2' },
      log,
    );
    expect([read('ops-token'), read('openai-api-key')]).toEqual(['x'.repeat(32), 'sk-2']);
  });
});
