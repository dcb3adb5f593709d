import { api, isApiError } from '../../lib/api';
import { create } from '../../lib/store';
import { type Generation, generationsApi, type NewGeneration, type Quality } from './studio.api';

export const generations = generationsApi(api);

export type StudioAction = 'start' | 'regenerate' | 'select' | 'cancel';

interface StudioState {
  /** The generation on screen (a new one, or one opened from the history). */
  generation: Generation | null;
  /** Which action is in flight, to disable its button and say so. */
  busy: StudioAction | null;
  /** The last failed action or read: the failure, not its text, so messages follow a language switch. */
  failure: { action: StudioAction | 'load'; error: unknown } | null;
  /** Bumped by every poll, so the poller schedules the next one even when nothing changed. */
  polls: number;
  open(id: string): Promise<void>;
  refresh(): Promise<void>;
  start(body: NewGeneration): Promise<Generation | null>;
  regenerate(): Promise<void>;
  select(sampleId: string, quality: Quality): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
  reset(): void;
}

/**
 * An answer is applied only when it is about the generation on screen and not older than what is
 * shown: a poll sent just before a select must not put the old state back after the select's answer.
 */
const newer = (next: Generation, current: Generation | null) =>
  !current || (current.id === next.id && Date.parse(next.updatedAt) >= Date.parse(current.updatedAt));

/** The studio's one generation and its actions; polling lives in useGenerationPolling. */
export const useStudio = create<StudioState>()((set, get) => {
  async function act(action: StudioAction, call: (id: string) => Promise<Generation>) {
    const current = get().generation;
    if (!current || get().busy) return;
    set({ busy: action, failure: null });
    try {
      const next = await call(current.id);
      if (get().generation?.id === current.id) set({ generation: next });
    } catch (error) {
      set({ failure: { action, error } });
      // Refused because the state moved on (another tab, the pipeline): show where it is now.
      if (isApiError(error) && error.code === 'invalid_state') await get().refresh();
    } finally {
      set({ busy: null });
    }
  }

  return {
    generation: null,
    busy: null,
    failure: null,
    polls: 0,
    async open(id) {
      if (get().generation?.id === id) return;
      set({ generation: null, failure: null });
      try {
        const g = await generations.get(id);
        set({ generation: g });
      } catch (error) {
        set({ failure: { action: 'load', error } });
      }
    },
    async refresh() {
      const current = get().generation;
      if (!current) return;
      try {
        const next = await generations.get(current.id);
        if (newer(next, get().generation)) set({ generation: next });
      } catch {
        // A missed poll is retried by the next one; an action's failure is what the user needs to see.
      } finally {
        set((s) => ({ polls: s.polls + 1 }));
      }
    },
    async start(body) {
      if (get().busy) return null;
      set({ busy: 'start', failure: null });
      try {
        const { id } = await generations.start(body);
        const g = await generations.get(id);
        set({ generation: g });
        return g;
      } catch (error) {
        set({ failure: { action: 'start', error } });
        return null;
      } finally {
        set({ busy: null });
      }
    },
    regenerate: () => act('regenerate', (id) => generations.regenerate(id)),
    select: (sampleId, quality) => act('select', (id) => generations.select(id, sampleId, quality)),
    cancel: () => act('cancel', (id) => generations.cancel(id)),
    dismiss: () => set({ failure: null }),
    reset: () => set({ generation: null, busy: null, failure: null, polls: 0 }),
  };
});
