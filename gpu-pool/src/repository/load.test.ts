import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createLogger } from '@atelier/shared/log';
import { describe, expect, it } from 'vitest';
import { defaultRepository, loadEntry, readRepository } from './load';

const log = createLogger({ name: 'gpu-pool-test', level: 'silent' });

/** A scratch repository; each model gets one version folder with the given config.json. */
function repo(models: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'gpu-pool-repo-'));
  for (const [name, config] of Object.entries(models)) {
    mkdirSync(join(root, name, '1'), { recursive: true });
    writeFileSync(join(root, name, '1', 'config.json'), JSON.stringify(config));
  }
  return root;
}

const fileModel = {
  task: 'upscale',
  runtime: 'tfjs',
  source: { file: 'model.json' },
  scale: 2,
  input: { shape: [16, 16, 3], range: [0, 255] },
  output: { shape: [32, 32, 3], range: [0, 255] },
};

describe('model repository', () => {
  it('reads the default repository: the slim set, latest versions, weights inside npm packages', () => {
    const entries = readRepository(defaultRepository, { names: ['esrgan-slim-x2', 'esrgan-slim-x4'] });
    expect(entries.map((e) => [e.name, e.version, e.config.scale])).toEqual([
      ['esrgan-slim-x2', '1', 2],
      ['esrgan-slim-x4', '1', 4],
    ]);
    expect(entries[0]!.weights).toMatch(/@upscalerjs\/esrgan-slim\/models\/x2\/model\.json$/);
  });

  it('serves the highest version unless one is pinned', () => {
    const root = repo({ m: fileModel });
    mkdirSync(join(root, 'm', '2'));
    mkdirSync(join(root, 'm', '10'));
    for (const v of ['2', '10']) {
      writeFileSync(join(root, 'm', v, 'config.json'), JSON.stringify(fileModel));
      writeFileSync(join(root, 'm', v, 'model.json'), '{}');
    }
    writeFileSync(join(root, 'm', '1', 'model.json'), '{}');
    expect(readRepository(root)[0]!.version).toBe('10');
    expect(readRepository(root, { names: ['m@2'] })[0]!.version).toBe('2');
  });

  it('fails naming every bad model and file before loading anything', () => {
    const root = repo({
      'no-weights': fileModel,
      'bad-config': { ...fileModel, runtime: 'pytorch' },
      'no-package': { ...fileModel, source: { npm: '@atelier/no-such-models', path: 'm.json' } },
    });
    writeFileSync(join(root, 'bad-json.txt'), '');
    mkdirSync(join(root, 'bad-json', '1'), { recursive: true });
    writeFileSync(join(root, 'bad-json', '1', 'config.json'), '{ not json');

    let message = '';
    try {
      readRepository(root);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(
      `model no-weights: weights ${join(root, 'no-weights', '1', 'model.json')} do not exist`,
    );
    expect(message).toMatch(/model bad-config: .*bad-config\/1\/config\.json is invalid: runtime/);
    expect(message).toContain('model no-package: npm package @atelier/no-such-models is not installed');
    expect(message).toMatch(/model bad-json: cannot read .*bad-json\/1\/config\.json/);
    expect(() => readRepository(root, { names: ['missing'] })).toThrow(/model missing: no folder/);
  });

  it('fails start-up on a corrupt model file, naming the model and the file', async () => {
    const root = repo({ broken: fileModel });
    writeFileSync(join(root, 'broken', '1', 'model.json'), '{"modelTopology": trunc');
    const [entry] = readRepository(root);
    await expect(loadEntry(entry!, { log })).rejects.toThrow(
      new RegExp(`model broken: cannot load ${join(root, 'broken', '1', 'model.json')}`),
    );
  });

  it('loads a real model from files next to its config and warms it up', async () => {
    const [slim] = readRepository(defaultRepository, { names: ['esrgan-slim-x2'] });
    const { source: _, ...rest } = slim!.config;
    const root = repo({ sr: { ...rest, source: { file: 'weights/model.json' } } });
    cpSync(dirname(slim!.weights), join(root, 'sr', '1', 'weights'), { recursive: true });
    const [entry] = readRepository(root);
    expect(entry!.weights).toBe(join(root, 'sr', '1', 'weights', 'model.json'));
    const loaded: string[] = [];
    const { model } = await loadEntry(entry!, { log, onLoaded: (e) => loaded.push(e.name) });
    expect(loaded).toEqual(['sr']);
    expect(model.name).toBe('sr');
    expect(model.executionProvider).toBe('wasm');
    await model.dispose();
  });
});
