// GenerateCredentialReport and GetCredentialReport: a CSV of every user's credentials in AWS's column
// order and value conventions (TRUE/FALSE flags as true/false, N/A where a credential is absent,
// timestamps as ISO 8601 with +00:00). A report is kept for 4 hours, like AWS's.
import type { GenerateCredentialReportResponse, GetCredentialReportResponse } from '../../generated/iam/types.js';
import { lastUseOf } from '../../identity/access-key-usage.js';
import { accessKeyStorageKey, type AccessKeyRecord } from '../../identity/access-keys.js';
import { accountStorageKey, type AccountRecord } from '../../identity/accounts.js';
import { AwsError } from '../../errors.js';
import type { StoreReader } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { rootKeys } from './access-keys.js';
import { userArn } from './arns.js';
import { credentialReportKey, listRecords, put, type UserRecord } from './records.js';

export const REPORT_LIFETIME_MS = 4 * 3600_000;

const COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
];

interface StoredReport {
  generatedAt: number;
  csv: string;
}

const reportTime = (ms: number | string) => new Date(typeof ms === 'string' ? Date.parse(ms) : ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

async function keyColumns(reader: StoreReader, keys: AccessKeyRecord[]): Promise<string[]> {
  const columns: string[] = [];
  for (let i = 0; i < 2; i++) {
    const key = keys[i];
    if (!key) {
      columns.push('false', 'N/A', 'N/A', 'N/A', 'N/A');
      continue;
    }
    const use = await lastUseOf(reader, key.accessKeyId);
    columns.push(
      String(key.status === 'Active'),
      reportTime(key.createdAt),
      use ? reportTime(use.usedAt) : 'N/A',
      use ? use.region : 'N/A',
      use ? use.service : 'N/A',
    );
  }
  return columns;
}

async function buildReport(ctx: HandlerContext): Promise<string> {
  const { tx, accountId, partition } = ctx;
  const rows = [COLUMNS.join(',')];
  const account = (await tx.get(accountStorageKey(accountId)))?.value as unknown as AccountRecord | undefined;
  const ownKeys = await rootKeys(tx, accountId);
  rows.push(
    [
      '<root_account>', `arn:${partition}:iam::${accountId}:root`, reportTime(account?.createdAt ?? ctx.now),
      'not_supported', 'no_information', 'not_supported', 'not_supported', 'false',
      ...(await keyColumns(tx, ownKeys)),
      'false', 'N/A', 'false', 'N/A',
    ].join(','),
  );
  for (const user of await listRecords<UserRecord>(tx, `iam/${accountId}/user/`)) {
    const keys: AccessKeyRecord[] = [];
    for (const id of user.accessKeys) {
      const record = (await tx.get(accessKeyStorageKey(id)))?.value as unknown as AccessKeyRecord | undefined;
      if (record) keys.push(record);
    }
    rows.push(
      [
        user.userName, userArn(partition, accountId, user.path, user.userName), reportTime(user.createdAt),
        'false', 'N/A', 'N/A', 'N/A', String(user.mfaDevices.length > 0),
        ...(await keyColumns(tx, keys)),
        'false', 'N/A', 'false', 'N/A',
      ].join(','),
    );
  }
  return rows.join('\n');
}

export async function GenerateCredentialReport(_input: Record<string, never>, ctx: HandlerContext): Promise<GenerateCredentialReportResponse> {
  const stored = (await ctx.tx.get(credentialReportKey(ctx.accountId)))?.value as unknown as StoredReport | undefined;
  if (stored && ctx.now - stored.generatedAt < REPORT_LIFETIME_MS) return { State: 'COMPLETE' };
  put(ctx.tx, credentialReportKey(ctx.accountId), { generatedAt: ctx.now, csv: await buildReport(ctx) });
  return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
}

export async function GetCredentialReport(_input: Record<string, never>, ctx: HandlerContext): Promise<GetCredentialReportResponse> {
  const stored = (await ctx.tx.get(credentialReportKey(ctx.accountId)))?.value as unknown as StoredReport | undefined;
  if (!stored) throw new AwsError('CredentialReportNotPresentException', 'Credential report not present. Generate a credential report with GenerateCredentialReport.');
  if (ctx.now - stored.generatedAt >= REPORT_LIFETIME_MS) {
    throw new AwsError('CredentialReportExpiredException', 'Credential report has expired. Generate a new credential report with GenerateCredentialReport.');
  }
  return { Content: Buffer.from(stored.csv, 'utf8'), ReportFormat: 'text/csv', GeneratedTime: new Date(Math.floor(stored.generatedAt / 1000) * 1000) };
}
