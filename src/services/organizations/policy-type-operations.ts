// EnablePolicyType, DisablePolicyType on the root. Enabling a type attaches its AWS managed policy
// (FullAWSAccess, RCPFullAWSAccess) to the root and every OU and account, so nothing changes until other
// policies are attached; disabling detaches every policy of the type everywhere, so the type stops
// applying at once. AWS does this asynchronously (PENDING_ENABLE); Rampart finishes it in the request.
import type {
  DisablePolicyTypeRequest,
  DisablePolicyTypeResponse,
  EnablePolicyTypeRequest,
  EnablePolicyTypeResponse,
} from '../../generated/organizations/types.js';
import type { Transaction } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { accountIndex } from './accounts.js';
import { managementOrganization } from './context.js';
import { policyTypeAlreadyEnabled, policyTypeNotAvailable, policyTypeNotEnabled, rootNotFound } from './errors.js';
import { defaultPolicyOf, guardrailType, type GuardrailType } from './policy-types.js';
import { findMember, listValues, ouPrefix, recordAttachment, touch, type OrganizationRecord, type OrganizationalUnitRecord } from './records.js';
import { rootShape } from './shapes.js';
import { accountTarget, ouTarget, rootTarget, type Target } from './targets.js';

/** The root, every OU and every account of the organization. */
async function everyTarget(tx: Transaction, org: OrganizationRecord): Promise<Target[]> {
  const targets = [rootTarget(org)];
  for (const ou of await listValues<OrganizationalUnitRecord>(tx, ouPrefix(org.id))) targets.push(ouTarget(org, ou));
  for (const { accountId } of await accountIndex(tx, org.id)) {
    const member = await findMember(tx, accountId);
    if (member) targets.push(accountTarget(member));
  }
  return targets;
}

function checkRoot(org: OrganizationRecord, rootId: string): void {
  if (rootId !== org.rootId) throw rootNotFound();
}

export async function EnablePolicyType(input: EnablePolicyTypeRequest, ctx: HandlerContext): Promise<EnablePolicyTypeResponse> {
  const { tx } = ctx;
  const { org, place } = await managementOrganization(tx, ctx);
  checkRoot(org, input.RootId);
  const type: GuardrailType = guardrailType(input.PolicyType);
  if (org.featureSet !== 'ALL') throw policyTypeNotAvailable();
  if (org.enabledPolicyTypes.includes(type)) throw policyTypeAlreadyEnabled();
  const managed = defaultPolicyOf(type);
  for (const target of await everyTarget(tx, org)) {
    target.policies[type] = [managed.id];
    target.save(tx);
    recordAttachment(tx, org.id, managed.id, target.id, true);
  }
  org.enabledPolicyTypes = [...org.enabledPolicyTypes, type];
  touch(tx, org);
  return { Root: rootShape(org, place) };
}

export async function DisablePolicyType(input: DisablePolicyTypeRequest, ctx: HandlerContext): Promise<DisablePolicyTypeResponse> {
  const { tx } = ctx;
  const { org, place } = await managementOrganization(tx, ctx);
  checkRoot(org, input.RootId);
  const type = guardrailType(input.PolicyType);
  if (!org.enabledPolicyTypes.includes(type)) throw policyTypeNotEnabled();
  for (const target of await everyTarget(tx, org)) {
    for (const policyId of target.policies[type] ?? []) recordAttachment(tx, org.id, policyId, target.id, false);
    delete target.policies[type];
    target.save(tx);
  }
  org.enabledPolicyTypes = org.enabledPolicyTypes.filter((t) => t !== type);
  touch(tx, org);
  return { Root: rootShape(org, place) };
}
