import { onAnyEvent } from './on-any-event';

export const handlers = [...onAnyEvent];
