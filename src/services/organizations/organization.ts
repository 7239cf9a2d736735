// CreateOrganization, DescribeOrganization, DeleteOrganization. The caller's account becomes the
// management account; with all features (the default) service control policies are enabled in the new
// root and FullAWSAccess is attached to the root and the management account.
import type { CreateOrganizationRequest, CreateOrganizationResponse, DescribeOrganizationResponse } from '../../generated/organizations/types.js';
import { accountStorageKey, type AccountRecord } from '../../identity/accounts.js';
import type { Transaction } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { callerOrganization, managementOrganization, placeOf } from './context.js';
import { alreadyInOrganization, organizationNotEmpty } from './errors.js';
import { newOrganizationId, newRootId } from './ids.js';
import { defaultPolicyOf, type GuardrailType } from './policy-types.js';
import {
  accountIndexPrefix,
  createAccountPrefix,
  findMember,
  findOrganization,
  listValues,
  memberKey,
  organizationKey,
  organizationPrefix,
  recordAttachment,
  saveAccountIndex,
  saveMember,
  saveOrganization,
  type AttachedPolicies,
  type CreateAccountRecord,
  type MemberRecord,
  type OrganizationRecord,
} from './records.js';
import { organizationShape } from './shapes.js';

type Empty = Record<string, never>;

/** What a new root, OU or account has attached: each enabled type's AWS managed policy. */
export function defaultAttachments(enabled: readonly GuardrailType[]): AttachedPolicies {
  const policies: AttachedPolicies = {};
  for (const type of enabled) policies[type] = [defaultPolicyOf(type).id];
  return policies;
}

/** Records the index entries for a new target's default attachments. */
export function indexDefaultAttachments(tx: Transaction, orgId: string, enabled: readonly GuardrailType[], targetId: string): void {
  for (const type of enabled) recordAttachment(tx, orgId, defaultPolicyOf(type).id, targetId, true);
}

export async function CreateOrganization(input: CreateOrganizationRequest, ctx: HandlerContext): Promise<CreateOrganizationResponse> {
  const { tx, accountId } = ctx;
  if (await findMember(tx, accountId)) throw alreadyInOrganization();
  const featureSet = input.FeatureSet ?? 'ALL';
  let id = newOrganizationId();
  while (await findOrganization(tx, id)) id = newOrganizationId();
  const enabled: GuardrailType[] = featureSet === 'ALL' ? ['SERVICE_CONTROL_POLICY'] : [];
  const org: OrganizationRecord = {
    id,
    managementAccountId: accountId,
    featureSet,
    createdAt: ctx.now,
    rootId: newRootId(),
    rootPolicies: defaultAttachments(enabled),
    rootTags: [],
    enabledPolicyTypes: enabled,
    generation: 0,
  };
  const account = (await tx.get(accountStorageKey(accountId)))?.value as AccountRecord | undefined;
  // AWS lists the management account as having joined by invitation, when the organization was created.
  const member: MemberRecord = {
    accountId,
    organizationId: id,
    management: true,
    name: account?.name ?? accountId,
    joinedMethod: 'INVITED',
    joinedAt: ctx.now,
    parentId: org.rootId,
    path: [org.rootId],
    policies: defaultAttachments(enabled),
    tags: [],
  };
  saveOrganization(tx, org);
  saveMember(tx, member);
  saveAccountIndex(tx, id, accountId, org.rootId);
  indexDefaultAttachments(tx, id, enabled, org.rootId);
  indexDefaultAttachments(tx, id, enabled, accountId);
  return { Organization: organizationShape(org, placeOf(org, ctx.partition), member) };
}

export async function DescribeOrganization(_input: unknown, ctx: HandlerContext): Promise<DescribeOrganizationResponse> {
  const { org, member, place } = await callerOrganization(ctx.tx, ctx);
  const management = member.management ? member : await findMember(ctx.tx, org.managementAccountId);
  return { Organization: organizationShape(org, place, management) };
}

export async function DeleteOrganization(_input: unknown, ctx: HandlerContext): Promise<Empty> {
  const { tx } = ctx;
  const { org } = await managementOrganization(tx, ctx);
  const accounts = await tx.list({ prefix: accountIndexPrefix(org.id) });
  if (accounts.some((entry) => entry.key !== `${accountIndexPrefix(org.id)}${org.managementAccountId}`)) throw organizationNotEmpty();
  const requests = await listValues<CreateAccountRecord>(tx, createAccountPrefix(org.id));
  // An account still being created will join: the organization is not empty yet.
  if (requests.some((request) => request.state === 'IN_PROGRESS')) throw organizationNotEmpty();
  // The organization's OUs, policies and records go with it; the management account stays an account.
  for (const entry of await tx.list({ prefix: organizationPrefix(org.id) })) tx.delete(entry.key);
  tx.delete(organizationKey(org.id));
  tx.delete(memberKey(org.managementAccountId));
  return {};
}
