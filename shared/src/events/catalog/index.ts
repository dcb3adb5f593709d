import type { EventDef } from '../define';
import * as ops from './ops';

/** Every event the platform knows. Adding a context means adding its module here. */
export const catalog: readonly EventDef[] = [...Object.values(ops)];

export const eventTypes = (): string[] => catalog.map((e) => e.type);
export const findEvent = (type: string): EventDef | undefined => catalog.find((e) => e.type === type);
export { ops };
