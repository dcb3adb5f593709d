import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, dbEnv, loadConfig, rabbitEnv, s3Env, secretFileName, z } from './index';

describe('loadConfig', () => {
  const empty = mkdtempSync(join(tmpdir(), 'secrets-'));

  it('applies defaults for local use', () => {
    const c = loadConfig({ ...dbEnv, ...s3Env }, { env: {}, secretsDir: empty });
    expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/atelier');
    expect(c.DB_POOL_MAX).toBe(2);
    expect(c.S3_FORCE_PATH_STYLE).toBe(true);
    expect(c.S3_ENDPOINT).toBeUndefined();
  });

  it('reads OpenFaaS-style secret files named after the variable, env winning over files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    writeFileSync(join(dir, secretFileName('DATABASE_URL')), 'postgres://db.internal:5432/atelier\n');
    writeFileSync(join(dir, 'ops-token'), 'a'.repeat(30));
    const shape = { ...dbEnv, OPS_TOKEN: z.string().check(z.minLength(24)) };
    expect(loadConfig(shape, { env: {}, secretsDir: dir })).toMatchObject({
      DATABASE_URL: 'postgres://db.internal:5432/atelier',
      OPS_TOKEN: 'a'.repeat(30),
    });
    expect(
      loadConfig(shape, { env: { DATABASE_URL: 'postgres://other/x' }, secretsDir: dir }).DATABASE_URL,
    ).toBe('postgres://other/x');
  });

  it('fails listing every missing or invalid setting by name', () => {
    const shape = { ...dbEnv, ...rabbitEnv, OPS_TOKEN: z.string().check(z.minLength(24)) };
    try {
      loadConfig(shape, { env: { DB_POOL_MAX: 'lots', K_SINK: 'not a url' }, secretsDir: empty });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as ConfigError).message;
      expect(message).toContain('DB_POOL_MAX (invalid)');
      expect(message).toContain('K_SINK (invalid)');
      expect(message).toContain('OPS_TOKEN (missing)');
      expect((err as ConfigError).problems).toHaveLength(3);
    }
  });
});
