import { useEffect, useState } from 'react';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TokenSource } from '../notifications/access-token';

export type RoomStatus = 'connecting' | 'connected' | 'disconnected';
/** Why the room will not let us in (close codes of functions/collab, docs/collaboration.md). */
export type RoomRefusal = 'unauthorized' | 'not_found' | 'room_full' | 'invalid_message';

const refusals: Record<number, RoomRefusal> = {
  4401: 'unauthorized',
  4404: 'not_found',
  4429: 'room_full',
  4400: 'invalid_message',
};

export interface Room {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
}

/** `ws(s)://<this origin>/v1/collab`, the gateway's tunnel to the collab service. */
export function collabUrl(location: Pick<Location, 'protocol' | 'host'> = window.location) {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/collab`;
}

/**
 * The project's design document as a shared Yjs doc, over the y-websocket protocol with the access
 * token in `?token=`. Reconnects on its own (the provider's backoff); a refused token is renewed once.
 */
export function useCollabRoom(projectId: string, tokens: TokenSource, url = collabUrl()) {
  const [room, setRoom] = useState<Room | null>(null);
  const [status, setStatus] = useState<RoomStatus>('connecting');
  const [synced, setSynced] = useState(false);
  const [refused, setRefused] = useState<RoomRefusal | null>(null);
  /** The server said we may only read (a Viewer's update refused). */
  const [denied, setDenied] = useState(false);

  useEffect(() => {
    const ydoc = new Y.Doc();
    // disableBc: tabs of one browser sync through the server like anyone else (and each tab's edits
    // are checked there).
    const provider = new WebsocketProvider(url, projectId, ydoc, { connect: false, disableBc: true });
    provider.messageHandlers[2] = (_encoder, decoder, p) => {
      authProtocol.readAuthMessage(decoder, p.doc, () => setDenied(true));
    };
    let live = true;
    let renewed = false;
    const connect = async (fresh: boolean) => {
      try {
        const token = await tokens.get(fresh);
        if (!live) return;
        if (!token) return setRefused('unauthorized');
        provider.params = { token };
        provider.connect();
      } catch {
        if (live) setTimeout(() => live && void connect(fresh), 3000);
      }
    };
    provider.on('status', ({ status: s }) => setStatus(s));
    provider.on('sync', (s: boolean) => {
      setSynced(s);
      if (s) renewed = false;
    });
    provider.on('closed', ({ code }) => {
      if (!live) return;
      if (code === 4401 && !renewed) {
        renewed = true;
        void connect(true);
        return;
      }
      setRefused(refusals[code] ?? 'invalid_message');
    });
    setRoom({ ydoc, provider });
    void connect(false);
    return () => {
      live = false;
      provider.destroy();
      ydoc.destroy();
      setRoom(null);
      setSynced(false);
      setRefused(null);
      setDenied(false);
    };
  }, [projectId, tokens, url]);

  return { room, status, synced, refused, denied };
}
