// Policy variables: `${aws:username}` in Resource and in condition values stands for the request's
// value of that key; `${key, 'default'}` supplies a value when the key is missing; `${*}`, `${?}` and
// `${$}` are a literal `*`, `?` and `$`. A variable whose key has no (single) value makes the element it
// is in unable to match, as AWS does. Only policies of Version 2012-10-17 have variables; in older
// ones `${...}` is plain text (the parser decides, and then never compiles a template).
import { type ContextLookup, variableValue } from './context.js';
import { type TextMatcher, compileWildcard } from './wildcard.js';

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'literal'; text: string } // `${*}`, `${?}`, `${$}`: never a wildcard
  | { kind: 'variable'; key: string; lowerKey: string; fallback: string | undefined };

export interface Template {
  readonly source: string;
  readonly parts: readonly Part[];
}

const DEFAULT_FORM = /^\s*([^,]+?)\s*,\s*'([^']*)'\s*$/;

/** The template of `text`, or undefined when it has no variable (then it is used as is). */
export function compileTemplate(text: string): Template | undefined {
  if (!text.includes('${')) return undefined;
  const parts: Part[] = [];
  let rest = 0;
  let at = text.indexOf('${');
  while (at !== -1) {
    const end = text.indexOf('}', at + 2);
    if (end === -1) break;
    if (at > rest) parts.push({ kind: 'text', text: text.slice(rest, at) });
    const inner = text.slice(at + 2, end);
    if (inner === '*' || inner === '?' || inner === '$') {
      parts.push({ kind: 'literal', text: inner });
    } else {
      const withDefault = DEFAULT_FORM.exec(inner);
      const key = withDefault ? withDefault[1] : inner.trim();
      parts.push({ kind: 'variable', key, lowerKey: key.toLowerCase(), fallback: withDefault ? withDefault[2] : undefined });
    }
    rest = end + 1;
    at = text.indexOf('${', rest);
  }
  if (parts.length === 0) return undefined;
  if (rest < text.length) parts.push({ kind: 'text', text: text.slice(rest) });
  return { source: text, parts };
}

function substitute(part: Part, lookup: ContextLookup): string | undefined {
  if (part.kind !== 'variable') return part.text;
  return variableValue(lookup, part.key, part.lowerKey) ?? (part.fallback === '' ? undefined : part.fallback);
}

/** The template with its variables replaced, for comparisons without wildcards; undefined if one has no value. */
export function resolveText(template: Template, lookup: ContextLookup): string | undefined {
  let out = '';
  for (const part of template.parts) {
    const value = substitute(part, lookup);
    if (value === undefined) return undefined;
    out += value;
  }
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A wildcard matcher for the template: `*` and `?` written in the policy are wildcards, substituted
 * values are literal text. Undefined when a variable has no value.
 */
export function resolveMatcher(template: Template, lookup: ContextLookup): TextMatcher | undefined {
  let pattern = '';
  let literalWildcard = false;
  const values: (string | undefined)[] = [];
  for (const part of template.parts) {
    const value = substitute(part, lookup);
    if (value === undefined) return undefined;
    values.push(value);
    if (part.kind !== 'text' && (value.includes('*') || value.includes('?'))) literalWildcard = true;
    pattern += value;
  }
  if (!literalWildcard) return compileWildcard(pattern);
  // Rare: a substituted value holds `*` or `?`, which must stay literal.
  let source = '^';
  template.parts.forEach((part, i) => {
    const value = values[i]!;
    source += part.kind === 'text' ? escapeRegExp(value).replace(/\\\*/g, '[\\s\\S]*').replace(/\\\?/g, '[\\s\\S]') : escapeRegExp(value);
  });
  const regex = new RegExp(source + '$');
  return (text) => regex.test(text);
}

