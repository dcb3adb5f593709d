import { useEffect } from 'react';
import { type LiveEvent, useNotifications } from '../notifications/notifications.store';
import { runningStates } from './studio.api';
import { useStudio } from './studio.store';

/** How often the generation is read while the live stream is down (with it, pushes drive the reads). */
export const FALLBACK_POLL_MS = 10_000;

/** The generation a live event is about, if any (notify puts `generationId` in every generation item). */
function generationOf(e: LiveEvent): unknown {
  if (e.kind === 'progress') return e.data.generationId;
  if (e.kind === 'notification' && e.notification.type.startsWith('generation.'))
    return e.notification.data.generationId;
  return undefined;
}

/**
 * Keeps the generation on screen current: each pushed sample, batch, final or failure about it reads it
 * again (docs/notifications.md). While the tab's stream is not open, a slow poll stands in; when it
 * opens again, one read catches up with what was pushed while it was down (progress is not replayed).
 */
export function useGenerationPolling(fallbackMs = FALLBACK_POLL_MS) {
  const generation = useStudio((s) => s.generation);
  const polls = useStudio((s) => s.polls);
  const refresh = useStudio((s) => s.refresh);
  const subscribe = useNotifications((s) => s.subscribe);
  const streamOpen = useNotifications((s) => s.status === 'open');
  const running = generation ? runningStates.includes(generation.state) : false;

  useEffect(
    () =>
      subscribe((e) => {
        const id = generationOf(e);
        if (id && id === useStudio.getState().generation?.id) void refresh();
      }),
    [subscribe, refresh],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: catch up once each time the stream (re)opens
  useEffect(() => {
    if (streamOpen && running) void refresh();
  }, [streamOpen]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer or a finished poll schedules the next read
  useEffect(() => {
    if (!running || streamOpen) return;
    const timer = setTimeout(() => void refresh(), fallbackMs);
    return () => clearTimeout(timer);
  }, [running, streamOpen, generation, polls, refresh, fallbackMs]);
}
