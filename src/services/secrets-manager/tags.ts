// Tags on secrets: at most 50, keys not starting with "aws:" (reserved), AWS's tag character set; a
// tag with an existing key replaces its value.
import type { Tag } from '../../generated/secrets-manager/types.js';
import { invalidParameter } from './errors.js';
import { AwsError } from '../../errors.js';

export const MAX_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function validateTagKey(key: string | undefined): string {
  if (key === undefined || key.length === 0) throw invalidParameter('You must specify a tag key.');
  if (key.toLowerCase().startsWith('aws:')) throw invalidParameter(`Invalid tag key. The aws: prefix is reserved for AWS use: ${key}`);
  if (!TAG_TEXT.test(key)) throw invalidParameter(`Invalid tag key: ${key}`);
  return key;
}

export function validateTags(tags: readonly Tag[]): Tag[] {
  const seen = new Set<string>();
  return tags.map((tag) => {
    const key = validateTagKey(tag.Key);
    const value = tag.Value ?? '';
    if (!TAG_TEXT.test(value)) throw invalidParameter(`Invalid tag value for key: ${key}`);
    if (seen.has(key)) throw invalidParameter(`Duplicate tag key: ${key}`);
    seen.add(key);
    return { Key: key, Value: value };
  });
}

export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.Key!, t.Value ?? '']));
  for (const tag of added) merged.set(tag.Key!, tag.Value ?? '');
  if (merged.size > MAX_TAGS) throw new AwsError('LimitExceededException', `A secret can have at most ${MAX_TAGS} tags.`);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}
