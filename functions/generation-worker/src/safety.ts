import { checkPromptLocally } from '@atelier/shared/ai/safety';
import type { Verdict } from '@atelier/shared/ai/types';
import type { WorkerDeps } from './deps';

const clean: Verdict = { flagged: false, categories: [], reason: null };

/**
 * A prompt is checked by the local rule list always, then by the configured moderation (OpenAI's). If
 * that moderation cannot be reached the local verdict stands: text has a rule list to fall back on.
 */
export async function checkText(deps: WorkerDeps, text: string): Promise<Verdict> {
  const local = checkPromptLocally(text);
  if (local.flagged) return local;
  for (const moderate of deps.ai.moderators.text) {
    try {
      const verdict = await moderate(text, AbortSignal.timeout(30_000));
      if (verdict.flagged) return verdict;
    } catch (err) {
      deps.log.warn(
        { err: (err as Error).message },
        'prompt moderation unreachable: the local rules decided',
      );
    }
  }
  return clean;
}

/**
 * An image is checked by every configured image moderator (OpenAI's, the pool's). Images have no local
 * rule list, so a moderator that cannot be reached fails closed: an unchecked image is never shown.
 */
export async function checkImage(deps: WorkerDeps, png: Buffer): Promise<Verdict> {
  for (const moderate of deps.ai.moderators.image) {
    const verdict = await moderate(png, AbortSignal.timeout(30_000));
    if (verdict.flagged) return verdict;
  }
  return clean;
}
