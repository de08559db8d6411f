import { authorize, type AuthContext } from '#shared/auth/access.ts';
import type { Caller } from '#shared/auth/caller.ts';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { Profile } from './model.ts';
import type { ProfilePatch } from './schemas.ts';
import {
  bump,
  changedFields,
  checkVersion,
  links,
  PATCH_RETRY,
  userRules,
  type Links,
  type RecordPorts,
} from './user-rules.ts';

/**
 * The user's profile: made once from user.registered → read as its owner sees it (with their
 * groups) → changed by field, conditioned on the version read (If-Match), with profile.updated.
 */

export interface ProfileView {
  userId: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: Profile['locale'];
  roles: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  _links: Links;
}

function toProfileView(profile: Profile, auth: AuthContext): ProfileView {
  return {
    userId: profile.userId,
    name: profile.name,
    email: profile.email,
    phone: profile.phone,
    locale: profile.locale,
    roles: [...auth.groups],
    version: profile.version,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
    _links: links.profile(),
  };
}

export function profileService(ports: RecordPorts) {
  const { store, nowIso, event } = userRules(ports);

  async function ownedProfile(caller: Caller): Promise<Profile> {
    const profile = await store.getProfile(caller.auth.userId);
    // Made from `user.registered` a moment after confirmation: tell the app to ask again shortly.
    if (!profile) throw refuse.notFound('profile-pending', { retryAfterSeconds: 1 });
    authorize(caller.auth, { owner: profile.userId });
    return profile;
  }

  return {
    /**
     * user.registered → profile. Idempotent: the create is conditional on the profile not
     * existing, so a redelivery (or a replay) changes nothing. Returns whether it created one.
     */
    async createProfile(registered: EventEnvelope<'user.registered'>): Promise<'created' | 'exists'> {
      const { userId, name, email, phone, locale } = registered.data;
      const at = nowIso();
      const profile: Profile = {
        userId,
        name,
        email: email ?? null,
        phone: phone ?? null,
        locale,
        sourceEventId: registered.id,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      try {
        await store.commit([{ op: 'create', entity: 'profile', value: profile }], []);
        return 'created';
      } catch (error) {
        // A collision with a concurrent delivery is only fine if that one did create it;
        // otherwise the message must be retried.
        if (error instanceof WriteConflict && (await store.getProfile(userId))) return 'exists';
        throw error;
      }
    },

    async getMe(caller: Caller): Promise<ProfileView> {
      return toProfileView(await ownedProfile(caller), caller.auth);
    },

    async updateMe(caller: Caller, patch: ProfilePatch, ifMatch: number | undefined): Promise<ProfileView> {
      return retryOnConflict(PATCH_RETRY, async () => {
        const profile = await ownedProfile(caller);
        checkVersion(ifMatch, profile.version);
        const changes = changedFields(profile, patch);
        const fields = Object.keys(changes);
        if (fields.length === 0) return toProfileView(profile, caller.auth);
        const next = bump(profile, changes, nowIso());
        await store.commit(
          [{ op: 'replace', entity: 'profile', value: next, expectedVersion: profile.version }],
          [event('profile.updated', { userId: profile.userId, fields }, caller)],
        );
        return toProfileView(next, caller.auth);
      });
    },
  };
}

export type ProfileService = ReturnType<typeof profileService>;
