import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Generation } from './studio.api';
import { useStudio } from './studio.store';

const at = (second: number, state: Generation['state']) =>
  ({
    id: 'g1',
    state,
    samples: [],
    updatedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString(),
  }) as unknown as Generation;

describe('studio store', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    useStudio.getState().reset();
  });

  it('keeps the newer state when a poll sent before a select answers after it', async () => {
    let answerPoll: (r: Response) => void = () => undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init: RequestInit) => {
        if (init.method === 'POST')
          return Promise.resolve(new Response(JSON.stringify(at(3, 'processing_final')), { status: 202 }));
        return new Promise<Response>((resolve) => {
          answerPoll = resolve;
        });
      }),
    );
    useStudio.setState({ generation: at(1, 'awaiting_selection') });
    const poll = useStudio.getState().refresh();
    await useStudio.getState().select('s1', 'standard');
    expect(useStudio.getState().generation?.state).toBe('processing_final');
    answerPoll(new Response(JSON.stringify(at(2, 'awaiting_selection')), { status: 200 }));
    await poll;
    expect(useStudio.getState().generation?.state).toBe('processing_final');
    expect(useStudio.getState().polls).toBe(1);
  });
});
