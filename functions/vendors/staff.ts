import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { Invitation, Member, People } from './model.ts';
import type { InviteInput } from './schemas.ts';
import { RETRY, vendorRules, type RecordPorts } from './vendors.ts';

export const MAX_STAFF = 100;
export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;
/** Codes the invitee may try on one invitation; then it is locked and the vendor invites again. */
export const MAX_CODE_ATTEMPTS = 5;
/** Invitation attempts (any code, any invitation) one account may make per hour. */
export const MAX_ACCEPT_ATTEMPTS_PER_HOUR = 10;

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether the invitation was sent to an email or phone number this person proved they own. */
export function isInvitee(
  invitation: Pick<Invitation, 'channel' | 'to'>,
  contact: { email: string | null; phone: string | null },
): boolean {
  return invitation.channel === 'email'
    ? contact.email !== null && contact.email.toLowerCase() === invitation.to.toLowerCase()
    : contact.phone !== null && contact.phone === invitation.to;
}

const isLocked = (invitation: Invitation) => (invitation.attempts ?? 0) >= MAX_CODE_ATTEMPTS;

/** 409: too many wrong codes; only a new invitation helps (the inviter sees it locked in the staff list). */
const invitationLocked = () => refuse.conflict('invitation-locked', { state: 'locked' });

/**
 * 404 for an invitation that does not exist, has expired or was used — and for one sent to
 * somebody else, so that a code found in another person's message reveals nothing.
 */
const noInvitation = () => refuse.notFound('invitation-not-found');

export interface StaffPorts extends RecordPorts {
  people: People;
  /** Invitation codes (tests pass a fixed one). */
  newCode?: () => string;
}

/** A vendor's team: invitations by a code sent to an email or phone, joining, leaving. */
export function staffService(ports: StaffPorts) {
  const { store, now, access, event, bump } = vendorRules(ports);
  const newCode = ports.newCode ?? (() => String(randomInt(0, 1_000_000)).padStart(6, '0'));

  return {
    async listStaff(caller: Caller, vendorId: string) {
      await access(caller, vendorId, 'manage');
      const [members, invitations] = await Promise.all([store.members(vendorId), store.invitations(vendorId)]);
      const nowSeconds = Math.floor(now().getTime() / 1000);
      return {
        members: members.map(({ vendorId: _v, ...member }) => member),
        invitations: invitations
          .filter((invitation) => invitation.expiresAt > nowSeconds)
          .map((invitation) => ({
            invitationId: invitation.invitationId,
            channel: invitation.channel,
            to: invitation.to,
            role: invitation.role,
            invitedBy: invitation.invitedBy,
            createdAt: invitation.createdAt,
            expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
            // Locked after too many wrong codes: invite the person again.
            state: isLocked(invitation) ? ('locked' as const) : ('pending' as const),
          })),
      };
    },

    async inviteStaff(caller: Caller, vendorId: string, input: InviteInput, locale: 'id' | 'en') {
      const { vendor } = await access(caller, vendorId, 'manage');
      if (vendor.status !== 'approved') throw refuse.conflict('vendor-state', { state: vendor.status });
      const members = await store.members(vendorId);
      if (members.length >= MAX_STAFF)
        throw refuse.unprocessable('validation', [{ path: 'body', message: `at most ${MAX_STAFF} staff` }]);
      const code = newCode();
      const channel = input.email ? 'email' : 'sms';
      const to = (input.email ?? input.phone)!;
      const createdAt = now();
      const invitation: Invitation = {
        vendorId,
        invitationId: newId(),
        channel,
        to,
        role: input.role,
        codeHash: hashCode(code),
        expiresAt: Math.floor(createdAt.getTime() / 1000) + INVITATION_TTL_SECONDS,
        invitedBy: caller.auth.userId,
        createdAt: createdAt.toISOString(),
      };
      await store.commit(
        [{ type: 'invitation', item: invitation }],
        [
          event(
            'notification.requested',
            {
              channel,
              to,
              template: 'vendor-invitation',
              locale,
              params: {
                vendorName: vendor.name,
                role: input.role,
                code,
                invitationId: invitation.invitationId,
                vendorId,
              },
            },
            caller,
          ),
        ],
      );
      return {
        invitationId: invitation.invitationId,
        channel,
        to,
        role: invitation.role,
        expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
        _links: { accept: { href: `/v1/vendors/${vendorId}/invitations/${invitation.invitationId}/accept` } },
      };
    },

    /**
     * Joins the vendor with the code of an invitation sent to an email or phone number the caller
     * verified (their profile: the access token carries neither). In this order, so that nobody
     * learns or spoils more than they may (docs/decisions/0023):
     * 1. at most MAX_ACCEPT_ATTEMPTS_PER_HOUR attempts per account, counted before anything is read → 429;
     * 2. no such invitation, expired, used, or sent to somebody else → the same 404;
     * 3. locked → 409 (state: locked): only a new invitation helps;
     * 4. the attempt is counted on the invitation before the code is compared (a conditional write,
     *    so at most MAX_CODE_ATTEMPTS codes are ever compared); wrong → 422 with `attemptsLeft`,
     *    the last wrong one → 409 locked.
     * Somebody else never reaches the code, so they can neither guess it nor lock the invitation.
     */
    async acceptInvitation(caller: Caller, vendorId: string, invitationId: string, code: string) {
      const contact = await ports.people.verifiedContact(caller.auth.userId);
      if (!contact) throw refuse.notFound('profile-pending', { retryAfterSeconds: 1 });
      const at = now();
      const nowSeconds = Math.floor(at.getTime() / 1000);
      const windowEnds = (Math.floor(at.getTime() / 3_600_000) + 1) * 3600;
      if (
        !(await store.countAcceptAttempt(
          caller.auth.userId,
          at.toISOString().slice(0, 13),
          MAX_ACCEPT_ATTEMPTS_PER_HOUR,
          windowEnds + 3600,
        ))
      ) {
        throw refuse.tooMany('invitation-attempts', { retryAfterSeconds: windowEnds - nowSeconds });
      }
      const invitation = await store.getInvitation(vendorId, invitationId);
      if (!invitation || invitation.expiresAt <= nowSeconds || !isInvitee(invitation, contact)) throw noInvitation();
      if (isLocked(invitation)) throw invitationLocked();
      const attempts = await store.countInvitationAttempt(vendorId, invitationId, MAX_CODE_ATTEMPTS);
      if (attempts === undefined)
        throw (await store.getInvitation(vendorId, invitationId)) ? invitationLocked() : noInvitation();
      if (!sameHash(invitation.codeHash, hashCode(code))) {
        if (attempts >= MAX_CODE_ATTEMPTS) throw invitationLocked();
        throw refuse.unprocessable('invitation-invalid', undefined, { attemptsLeft: MAX_CODE_ATTEMPTS - attempts });
      }
      if (await store.getMember(vendorId, caller.auth.userId)) throw refuse.conflict('already-member');
      return retryOnConflict(RETRY, async () => {
        const vendor = await store.getVendor(vendorId);
        if (!vendor) throw refuse.notFound();
        if (!(await store.getInvitation(vendorId, invitationId))) {
          // Used meanwhile: by this person in a parallel request, or gone.
          throw (await store.getMember(vendorId, caller.auth.userId))
            ? refuse.conflict('already-member')
            : noInvitation();
        }
        const member: Member = {
          vendorId,
          userId: caller.auth.userId,
          username: caller.auth.username,
          role: invitation.role,
          addedBy: invitation.invitedBy,
          createdAt: now().toISOString(),
        };
        const { vendor: after, writes } = await bump(
          vendor,
          { adminCount: vendor.adminCount + (member.role === 'clinic_admin' ? 1 : 0) },
          caller,
        );
        writes.push({ type: 'member', item: member }, { type: 'deleteInvitation', vendorId, invitationId });
        await store.commit(writes, [
          event(
            'vendor.staff_added',
            {
              vendorId,
              userId: member.userId,
              username: member.username,
              role: member.role,
              by: invitation.invitedBy,
            },
            caller,
          ),
        ]);
        return { vendorId, name: after.name, role: member.role };
      });
    },

    async removeStaff(caller: Caller, vendorId: string, userId: string): Promise<void> {
      await retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        const member = await store.getMember(vendorId, userId);
        if (!member) throw refuse.notFound();
        if (member.role === 'clinic_admin' && vendor.adminCount <= 1) throw refuse.unprocessable('last-admin');
        const { writes } = await bump(
          vendor,
          { adminCount: vendor.adminCount - (member.role === 'clinic_admin' ? 1 : 0) },
          caller,
        );
        writes.push({ type: 'deleteMember', vendorId, userId });
        await store.commit(writes, [
          event('vendor.staff_removed', { vendorId, userId, by: caller.auth.userId }, caller),
        ]);
      });
    },
  };
}

export type StaffService = ReturnType<typeof staffService>;
