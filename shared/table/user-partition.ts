/**
 * The users domain's partition: everything of a user lives under `USER#<userId>`. Declared once
 * here because the published read models of it (shared/table/{user-profile,addresses,pets}.ts)
 * and the owner's store (functions/users/store.ts) build the same keys.
 */
export const userPartition = ({ userId }: { userId: string }) => `USER#${userId}`;
export const ADDRESS_PREFIX = 'ADDRESS#';
export const PET_PREFIX = 'PET#';
