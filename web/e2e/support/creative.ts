import { subscriptions } from '@atelier/shared/db/schema';
import sharp from 'sharp';
import type { TestPlatform } from '../../../runner/src/test-support/platform';

// Not runner/src/test-support/creative.ts: its fetch helpers do not typecheck under this project's DOM lib.

/** A live Pro subscription for a user, inserted directly (billing-journey.test.ts buys through the screens). */
export async function subscribePro(p: TestPlatform, userId: string) {
  const now = Date.now();
  await p.db.db.insert(subscriptions).values({
    ownerUserId: userId,
    plan: 'pro',
    status: 'active',
    provider: 'manual',
    currentPeriodStart: new Date(now),
    currentPeriodEnd: new Date(now + 30 * 86_400_000),
  });
}

/** A real image of a plain colour. */
export const image = (format: 'png' | 'jpeg', width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .toFormat(format)
    .toBuffer();
