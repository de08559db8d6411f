/** Cognito groups, created by CDK and by the local platform from this list. */
export const GROUPS = ['customer', 'clinic_staff', 'clinic_admin', 'platform_admin'] as const;
export type Group = (typeof GROUPS)[number];

export const GROUP_DESCRIPTIONS: Record<Group, string> = {
  customer: 'Pet owners who book services and buy products',
  clinic_staff: 'Staff of a clinic, groomer or shop',
  clinic_admin: 'Administrators of a clinic, groomer or shop',
  platform_admin: 'PetPro operators',
};

export function isGroup(value: string): value is Group {
  return (GROUPS as readonly string[]).includes(value);
}
