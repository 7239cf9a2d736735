// Organizations' quotas, at AWS's default values (Organizations User Guide, "Quotas for AWS Organizations").
// AWS raises some on request; Rampart has no such process, so these are the values it enforces.

/** Accounts in an organization, the management account included (AWS's default quota). */
export const MAX_ACCOUNTS = 10;
/** OUs in an organization. */
export const MAX_ORGANIZATIONAL_UNITS = 1000;
/** OUs nested under the root: an OU tree at most five levels deep. */
export const MAX_OU_DEPTH = 5;
/** Customer managed policies of one type in an organization. */
export const MAX_POLICIES_PER_TYPE = 1000;
/** Policies of one type attached directly to one root, OU or account (AWS managed ones count). */
export const MAX_ATTACHED_PER_TARGET = 5;
/** Tags on one root, OU, account or policy. */
export const MAX_TAGS = 50;
