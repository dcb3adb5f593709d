import { image, putFile } from '../../../../runner/src/test-support/creative';
import { generate, waitFor } from '../../../../runner/src/test-support/generation';
import type { TestPlatform } from '../../../../runner/src/test-support/platform';
import { request } from '../../../../runner/src/test-support/users';

/** Real resources of one user for the contract test to aim valid requests at. */
export interface World {
  workbenchId: string;
  projectId: string;
  assetId: string;
  generationId: string;
  sampleIds: string[];
  templateId: string;
  brandKitId: string;
  /** A file sent to storage whose upload is not completed yet. */
  uploadId: string;
  /** Where webhooks go (a receiver of the test's, allowed by the platform's settings). */
  receiverUrl: string;
  endpointId: string;
  /** A test ping's delivery. */
  deliveryId: string;
}

/** Anyone who may call the API: `accessToken` is an access token or an API key. */
export type Caller = { accessToken: string };

async function made(res: Promise<{ status: number; body: Record<string, unknown> }>, what: string) {
  const { status, body } = await res;
  if (status >= 300) throw new Error(`making ${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

export async function newWorkbench(p: TestPlatform, caller: Caller) {
  return (await made(request(p, caller, 'POST', '/v1/workbenches', { name: 'Contract' }), 'a workbench'))
    .id as string;
}

export async function newProjectIn(p: TestPlatform, caller: Caller, workbenchId: string) {
  const body = { name: 'Contract project', format: 'instagram_post' };
  return (
    await made(request(p, caller, 'POST', `/v1/workbenches/${workbenchId}/projects`, body), 'a project')
  ).id as string;
}

/** The first step of an upload: a link, and the file sent to it. */
async function uploaded(p: TestPlatform, caller: Caller, projectId: string) {
  const bytes = await image('png', 64, 48);
  const link = await made(
    request(p, caller, 'POST', '/v1/assets/uploads', {
      projectId,
      name: 'contract.png',
      contentType: 'image/png',
      size: bytes.length,
    }),
    'an upload link',
  );
  if ((await putFile(link, bytes)) !== 200) throw new Error('the upload was refused');
  return link.uploadId as string;
}

/** An image asset through the real upload: link, PUT to storage, complete. */
export async function newAsset(p: TestPlatform, caller: Caller, projectId: string) {
  const uploadId = await uploaded(p, caller, projectId);
  const asset = await made(request(p, caller, 'POST', `/v1/assets/uploads/${uploadId}/complete`), 'an asset');
  return asset.id as string;
}

/**
 * The resources of one caller (`user`, the person behind it, makes what API keys may not: templates
 * are read and brand kits made by signed-in people only).
 */
export async function newEndpoint(p: TestPlatform, caller: Caller, receiverUrl: string) {
  const body = { url: receiverUrl, eventTypes: ['generation.completed'] };
  const created = await made(
    request(p, caller, 'POST', '/v1/developer/webhooks', body),
    'a webhook endpoint',
  );
  return (created.endpoint as { id: string }).id;
}

export async function makeWorld(
  p: TestPlatform,
  caller: Caller,
  user: Caller,
  receiverUrl: string,
): Promise<World> {
  const workbenchId = await newWorkbench(p, caller);
  const projectId = await newProjectIn(p, caller, workbenchId);
  const assetId = await newAsset(p, caller, projectId);
  const started = await generate(p, caller, { projectId, prompt: 'A lighthouse at dawn, watercolour' });
  const generation = await waitFor(p, caller, started.id, ['awaiting_selection'], 90_000);
  const templates = await made(request(p, user, 'GET', '/v1/templates?limit=1'), 'the template list');
  const kit = await made(request(p, user, 'POST', '/v1/brand-kits', { name: 'Contract kit' }), 'a brand kit');
  const endpointId = await newEndpoint(p, caller, receiverUrl);
  const ping = await made(request(p, caller, 'POST', `/v1/developer/webhooks/${endpointId}/test`), 'a ping');
  return {
    receiverUrl,
    endpointId,
    deliveryId: (ping.delivery as { id: string }).id,
    workbenchId,
    projectId,
    assetId,
    generationId: started.id,
    sampleIds: generation.samples.map((s) => s.id),
    templateId: (templates.items as Array<{ id: string }>)[0]!.id,
    brandKitId: kit.id as string,
    uploadId: await uploaded(p, caller, projectId),
  };
}

/**
 * A resource of its own for an operation that deletes the one it names, so that the world's stay for
 * the other operations. Undefined when the path names no resource of the world.
 */
export async function doomed(p: TestPlatform, caller: Caller, world: World, path: string) {
  if (path.startsWith('/v1/developer/webhooks/')) return newEndpoint(p, caller, world.receiverUrl);
  if (path.startsWith('/v1/workbenches/')) return newWorkbench(p, caller);
  if (path.startsWith('/v1/projects/')) return newProjectIn(p, caller, world.workbenchId);
  if (path.startsWith('/v1/assets/')) return newAsset(p, caller, world.projectId);
  return undefined;
}
