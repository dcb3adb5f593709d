import type { EventDef } from '../define';
import * as billing from './billing';
import * as collab from './collab';
import * as creative from './creative';
import * as developer from './developer';
import * as generation from './generation';
import * as identity from './identity';
import * as ops from './ops';
import * as projects from './projects';

/** Every event the platform knows. Adding a context means adding its module here. */
// Sorted by type: module namespace key order differs between runtimes (and test transforms).
export const catalog: readonly EventDef[] = [
  ...Object.values(ops),
  ...Object.values(identity),
  ...Object.values(projects),
  ...Object.values(creative),
  ...Object.values(billing),
  ...Object.values(generation),
  ...Object.values(collab),
  ...Object.values(developer),
].sort((a, b) => a.type.localeCompare(b.type));

export const eventTypes = (): string[] => catalog.map((e) => e.type);
export const findEvent = (type: string): EventDef | undefined => catalog.find((e) => e.type === type);
export { billing, collab, creative, developer, generation, identity, ops, projects };
