// Whose organization a request acts on: the caller's account's. Organizations answers a caller whose
// account is in no organization with AWSOrganizationsNotInUseException, and a member account calling an
// operation only the management account may call with AccessDeniedException.
import type { StoreReader } from '../../storage/types.js';
import type { OrganizationPlace } from './arns.js';
import { notInUse, notManagementAccount } from './errors.js';
import { findMember, findOrganization, type MemberRecord, type OrganizationRecord } from './records.js';

export interface CallerOrganization {
  org: OrganizationRecord;
  /** The caller's account's membership. */
  member: MemberRecord;
  place: OrganizationPlace;
}

export const placeOf = (org: OrganizationRecord, partition: string): OrganizationPlace => ({
  partition,
  managementAccountId: org.managementAccountId,
  organizationId: org.id,
});

export async function callerOrganization(reader: StoreReader, caller: { accountId: string; partition: string }): Promise<CallerOrganization> {
  const member = await findMember(reader, caller.accountId);
  const org = member && (await findOrganization(reader, member.organizationId));
  if (!member || !org) throw notInUse();
  return { org, member, place: placeOf(org, caller.partition) };
}

/** The caller's organization, for operations only its management account may call. */
export async function managementOrganization(reader: StoreReader, caller: { accountId: string; partition: string }): Promise<CallerOrganization> {
  const found = await callerOrganization(reader, caller);
  if (!found.member.management) throw notManagementAccount();
  return found;
}
