// CreateAlias, UpdateAlias, DeleteAlias and ListAliases. An alias names one customer managed key of
// the same account and Region; a key has at most 50 aliases. The key record keeps its alias names too,
// so policies can use kms:ResourceAliases without another read.
import { AwsError } from '../../errors.js';
import type { AliasListEntry, CreateAliasRequest, DeleteAliasRequest, ListAliasesRequest, ListAliasesResponse, UpdateAliasRequest } from '../../generated/kms/types.js';
import type { JsonValue, Transaction } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { MAX_ALIASES_PER_KEY } from './aliases.js';
import { aliasArn } from './arns.js';
import { callerPlace, checkedKey } from './conditions.js';
import { aliasesPrefix, aliasStorageKey, loadKeyAt, saveKey, type AliasRecord, type LoadedKey } from './key-record.js';
import { assertKeyState } from './key-states.js';
import { KEY_SPECS } from './key-specs.js';
import { decodeMarker, encodeMarker, pageLimit } from './pagination.js';

function attach(loaded: LoadedKey, aliasName: string): void {
  if (loaded.record.aliases.length >= MAX_ALIASES_PER_KEY) {
    throw new AwsError('LimitExceededException', `A KMS key can have at most ${MAX_ALIASES_PER_KEY} aliases.`);
  }
  loaded.record.aliases = [...loaded.record.aliases, aliasName];
}

function detach(tx: Transaction, loaded: LoadedKey | undefined, aliasName: string): void {
  if (!loaded) return;
  loaded.record.aliases = loaded.record.aliases.filter((a) => a !== aliasName);
  saveKey(tx, loaded);
}

export async function CreateAlias(input: CreateAliasRequest, ctx: HandlerContext): Promise<Record<string, never>> {
  const place = callerPlace(ctx);
  const target = checkedKey(ctx, 1);
  const storageKey = aliasStorageKey(place, input.AliasName);
  if (await ctx.tx.get(storageKey)) throw new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn(place, input.AliasName)} already exists`);
  assertKeyState(target.record, 'not-pending-deletion');
  attach(target, input.AliasName);
  saveKey(ctx.tx, target);
  const alias: AliasRecord = { aliasName: input.AliasName, targetKeyId: target.record.keyId, createdAt: ctx.now, updatedAt: ctx.now };
  ctx.tx.put(storageKey, alias as unknown as JsonValue);
  return {};
}

export async function UpdateAlias(input: UpdateAliasRequest, ctx: HandlerContext): Promise<Record<string, never>> {
  const place = callerPlace(ctx);
  const alias = ctx.checks[0].resource.loaded as AliasRecord;
  const target = checkedKey(ctx, 1);
  assertKeyState(target.record, 'not-pending-deletion');
  const current = await loadKeyAt(ctx.tx, place, alias.targetKeyId);
  if (current && current.record.keyId === target.record.keyId) return {};
  if (current) {
    const from = current.record;
    const to = target.record;
    // The new key must be usable in the same way as the old one: same usage, same kind of key.
    if (from.keyUsage !== to.keyUsage || KEY_SPECS[from.keySpec].family !== KEY_SPECS[to.keySpec].family) {
      throw new AwsError(
        'ValidationException',
        `${to.arn} is not the same type of KMS key as ${from.arn}: an alias can be updated only to a key with the same key usage and key type.`,
      );
    }
  }
  detach(ctx.tx, current, input.AliasName);
  attach(target, input.AliasName);
  saveKey(ctx.tx, target);
  const updated: AliasRecord = { ...alias, targetKeyId: target.record.keyId, updatedAt: ctx.now };
  ctx.tx.put(aliasStorageKey(place, input.AliasName), updated as unknown as JsonValue);
  return {};
}

export async function DeleteAlias(input: DeleteAliasRequest, ctx: HandlerContext): Promise<Record<string, never>> {
  const place = callerPlace(ctx);
  const alias = ctx.checks[0].resource.loaded as AliasRecord;
  detach(ctx.tx, await loadKeyAt(ctx.tx, place, alias.targetKeyId), input.AliasName);
  ctx.tx.delete(aliasStorageKey(place, input.AliasName));
  return {};
}

export async function ListAliases(input: ListAliasesRequest, ctx: HandlerContext): Promise<ListAliasesResponse> {
  const place = callerPlace(ctx);
  const limit = pageLimit(input.Limit, 50, 100);
  const keyFilter = input.KeyId === undefined ? undefined : (ctx.checks[0].resource.loaded as LoadedKey).record;
  const prefix = aliasesPrefix(place);
  let after = decodeMarker(input.Marker);
  const entries: AliasListEntry[] = [];
  let truncated = false;
  // Aliases are stored by name; with a KeyId filter, read the key's aliases instead of scanning.
  if (keyFilter) {
    const names = [...keyFilter.aliases].sort().filter((n) => after === undefined || n > after);
    for (const name of names.slice(0, limit)) {
      const stored = await ctx.tx.get<JsonValue>(aliasStorageKey(place, name));
      if (stored) entries.push(aliasEntry(place, stored.value as unknown as AliasRecord));
    }
    truncated = names.length > limit;
  } else {
    const stored = await ctx.tx.list<JsonValue>({ prefix, limit: limit + 1, ...(after === undefined ? {} : { after: prefix + after.slice('alias/'.length) }) });
    for (const s of stored.slice(0, limit)) entries.push(aliasEntry(place, s.value as unknown as AliasRecord));
    truncated = stored.length > limit;
  }
  after = entries.at(-1)?.AliasName;
  const response: ListAliasesResponse = { Aliases: entries, Truncated: truncated };
  if (truncated && after) response.NextMarker = encodeMarker(after);
  return response;
}

function aliasEntry(place: ReturnType<typeof callerPlace>, alias: AliasRecord): AliasListEntry {
  return {
    AliasName: alias.aliasName,
    AliasArn: aliasArn(place, alias.aliasName),
    TargetKeyId: alias.targetKeyId,
    CreationDate: new Date(alias.createdAt),
    LastUpdatedDate: new Date(alias.updatedAt),
  };
}
