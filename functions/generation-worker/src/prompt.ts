import { formats } from '@atelier/shared/creative/formats';
import { brandKits } from '@atelier/shared/db/schema';
import { eq } from 'drizzle-orm';
import type { WorkerDeps } from './deps';
import type { Generation } from './generation';

const HEX = /^#[0-9a-f]{6}$/i;

/**
 * The full prompt a provider gets: the user's words, then style, tone, the brand kit's colours and voice,
 * and the format's shape. The brand colours also go to the offline drawing.
 */
export async function buildPrompt(deps: WorkerDeps, g: Generation) {
  const kit = g.brandKitId
    ? (await deps.db.select().from(brandKits).where(eq(brandKits.id, g.brandKitId)))[0]
    : undefined;
  const colors = ((kit?.colours ?? []) as Array<{ name?: string; hex?: string }>)
    .map((c) => c.hex ?? '')
    .filter((hex) => HEX.test(hex));
  const label =
    g.format === 'custom' ? 'Custom size' : (formats[g.format as keyof typeof formats]?.label ?? g.format);
  const parts = [g.prompt.trim()];
  if (g.style) parts.push(`Style: ${g.style}.`);
  if (g.tone) parts.push(`Tone: ${g.tone}.`);
  if (colors.length > 0) parts.push(`Use the brand colours ${colors.join(', ')}.`);
  if (kit?.tone) parts.push(`Brand voice: ${kit.tone}.`);
  parts.push(`Format: ${label}, ${g.width}×${g.height} px (aspect ${aspect(g.width, g.height)}).`);
  return { prompt: parts.join('\n'), colors };
}

function aspect(w: number, h: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const d = gcd(w, h);
  return `${w / d}:${h / d}`;
}
