import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';

/** Colours with at least 4.5:1 against white text (names on cursors and avatars, 1.4.3). */
export const peerColours = [
  '#B91C1C',
  '#1D4ED8',
  '#047857',
  '#7E22CE',
  '#B45309',
  '#BE185D',
  '#0F766E',
  '#4338CA',
] as const;

/** One colour per person, the same in every tab and for every collaborator. */
export function colourFor(userId: string): string {
  let h = 0;
  for (const c of userId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return peerColours[h % peerColours.length]!;
}

export interface Peer {
  clientId: number;
  /** Set by the server from the connection's token: who it really is. */
  userId: string | null;
  name: string;
  colour: string;
  cursor: { x: number; y: number } | null;
  /** The first selected layer (the canvas selects one at a time). */
  selection: string | null;
  self: boolean;
}

/** What this tab tells the room about itself (awareness local state, docs/collaboration.md). */
export interface LocalPresence {
  user: { name: string; color: string };
  cursor: { x: number; y: number } | null;
  /** Selected layer ids. */
  selection: string[];
}

const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

function toPeer(clientId: number, state: Record<string, unknown>, self: boolean): Peer | null {
  const user = state.user as { name?: unknown; color?: unknown } | undefined;
  if (!user || typeof user.name !== 'string') return null;
  const cursor = state.cursor as { x?: unknown; y?: unknown } | null | undefined;
  const colour =
    typeof user.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(user.color) ? user.color : peerColours[0];
  return {
    clientId,
    userId: typeof state.userId === 'string' ? state.userId : null,
    name: user.name.slice(0, 60),
    colour,
    cursor:
      cursor && num(cursor.x) && num(cursor.y) ? { x: cursor.x as number, y: cursor.y as number } : null,
    selection: Array.isArray(state.selection)
      ? (state.selection.find((v): v is string => typeof v === 'string') ?? null)
      : typeof state.selection === 'string'
        ? state.selection
        : null,
    self,
  };
}

/** Everyone in the room (this tab first), re-read on each awareness change. */
export function usePeers(awareness: Awareness | null): Peer[] {
  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    if (!awareness) return;
    const read = () => {
      const out: Peer[] = [];
      for (const [id, state] of awareness.getStates()) {
        const p = toPeer(id, state as Record<string, unknown>, id === awareness.clientID);
        if (p) out.push(p);
      }
      out.sort((a, b) => Number(b.self) - Number(a.self) || a.clientId - b.clientId);
      setPeers(out);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);
  return peers;
}

export const initials = (name: string) =>
  name
    .split(/[\s@._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('') || '?';
