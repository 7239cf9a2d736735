// What a new member account starts with: the account itself (an `account/<id>` record, so it is a real
// account of this installation; AWS gives it no root access keys) and the IAM role through which the
// management account reaches it, made with IAM's own storage functions: OrganizationAccountAccessRole
// (or the requested name), trusting the management account, with AdministratorAccess attached.
import { accountStorageKey, putAccount } from '../../identity/accounts.js';
import type { StoreReader, Transaction } from '../../storage/types.js';
import { accountRootArn } from '../iam/arns.js';
import { awsManagedPolicy } from '../iam/aws-managed-policies.js';
import { newUniqueId } from '../iam/ids.js';
import { recordAttachment } from '../iam/managed-policies.js';
import { isoNow, saveRole, type RoleRecord } from '../iam/records.js';
import { newAccountId } from './ids.js';
import { findMember } from './records.js';

export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';

/** A 12-digit id no account has yet (development mode makes accounts for ids callers name). */
export async function unusedAccountId(reader: StoreReader): Promise<string> {
  for (;;) {
    const id = newAccountId();
    if (!(await reader.get(accountStorageKey(id))) && !(await findMember(reader, id))) return id;
  }
}

export function createMemberAccount(tx: Transaction, account: { accountId: string; name: string; now: number }): void {
  putAccount(tx, { accountId: account.accountId, name: account.name, createdAt: new Date(account.now).toISOString(), origin: 'organizations' });
}

export function createAccessRole(
  tx: Transaction,
  role: { accountId: string; roleName: string; managementAccountId: string; partition: string; now: number },
): void {
  const admin = awsManagedPolicy('AdministratorAccess', '/');
  if (!admin) throw new Error('the AWS managed policy AdministratorAccess is missing');
  const adminArn = `arn:${role.partition}:iam::aws:policy/AdministratorAccess`;
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: accountRootArn(role.partition, role.managementAccountId) }, Action: 'sts:AssumeRole' }],
  };
  const record: RoleRecord = {
    roleName: role.roleName,
    roleId: newUniqueId('AROA'),
    path: '/',
    createdAt: isoNow(role.now),
    assumeRolePolicyDocument: JSON.stringify(trust),
    maxSessionDuration: 3600,
    tags: [],
    inlinePolicies: {},
    attachedPolicies: [adminArn],
  };
  saveRole(tx, role.accountId, record);
  recordAttachment(tx, role.accountId, adminArn, 'role', role.roleName, true);
}
