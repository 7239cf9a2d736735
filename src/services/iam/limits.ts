// IAM's quotas (AWS's defaults), in one place.

/** Groups a user can belong to. */
export const GROUPS_PER_USER = 10;
/** AttachedPoliciesPer{User,Group,Role}Quota (AWS raises it to 20 on request). */
export const ATTACHED_POLICIES_QUOTA = 10;
/** Aggregate size of an entity's inline policies, in characters without white space. */
export const INLINE_POLICIES_QUOTA = { user: 2048, group: 5120, role: 10240 } as const;
/** PolicySize of a managed policy version, in characters without white space. */
export const MANAGED_POLICY_SIZE = 6144;
/** Versions a managed policy keeps. */
export const MAX_POLICY_VERSIONS = 5;
/** Access keys per user (and for the root user). */
export const ACCESS_KEYS_PER_USER = 2;
/** MFA devices per user (AWS allows up to 8 of any kind). */
export const MFA_DEVICES_PER_USER = 8;
