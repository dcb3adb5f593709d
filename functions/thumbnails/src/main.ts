import { dbEnv, rabbitEnv, s3Env } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openFileWorker } from '@atelier/shared/http/file-worker';
import { createApp } from './app';

bootFunction('thumbnails', { ...dbEnv, ...rabbitEnv, ...s3Env }, async (ctx) =>
  createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    ...openFileWorker('thumbnails', ctx.config, ctx),
  }),
);
