// Session tags (AssumeRole Tags and TransitiveTagKeys): at most 50, keys unique without regard to case;
// transitive keys must name passed tags; tags a calling session passes on (its transitive tags) are
// carried into the new session and cannot be overridden.
import { AwsError } from '../../errors.js';
import type { Tag } from '../../generated/sts/types.js';

export interface SessionTags {
  tags: Record<string, string>;
  /** Lower-cased keys of the transitive tags. */
  transitive: string[];
}

const invalid = (message: string) => new AwsError('Validation', message);

export function sessionTags(requested: readonly Tag[] | undefined, transitiveKeys: readonly string[] | undefined, inherited?: SessionTags): SessionTags {
  const tags: Record<string, string> = {};
  const transitive: string[] = [];
  const seen = new Map<string, string>();
  if (inherited) {
    for (const [key, value] of Object.entries(inherited.tags)) {
      if (!inherited.transitive.includes(key.toLowerCase())) continue;
      tags[key] = value;
      seen.set(key.toLowerCase(), key);
      transitive.push(key.toLowerCase());
    }
  }
  for (const tag of requested ?? []) {
    const lower = tag.Key.toLowerCase();
    if (transitive.includes(lower) && seen.has(lower)) {
      throw invalid(`The tag key ${tag.Key} is a transitive tag of the calling session and cannot be set again.`);
    }
    if (seen.has(lower)) throw invalid('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    if (lower.startsWith('aws:')) throw invalid('Tag keys can\'t start with "aws:". This prefix is reserved for AWS tags.');
    seen.set(lower, tag.Key);
    tags[tag.Key] = tag.Value;
  }
  for (const key of transitiveKeys ?? []) {
    const lower = key.toLowerCase();
    if (!(requested ?? []).some((t) => t.Key.toLowerCase() === lower)) {
      throw invalid(`The key ${key} in TransitiveTagKeys is not a session tag key.`);
    }
    if (!transitive.includes(lower)) transitive.push(lower);
  }
  if (Object.keys(tags).length > 50) throw invalid('The number of session tags cannot exceed 50.');
  return { tags, transitive };
}
