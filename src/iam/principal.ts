// The Principal and NotPrincipal elements of resource-based policies, and how the caller matches them.
// A statement can name the caller itself (its user or session ARN, or everyone with "*"), the role of a
// role session, or the caller's account (its 12-digit id or root ARN). How it was named matters: naming
// the user or session grants on its own within the account, naming the role is still limited by the
// role's permissions boundary and session policies, and naming the account delegates to the account's
// IAM policies.
import type { PrincipalElement } from './document.js';
import type { EvaluationPrincipal } from './types.js';

export const NO_MATCH = 0;
export const ACCOUNT_MATCH = 1;
export const ROLE_MATCH = 2;
export const DIRECT_MATCH = 3;
/** How a statement's principal names the caller; larger is more specific. */
export type PrincipalMatch = typeof NO_MATCH | typeof ACCOUNT_MATCH | typeof ROLE_MATCH | typeof DIRECT_MATCH;

export interface PrincipalSet {
  readonly everyone: boolean;
  readonly arns: ReadonlySet<string>;
  readonly accounts: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonicalUsers: ReadonlySet<string>;
}

const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;

export function compilePrincipalSet(element: PrincipalElement): PrincipalSet {
  const set = {
    everyone: element === '*',
    arns: new Set<string>(),
    accounts: new Set<string>(),
    services: new Set<string>(),
    federated: new Set<string>(),
    canonicalUsers: new Set<string>(),
  };
  if (element === '*') return set;
  for (const value of element.AWS ?? []) {
    if (value === '*') set.everyone = true;
    else if (/^\d{12}$/.test(value)) set.accounts.add(value);
    else {
      const root = ROOT_ARN.exec(value);
      if (root) set.accounts.add(root[1]);
      else set.arns.add(value);
    }
  }
  for (const value of element.Service ?? []) set.services.add(value.toLowerCase());
  for (const value of element.Federated ?? []) set.federated.add(value);
  for (const value of element.CanonicalUser ?? []) set.canonicalUsers.add(value);
  return set;
}

/** How the Principal element names the caller. */
export function matchPrincipal(set: PrincipalSet, caller: EvaluationPrincipal): PrincipalMatch {
  if (set.everyone) return DIRECT_MATCH;
  if (caller.federatedProvider !== undefined && set.federated.has(caller.federatedProvider)) return DIRECT_MATCH;
  if (caller.canonicalUser !== undefined && set.canonicalUsers.has(caller.canonicalUser)) return DIRECT_MATCH;
  switch (caller.kind) {
    case 'Anonymous':
      return NO_MATCH;
    case 'AWSService':
      return caller.service !== undefined && set.services.has(caller.service.toLowerCase()) ? DIRECT_MATCH : NO_MATCH;
    case 'Root':
      return set.accounts.has(caller.accountId) || set.arns.has(caller.arn) ? DIRECT_MATCH : NO_MATCH;
    default:
      if (set.arns.has(caller.arn)) return DIRECT_MATCH;
      if (caller.roleArn !== undefined && set.arns.has(caller.roleArn)) return ROLE_MATCH;
      return set.accounts.has(caller.accountId) ? ACCOUNT_MATCH : NO_MATCH;
  }
}

/**
 * Whether each of the caller's identities (its own ARN, its role's, its account) is listed in a
 * NotPrincipal element, as [all listed, any listed].
 */
function listedIdentities(set: PrincipalSet, caller: EvaluationPrincipal): [boolean, boolean] {
  if (set.everyone) return [true, true];
  const listed: boolean[] = [];
  switch (caller.kind) {
    case 'Anonymous':
      listed.push(false);
      break;
    case 'AWSService':
      listed.push(caller.service !== undefined && set.services.has(caller.service.toLowerCase()));
      break;
    case 'Root':
      listed.push(set.accounts.has(caller.accountId));
      break;
    default:
      listed.push(set.arns.has(caller.arn));
      if (caller.roleArn !== undefined) listed.push(set.arns.has(caller.roleArn));
      listed.push(set.accounts.has(caller.accountId));
  }
  if (caller.federatedProvider !== undefined) listed.push(set.federated.has(caller.federatedProvider));
  return [listed.every(Boolean), listed.some(Boolean)];
}

/**
 * Whether a NotPrincipal statement applies to the caller. A Deny spares only a caller all of whose
 * identities are listed (AWS asks for the session, role and account ARNs together), and always applies
 * to a user or role that has a permissions boundary (as AWS documents); an Allow applies to a caller
 * none of whose identities is listed.
 */
export function notPrincipalApplies(set: PrincipalSet, caller: EvaluationPrincipal, effect: 'Allow' | 'Deny', hasBoundary: boolean): boolean {
  const [all, any] = listedIdentities(set, caller);
  if (effect === 'Deny') return !all || (hasBoundary && (caller.kind === 'IAMUser' || caller.kind === 'AssumedRole'));
  return !any;
}
