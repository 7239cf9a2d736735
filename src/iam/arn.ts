// ARN patterns, as Resource, NotResource and the Arn condition operators match them: an ARN has six
// colon-separated parts (arn:partition:service:region:account:resource, the resource part keeping any
// further colons), and each part of the pattern matches the same part of the ARN on its own, so a `*`
// in the region never spans into the account, while a `*` in the resource part spans `/` and `:`.
// Matching is case-sensitive.
import type { ContextLookup } from './context.js';
import { type Template, compileTemplate, resolveMatcher } from './variables.js';
import { type TextMatcher, compileWildcard } from './wildcard.js';

export const ARN_PARTS = 6;

/** The six parts of an ARN, or undefined when `text` is not one. */
export function splitArn(text: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < ARN_PARTS - 1; i++) {
    const colon = text.indexOf(':', start);
    if (colon === -1) return undefined;
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Splits a policy's ARN on its first five colons outside `${...}` (variables such as `${aws:username}` hold colons). */
export function splitPolicyArn(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length && parts.length < ARN_PARTS - 1) {
    if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i + 2);
      if (end !== -1) {
        i = end + 1;
        continue;
      }
    }
    if (text.charCodeAt(i) === 58 /* : */) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  parts.push(text.slice(start));
  return parts;
}

type PartMatcher = TextMatcher | Template;

export interface ArnPattern {
  readonly source: string;
  /** Whether the ARN (already split by splitArn) matches; `lookup` resolves policy variables. */
  test(arnParts: readonly string[], lookup: ContextLookup): boolean;
}

export interface ArnPatternOptions {
  /** Policy variables are recognized (Version 2012-10-17). */
  variables: boolean;
  /** How a pattern with fewer than six parts matches: as if its missing parts were `*`, or never. */
  shortForm: 'pad' | 'never';
}

const NEVER: ArnPattern = { source: '', test: () => false };

export function compileArnPattern(source: string, options: ArnPatternOptions): ArnPattern {
  const parts = options.variables ? splitPolicyArn(source) : source.split(':');
  if (!options.variables && parts.length > ARN_PARTS) parts.splice(ARN_PARTS - 1, parts.length, parts.slice(ARN_PARTS - 1).join(':'));
  if (parts.length < ARN_PARTS) {
    if (options.shortForm === 'never') return { ...NEVER, source };
    while (parts.length < ARN_PARTS) parts.push('*');
  }
  const matchers: PartMatcher[] = parts.map((part) => (options.variables && compileTemplate(part)) || compileWildcard(part));
  const dynamic = matchers.some((m) => typeof m !== 'function');
  if (!dynamic) {
    const fixed = matchers as TextMatcher[];
    return {
      source,
      test: (arn) => {
        for (let i = 0; i < ARN_PARTS; i++) if (!fixed[i](arn[i])) return false;
        return true;
      },
    };
  }
  return {
    source,
    test: (arn, lookup) => {
      for (let i = 0; i < ARN_PARTS; i++) {
        const m = matchers[i];
        const matcher = typeof m === 'function' ? m : resolveMatcher(m, lookup);
        if (matcher === undefined || !matcher(arn[i])) return false;
      }
      return true;
    },
  };
}
