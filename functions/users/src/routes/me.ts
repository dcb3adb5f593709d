import { parseJson, parseParams } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import { getAccount } from '../account.service';
import { type DeletionDeps, deleteAccount } from '../deletion.service';
import { type ExportDeps, getExport, listExports, requestExport } from '../exports.service';
import {
  getProfile,
  listConsents,
  setConsent,
  type UsersDeps,
  updateNotifications,
  updateProfile,
} from '../profile.service';
import {
  consentBody,
  consentParams,
  deleteAccountBody,
  exportParams,
  notificationsBody,
  updateProfileBody,
} from '../schemas';

/** The signed-in user's own profile, preferences and consents (behind requireAuth, see app.ts). */
export function meRoutes(deps: UsersDeps & DeletionDeps & ExportDeps) {
  return new Hono()
    .get('/v1/me', async (c) => c.json(await getProfile(deps, c.get('auth'))))
    .get('/v1/me/account', async (c) => c.json(await getAccount(deps, c.get('auth'))))
    .patch('/v1/me', async (c) =>
      c.json(await updateProfile(deps, c.get('auth'), await parseJson(c, updateProfileBody))),
    )
    .put('/v1/me/notifications', async (c) =>
      c.json(await updateNotifications(deps, c.get('auth'), await parseJson(c, notificationsBody))),
    )
    .delete('/v1/me', async (c) => {
      await deleteAccount(deps, c.get('auth'), await parseJson(c, deleteAccountBody));
      return c.body(null, 204);
    })
    .post('/v1/me/export', async (c) => c.json(await requestExport(deps, c.get('auth')), 202))
    .get('/v1/me/exports', async (c) => c.json({ items: await listExports(deps, c.get('auth')) }))
    .get('/v1/me/exports/:id', async (c) =>
      c.json(await getExport(deps, c.get('auth'), parseParams(c, exportParams).id)),
    )
    .get('/v1/me/consents', async (c) => c.json(await listConsents(deps, c.get('auth'))))
    .put('/v1/me/consents/:kind', async (c) => {
      const { kind } = parseParams(c, consentParams);
      const { granted, version } = await parseJson(c, consentBody);
      return c.json(await setConsent(deps, c.get('auth'), kind, granted, version));
    });
}
