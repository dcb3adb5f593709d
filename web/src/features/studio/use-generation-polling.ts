import { useEffect } from 'react';
import { runningStates } from './studio.api';
import { useStudio } from './studio.store';

export const POLL_MS = 1000;

/**
 * Reads the generation again about every second while the pipeline works on it (push arrives with a
 * later issue). One timer at a time: the next is scheduled once the previous read has answered.
 */
export function useGenerationPolling(everyMs = POLL_MS) {
  const generation = useStudio((s) => s.generation);
  const polls = useStudio((s) => s.polls);
  const refresh = useStudio((s) => s.refresh);
  const running = generation ? runningStates.includes(generation.state) : false;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer or a finished poll schedules the next read
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => void refresh(), everyMs);
    return () => clearTimeout(timer);
  }, [running, generation, polls, refresh, everyMs]);
}
