import { createHash } from 'node:crypto';
import { openApiDocument } from '@atelier/shared/api/openapi';
import { createFunction } from '@atelier/shared/http/create-function';
import type { Logger } from '@atelier/shared/log';
import type { Context } from 'hono';
import { docsCsp, docsHtml, startScript } from './docs-page';

export interface ApiDocsDeps {
  version: string;
  log: Logger;
  /** Swagger UI's script and stylesheet (bundled into the function). */
  ui: { script: string; css: string };
}

/** A static file, revalidated by its ETag (its bytes change only with a release). */
function file(body: string, contentType: string) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return (c: Context) => {
    c.header('cache-control', 'public, max-age=300');
    c.header('etag', etag);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('content-type', contentType);
    return c.body(body);
  };
}

/**
 * The public API's OpenAPI 3.1 document (`GET /v1/openapi.json`, generated from shared/src/api at
 * start) and its interactive docs page (`GET /v1/docs`). Public: no authentication.
 */
export function createApp(deps: ApiDocsDeps) {
  const { app } = createFunction({
    name: 'api-docs',
    version: deps.version,
    log: deps.log,
    bodyLimitBytes: 1024,
  });
  const document = JSON.stringify(openApiDocument({ version: deps.version }));
  const serveDocument = file(document, 'application/json; charset=utf-8');

  app.get('/v1/openapi.json', (c) => {
    // Any site may read it (code generators, other docs viewers): it holds nothing private.
    c.header('access-control-allow-origin', '*');
    c.header('cross-origin-resource-policy', 'cross-origin');
    return serveDocument(c);
  });
  const page = file(docsHtml, 'text/html; charset=utf-8');
  app.get('/v1/docs', (c) => {
    c.header('content-security-policy', docsCsp);
    return page(c);
  });
  app.get('/v1/docs/', (c) => c.redirect('../docs', 301));
  app.get('/v1/docs/start.js', file(startScript, 'text/javascript; charset=utf-8'));
  app.get('/v1/docs/swagger-ui-bundle.js', file(deps.ui.script, 'text/javascript; charset=utf-8'));
  app.get('/v1/docs/swagger-ui.css', file(deps.ui.css, 'text/css; charset=utf-8'));
  return app;
}
