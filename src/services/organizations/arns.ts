// Organizations ARNs, as the Service Authorization Reference lists them: global (no region), owned by the
// management account, and scoped by the organization id, e.g.
//   arn:aws:organizations::111111111111:account/o-exampleorgid/222222222222
// AWS managed policies live in the pseudo-account "aws": arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess
import { arnPolicyType, type GuardrailType } from './policy-types.js';

export interface OrganizationPlace {
  partition: string;
  managementAccountId: string;
  organizationId: string;
}

const base = (p: OrganizationPlace) => `arn:${p.partition}:organizations::${p.managementAccountId}`;

export const organizationArn = (p: OrganizationPlace) => `${base(p)}:organization/${p.organizationId}`;
export const accountArn = (p: OrganizationPlace, accountId: string) => `${base(p)}:account/${p.organizationId}/${accountId}`;
export const rootArn = (p: OrganizationPlace, rootId: string) => `${base(p)}:root/${p.organizationId}/${rootId}`;
export const ouArn = (p: OrganizationPlace, ouId: string) => `${base(p)}:ou/${p.organizationId}/${ouId}`;

export function policyArn(p: OrganizationPlace, type: GuardrailType, policyId: string, awsManaged: boolean): string {
  return awsManaged
    ? `arn:${p.partition}:organizations::aws:policy/${arnPolicyType(type)}/${policyId}`
    : `${base(p)}:policy/${p.organizationId}/${arnPolicyType(type)}/${policyId}`;
}

/** The ARN of a root, OU or account, from its id's shape. */
export function targetArn(p: OrganizationPlace, targetId: string): string {
  if (targetId.startsWith('r-')) return rootArn(p, targetId);
  if (targetId.startsWith('ou-')) return ouArn(p, targetId);
  return accountArn(p, targetId);
}

/** The entity path of a root, OU or account: o-xxx/r-xxx/ou-xxx/.../ (an account's ends with its id). */
export const entityPath = (organizationId: string, ids: readonly string[]) => `${[organizationId, ...ids].join('/')}/`;
