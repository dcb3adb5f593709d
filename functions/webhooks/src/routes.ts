import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { webhookEventTypes } from '@atelier/shared/webhooks/event-types';
import { Hono } from 'hono';
import type { WebhooksDeps } from './deps';
import { createBody, deliveriesQuery, deliveryParams, idParams, patchBody } from './schemas';
import {
  createEndpoint,
  deleteEndpoint,
  getDelivery,
  getEndpoint,
  getSecret,
  listDeliveries,
  listEndpoints,
  patchEndpoint,
  redeliver,
  rotateSecret,
  sendTest,
} from './webhooks.service';

const BASE = '/v1/developer/webhooks';

/** The webhook management API (docs/webhooks.md). Every route sits behind requireAuth (app.ts). */
export function webhookRoutes(deps: WebhooksDeps) {
  return (
    new Hono()
      // Before /:id, which would take "event-types" for an id.
      .get(`${BASE}/event-types`, (c) => c.json({ items: webhookEventTypes }))
      .get(BASE, async (c) => c.json(await listEndpoints(deps, c.get('auth'))))
      .post(BASE, async (c) => {
        const created = await createEndpoint(deps, c.get('auth'), await parseJson(c, createBody));
        c.header('cache-control', 'no-store');
        c.set('secretFields', ['secret']);
        c.header('location', `${BASE}/${created.endpoint.id}`);
        return c.json(created, 201);
      })
      .get(`${BASE}/:id`, async (c) =>
        c.json(await getEndpoint(deps, c.get('auth'), parseParams(c, idParams).id)),
      )
      .patch(`${BASE}/:id`, async (c) => {
        const { id } = parseParams(c, idParams);
        return c.json(await patchEndpoint(deps, c.get('auth'), id, await parseJson(c, patchBody)));
      })
      .delete(`${BASE}/:id`, async (c) => {
        await deleteEndpoint(deps, c.get('auth'), parseParams(c, idParams).id);
        return c.body(null, 204);
      })
      .get(`${BASE}/:id/secret`, async (c) => {
        c.header('cache-control', 'no-store');
        return c.json(await getSecret(deps, c.get('auth'), parseParams(c, idParams).id));
      })
      .post(`${BASE}/:id/secret/rotate`, async (c) => {
        c.header('cache-control', 'no-store');
        c.set('secretFields', ['secret']);
        return c.json(await rotateSecret(deps, c.get('auth'), parseParams(c, idParams).id));
      })
      .post(`${BASE}/:id/test`, async (c) =>
        c.json(await sendTest(deps, c.get('auth'), parseParams(c, idParams).id), 202),
      )
      .get(`${BASE}/:id/deliveries`, async (c) => {
        const { id } = parseParams(c, idParams);
        return c.json(await listDeliveries(deps, c.get('auth'), id, parseQuery(c, deliveriesQuery)));
      })
      .get(`${BASE}/:id/deliveries/:deliveryId`, async (c) => {
        const { id, deliveryId } = parseParams(c, deliveryParams);
        return c.json(await getDelivery(deps, c.get('auth'), id, deliveryId));
      })
      .post(`${BASE}/:id/deliveries/:deliveryId/redeliver`, async (c) => {
        const { id, deliveryId } = parseParams(c, deliveryParams);
        return c.json(await redeliver(deps, c.get('auth'), id, deliveryId), 202);
      })
  );
}
