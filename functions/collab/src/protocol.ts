import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** The y-websocket wire protocol: a varUint message type, then y-protocols' sync or awareness payload. */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const syncStep1 = (doc: Y.Doc) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
};

export const syncStep2 = (doc: Y.Doc, stateVector: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(e, doc, stateVector);
  return encoding.toUint8Array(e);
};

export const updateMessage = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
};

export const awarenessMessage = (update: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
};

export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }
  | { kind: 'other' };

/** Reads one client message; throws on bytes that are not the protocol. */
export function readClientMessage(data: Uint8Array): ClientMessage {
  const d = decoding.createDecoder(data);
  const type = decoding.readVarUint(d);
  if (type === MESSAGE_SYNC) {
    const sub = decoding.readVarUint(d);
    if (sub === syncProtocol.messageYjsSyncStep1) {
      return { kind: 'sync-step1', stateVector: decoding.readVarUint8Array(d) };
    }
    if (sub === syncProtocol.messageYjsSyncStep2 || sub === syncProtocol.messageYjsUpdate) {
      return { kind: 'update', update: decoding.readVarUint8Array(d) };
    }
    throw new Error(`unknown sync message ${sub}`);
  }
  if (type === MESSAGE_AWARENESS) return { kind: 'awareness', update: decoding.readVarUint8Array(d) };
  if (type === MESSAGE_QUERY_AWARENESS) return { kind: 'query-awareness' };
  return { kind: 'other' };
}

/**
 * Rewrites an awareness update so every state carries the sender's user id (`userId`): clients choose
 * their name, colour and cursor, but cannot pass for someone else. Returns the client ids it names.
 */
export function stampAwareness(
  update: Uint8Array,
  userId: string,
): { update: Uint8Array; clients: number[] } {
  const d = decoding.createDecoder(update);
  const e = encoding.createEncoder();
  const n = decoding.readVarUint(d);
  encoding.writeVarUint(e, n);
  const clients: number[] = [];
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const state = JSON.parse(decoding.readVarString(d)) as unknown;
    clients.push(clientId);
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    const stamped = state && typeof state === 'object' ? { ...(state as object), userId } : state;
    encoding.writeVarString(e, JSON.stringify(stamped));
  }
  return { update: encoding.toUint8Array(e), clients };
}

export { awarenessProtocol };
