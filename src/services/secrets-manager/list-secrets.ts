// ListSecrets: the secrets of the caller's account and Region, filtered as AWS filters them (values of
// one filter are alternatives, filters all apply; "!" negates a value; name, tag-key, tag-value,
// primary-region and owning-service match by prefix, case-sensitively; description and all match
// words by prefix, case-insensitively, "all" over the name, description, tag keys and values),
// sorted by creation date (or SortBy), paginated with an opaque NextToken.
import type { Filter, FilterNameStringType, ListSecretsRequest, ListSecretsResponse, SecretListEntry } from '../../generated/secrets-manager/types.js';
import type { JsonValue } from '../../storage/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { callerPlace } from './common.js';
import { starCheck } from './conditions.js';
import { secretShape, versionsToStages } from './describe-secret.js';
import { invalidNextToken, invalidParameter } from './errors.js';
import { secretsPrefix, type SecretRecord } from './records.js';

export function authorizeListSecrets(_input: ListSecretsRequest, ctx: AuthorizationContext): AuthorizationCheck[] {
  return [starCheck('secretsmanager:ListSecrets', ctx)];
}

export interface ValidFilter {
  key: FilterNameStringType;
  values: string[];
}

const FILTER_KEYS = new Set<FilterNameStringType>(['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all']);

export function validateFilters(filters: readonly Filter[]): ValidFilter[] {
  if (filters.length > 10) throw invalidParameter('You can specify at most 10 filters.');
  return filters.map((filter) => {
    if (!filter.Key || !FILTER_KEYS.has(filter.Key)) throw invalidParameter(`Invalid filter key: ${filter.Key ?? ''}`);
    if (!filter.Values || filter.Values.length === 0) throw invalidParameter(`Filter ${filter.Key} needs at least one value.`);
    if (filter.Values.length > 10) throw invalidParameter('A filter can have at most 10 values.');
    return { key: filter.Key, values: filter.Values };
  });
}

function words(text: string): string[] {
  return text
    .split(/[\s/_+=.@-]+/)
    .flatMap((part) => part.split(/(?=[A-Z][a-z])/))
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** Every word of `pattern` starts some word of `text` (case-insensitive). */
function wordMatch(pattern: string, text: string): boolean {
  const wanted = words(pattern);
  if (wanted.length === 0) return false;
  const have = words(text);
  return wanted.every((w) => have.some((h) => h.startsWith(w)));
}

function attributes(record: SecretRecord, key: FilterNameStringType): string[] {
  switch (key) {
    case 'name':
      return [record.name];
    case 'description':
      return record.description ? [record.description] : [];
    case 'tag-key':
      return record.tags.map((t) => t.Key ?? '');
    case 'tag-value':
      return record.tags.map((t) => t.Value ?? '');
    case 'primary-region':
      return [record.primaryRegion ?? record.region];
    case 'owning-service':
      return [];
    case 'all':
      return [record.name, ...(record.description ? [record.description] : []), ...record.tags.flatMap((t) => [t.Key ?? '', t.Value ?? ''])];
  }
}

function valueMatches(key: FilterNameStringType, pattern: string, values: string[]): boolean {
  if (key === 'description' || key === 'all') return values.some((v) => wordMatch(pattern, v));
  return values.some((v) => v.startsWith(pattern));
}

export function matchesFilters(record: SecretRecord, filters: readonly ValidFilter[]): boolean {
  return filters.every(({ key, values }) => {
    const attrs = attributes(record, key);
    return values.some((value) => (value.startsWith('!') ? !valueMatches(key, value.slice(1), attrs) : valueMatches(key, value, attrs)));
  });
}

const TOKEN_PREFIX = 'rampart1:';

export const pageToken = (offset: number) => Buffer.from(`${TOKEN_PREFIX}${offset}`, 'utf8').toString('base64url');

export function readPageToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const offset = text.startsWith(TOKEN_PREFIX) ? Number(text.slice(TOKEN_PREFIX.length)) : NaN;
  if (!Number.isInteger(offset) || offset < 0) throw invalidNextToken();
  return offset;
}

export async function ListSecrets(input: ListSecretsRequest, ctx: HandlerContext): Promise<ListSecretsResponse> {
  const filters = validateFilters(input.Filters ?? []);
  const limit = input.MaxResults ?? 100;
  const offset = readPageToken(input.NextToken);
  const sortBy = input.SortBy ?? 'created-date';
  const direction = input.SortOrder === 'desc' ? -1 : 1;
  const sortValue = (r: SecretRecord): number | string =>
    sortBy === 'name' ? r.name : sortBy === 'last-changed-date' ? r.lastChangedAt : sortBy === 'last-accessed-date' ? (r.lastAccessedAt ?? 0) : r.createdAt;
  const records = (await ctx.tx.list<JsonValue>({ prefix: secretsPrefix(callerPlace(ctx)) }))
    .map((entry) => entry.value as unknown as SecretRecord)
    .filter((r) => (input.IncludePlannedDeletion || r.deletionDate === undefined) && matchesFilters(r, filters))
    .sort((a, b) => {
      const x = sortValue(a);
      const y = sortValue(b);
      return (x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0) * direction;
    });
  const page = records.slice(offset, offset + limit);
  const SecretList: SecretListEntry[] = page.map((record) => ({ ...secretShape(record), SecretVersionsToStages: versionsToStages(record) }));
  const response: ListSecretsResponse = { SecretList };
  if (offset + limit < records.length) response.NextToken = pageToken(offset + limit);
  return response;
}
