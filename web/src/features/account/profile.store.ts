import { type ApiClient, api as defaultApi, type Profile } from '../../lib/api';
import { setLanguage } from '../../lib/i18n';
import { create } from '../../lib/store';
import { accountApi, type ProfilePatch } from './account.api';

export interface ProfileState {
  profile: Profile | null;
  load(): Promise<Profile>;
  update(patch: ProfilePatch): Promise<Profile>;
  reset(): void;
}

/** The signed-in user's profile; its language preference drives the UI's language. */
export function createProfileStore(api: ApiClient, applyLanguage = setLanguage) {
  const account = accountApi(api);
  return create<ProfileState>()((set, _get) => ({
    profile: null,
    async load() {
      const profile = await account.me();
      set({ profile });
      await applyLanguage(profile.language);
      return profile;
    },
    async update(patch) {
      const profile = await account.update(patch);
      set({ profile });
      if (patch.language) await applyLanguage(profile.language);
      return profile;
    },
    reset() {
      set({ profile: null });
    },
  }));
}

export const useProfile = createProfileStore(defaultApi);
