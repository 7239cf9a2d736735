// CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed. Keys are the
// identity layer's access key records (cred/<id>), so the pipeline authenticates them like any other;
// a user's record lists its keys. The secret is returned once, here, and stored only sealed.
import type {
  AccessKeyMetadata,
  CreateAccessKeyRequest,
  CreateAccessKeyResponse,
  DeleteAccessKeyRequest,
  GetAccessKeyLastUsedRequest,
  GetAccessKeyLastUsedResponse,
  ListAccessKeysRequest,
  ListAccessKeysResponse,
  UpdateAccessKeyRequest,
} from '../../generated/iam/types.js';
import { accessKeyUsageKey, lastUseOf } from '../../identity/access-key-usage.js';
import { accessKeyStorageKey, type AccessKeyRecord, type AccessKeys } from '../../identity/access-keys.js';
import type { JsonValue, StoreReader } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { subjectOf, type Subject } from './caller.js';
import { invalidInput, limitExceeded, noSuchEntity } from './errors.js';
import { ACCESS_KEYS_PER_USER } from './limits.js';
import { pageFields, paginate } from './pagination.js';
import { loadUser, saveUser } from './records.js';

type Empty = Record<string, never>;

async function keyRecord(reader: StoreReader, accessKeyId: string): Promise<AccessKeyRecord | undefined> {
  return (await reader.get(accessKeyStorageKey(accessKeyId)))?.value as unknown as AccessKeyRecord | undefined;
}

/**
 * The root user's long-term keys. The root user has no IAM record listing them, so this scans the
 * long-term (AKIA) keys; temporary (ASIA) credentials, the many, are not read.
 */
export async function rootKeys(reader: StoreReader, accountId: string): Promise<AccessKeyRecord[]> {
  return (await reader.list({ prefix: 'cred/AKIA' }))
    .map((entry) => entry.value as unknown as AccessKeyRecord)
    .filter((r) => r.accountId === accountId && r.owner.type === 'Root' && r.sessionToken === undefined);
}

async function keysOf(subject: Subject, ctx: HandlerContext): Promise<{ userName?: string; keys: AccessKeyRecord[] }> {
  if (subject.kind === 'root') return { keys: await rootKeys(ctx.tx, ctx.accountId) };
  const user = await loadUser(ctx.tx, ctx.accountId, subject.userName);
  const keys: AccessKeyRecord[] = [];
  for (const id of user.accessKeys) {
    const record = await keyRecord(ctx.tx, id);
    if (record) keys.push(record);
  }
  return { userName: user.userName, keys };
}

/** The subject's key with this id, or AWS's NoSuchEntity. */
async function ownKey(subject: Subject, accessKeyId: string, ctx: HandlerContext): Promise<{ userName?: string; record: AccessKeyRecord }> {
  const { userName, keys } = await keysOf(subject, ctx);
  const record = keys.find((k) => k.accessKeyId === accessKeyId);
  if (!record) throw noSuchEntity(`The Access Key with id ${accessKeyId} cannot be found.`);
  return { userName, record };
}

function metadata(record: AccessKeyRecord, userName: string | undefined): AccessKeyMetadata {
  return { ...(userName ? { UserName: userName } : {}), AccessKeyId: record.accessKeyId, Status: record.status, CreateDate: new Date(record.createdAt) };
}

export function accessKeyHandlers(accessKeys: AccessKeys) {
  async function CreateAccessKey(input: CreateAccessKeyRequest, ctx: HandlerContext): Promise<CreateAccessKeyResponse> {
    const subject = subjectOf(input.UserName, ctx.principal);
    const { keys } = await keysOf(subject, ctx);
    if (keys.length >= ACCESS_KEYS_PER_USER) throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
    if (subject.kind === 'root') {
      const created = accessKeys.create(ctx.tx, { accountId: ctx.accountId, owner: { type: 'Root' }, now: ctx.now });
      return {
        AccessKey: { AccessKeyId: created.accessKeyId, Status: 'Active', SecretAccessKey: created.secretAccessKey, CreateDate: new Date(created.record.createdAt) },
      } as CreateAccessKeyResponse;
    }
    const user = await loadUser(ctx.tx, ctx.accountId, subject.userName);
    const created = accessKeys.create(ctx.tx, {
      accountId: ctx.accountId,
      owner: { type: 'IAMUser', userName: user.userName, userId: user.userId, path: user.path },
      now: ctx.now,
    });
    user.accessKeys.push(created.accessKeyId);
    saveUser(ctx.tx, ctx.accountId, user);
    return {
      AccessKey: {
        UserName: user.userName,
        AccessKeyId: created.accessKeyId,
        Status: 'Active',
        SecretAccessKey: created.secretAccessKey,
        CreateDate: new Date(created.record.createdAt),
      },
    };
  }

  async function ListAccessKeys(input: ListAccessKeysRequest, ctx: HandlerContext): Promise<ListAccessKeysResponse> {
    const { userName, keys } = await keysOf(subjectOf(input.UserName, ctx.principal), ctx);
    const page = paginate(keys, (k) => k.accessKeyId, input.Marker, input.MaxItems);
    return { AccessKeyMetadata: page.items.map((k) => metadata(k, userName)), ...pageFields(page) };
  }

  async function UpdateAccessKey(input: UpdateAccessKeyRequest, ctx: HandlerContext): Promise<Empty> {
    const { record } = await ownKey(subjectOf(input.UserName, ctx.principal), input.AccessKeyId, ctx);
    // The model's statusType also has "Expired", which only AWS itself sets.
    if (input.Status === 'Expired') throw invalidInput('Invalid status: Expired. Use Active or Inactive.');
    record.status = input.Status;
    ctx.tx.put(accessKeyStorageKey(record.accessKeyId), record as unknown as JsonValue);
    return {};
  }

  async function DeleteAccessKey(input: DeleteAccessKeyRequest, ctx: HandlerContext): Promise<Empty> {
    const subject = subjectOf(input.UserName, ctx.principal);
    const { record } = await ownKey(subject, input.AccessKeyId, ctx);
    accessKeys.delete(ctx.tx, record.accessKeyId, ctx.now);
    ctx.tx.delete(accessKeyUsageKey(record.accessKeyId));
    if (subject.kind === 'user') {
      const user = await loadUser(ctx.tx, ctx.accountId, subject.userName);
      user.accessKeys = user.accessKeys.filter((id) => id !== record.accessKeyId);
      saveUser(ctx.tx, ctx.accountId, user);
    }
    return {};
  }

  async function GetAccessKeyLastUsed(input: GetAccessKeyLastUsedRequest, ctx: HandlerContext): Promise<GetAccessKeyLastUsedResponse> {
    const record = await keyRecord(ctx.tx, input.AccessKeyId);
    if (!record || record.accountId !== ctx.accountId || record.sessionToken !== undefined) {
      throw noSuchEntity(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
    }
    const use = await lastUseOf(ctx.tx, record.accessKeyId);
    const response: GetAccessKeyLastUsedResponse = {
      AccessKeyLastUsed: use ? { LastUsedDate: new Date(Math.floor(use.usedAt / 1000) * 1000), ServiceName: use.service, Region: use.region } : { ServiceName: 'N/A', Region: 'N/A' },
    };
    if (record.owner.type === 'IAMUser') response.UserName = record.owner.userName;
    return response;
  }

  return { CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed };
}
