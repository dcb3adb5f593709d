import { type ApiClient, api as defaultApi } from '../../lib/api';
import { create } from '../../lib/store';
import { type ApiKey, developerApi, type NewApiKey, type Usage } from './developer.api';

export interface DeveloperState {
  keys: ApiKey[] | null;
  usage: Usage | null;
  /** The last failure of each read (not its text: the message follows a language switch). */
  keysError: unknown;
  usageError: unknown;
  /** Forgets what an earlier visit (or another account) read, then reads keys and usage. */
  open(): void;
  loadKeys(): Promise<void>;
  loadUsage(): Promise<void>;
  /**
   * Creates a key and returns it with its secret. The secret is handed to the caller only, never kept
   * here: the copy-once dialog holds it while it is open.
   */
  createKey(input: NewApiKey): Promise<{ key: ApiKey; secret: string }>;
  revokeKey(id: string): Promise<void>;
}

/** The developer portal's keys and usage: the keys list and the usage chart both read them. */
export function createDeveloperStore(api: ApiClient) {
  const developer = developerApi(api);
  // Only the newest read applies: a slow answer never overwrites a newer one.
  let keysSeq = 0;
  let usageSeq = 0;
  return create<DeveloperState>()((set, get) => ({
    keys: null,
    usage: null,
    keysError: null,
    usageError: null,
    open() {
      set({ keys: null, usage: null, keysError: null, usageError: null });
      void get().loadKeys();
      void get().loadUsage();
    },
    async loadKeys() {
      const mine = ++keysSeq;
      try {
        const { items } = await developer.keys();
        if (mine === keysSeq) set({ keys: items, keysError: null });
      } catch (err) {
        if (mine === keysSeq) set({ keysError: err ?? new Error('failed') });
      }
    },
    async loadUsage() {
      const mine = ++usageSeq;
      try {
        const usage = await developer.usage(30);
        if (mine === usageSeq) set({ usage, usageError: null });
      } catch (err) {
        if (mine === usageSeq) set({ usageError: err ?? new Error('failed') });
      }
    },
    async createKey(input) {
      const created = await developer.createKey(input);
      // Show it at once (newest first), then read the list as the server has it.
      set((s) => ({ keys: [created.key, ...(s.keys ?? []).filter((k) => k.id !== created.key.id)] }));
      void get().loadKeys();
      return created;
    },
    async revokeKey(id) {
      await developer.revokeKey(id);
      await get().loadKeys();
    },
  }));
}

export const useDeveloper = createDeveloperStore(defaultApi);
