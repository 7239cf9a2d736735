// The condition operators. Each compiles the policy's values once into a test of one context value,
// answering MATCH (some policy value matches: the values of one key are ORed), NO_MATCH (every policy
// value is well-formed and none matches) or INVALID (a value of the wrong type, or a policy variable
// with no value). A positive operator holds on MATCH; a negated one (StringNotEquals, NotIpAddress,
// ...) only on NO_MATCH, so a malformed value never satisfies either.
import { type ArnPattern, compileArnPattern, splitArn } from '../arn.js';
import { type ContextLookup, contextString } from '../context.js';
import type { ContextValue } from '../types.js';
import { type Template, compileTemplate, resolveMatcher, resolveText } from '../variables.js';
import { type TextMatcher, compileWildcard } from '../wildcard.js';
import { type CidrBlock, cidrContains, parseAddress, parseCidr } from './ip.js';
import { contextBoolean, contextBytes, contextDate, contextNumber, parseBase64, parseBoolean, parseDate, parseNumber } from './values.js';

export const MATCH = 1;
export const NO_MATCH = 0;
export const INVALID = -1;
export type Outcome = typeof MATCH | typeof NO_MATCH | typeof INVALID;

/** The compiled values of one key under one operator: how one context value compares with them. */
export type ValuesTest = (value: ContextValue, lookup: ContextLookup) => Outcome;

export interface OperatorDefinition {
  readonly name: string;
  readonly negated: boolean;
  compile(values: readonly string[], variables: boolean): ValuesTest;
}

/** Folds per-value results: any match wins, otherwise one invalid value spoils the NO_MATCH. */
function anyOf<T>(compiled: readonly (T | undefined)[], test: (policyValue: T) => boolean): Outcome {
  let invalid = false;
  for (const policyValue of compiled) {
    if (policyValue === undefined) invalid = true;
    else if (test(policyValue)) return MATCH;
  }
  return invalid ? INVALID : NO_MATCH;
}

// ---- strings -------------------------------------------------------------------------------------

type StringValue = string | Template;

function stringValues(values: readonly string[], variables: boolean, fold: (s: string) => string): StringValue[] {
  return values.map((v) => (variables && compileTemplate(v)) || fold(v));
}

function stringOperator(name: string, negated: boolean, ignoreCase: boolean): OperatorDefinition {
  const fold = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  return {
    name,
    negated,
    compile(values, variables) {
      const compiled = stringValues(values, variables, fold);
      const allStatic = compiled.every((v) => typeof v === 'string');
      if (allStatic) {
        const set = new Set(compiled as string[]);
        return (value) => (set.has(fold(contextString(value))) ? MATCH : NO_MATCH);
      }
      return (value, lookup) => {
        const text = fold(contextString(value));
        const resolved = compiled.map((v) => {
          if (typeof v === 'string') return v;
          const r = resolveText(v, lookup);
          return r === undefined ? undefined : fold(r);
        });
        return anyOf(resolved, (p) => p === text);
      };
    },
  };
}

function stringLikeOperator(name: string, negated: boolean): OperatorDefinition {
  return {
    name,
    negated,
    compile(values, variables) {
      const compiled: (TextMatcher | Template)[] = values.map((v) => (variables && compileTemplate(v)) || compileWildcard(v));
      return (value, lookup) => {
        const text = contextString(value);
        return anyOf(
          compiled.map((m) => (typeof m === 'function' ? m : resolveMatcher(m, lookup))),
          (matcher) => matcher(text),
        );
      };
    },
  };
}

// ---- typed comparisons (no policy variables: AWS substitutes them only in string-like values) ----

function typedOperator<P, V>(
  name: string,
  negated: boolean,
  parse: (text: string) => P | undefined,
  read: (value: ContextValue) => V | undefined,
  test: (policyValue: P, contextValue: V) => boolean,
): OperatorDefinition {
  return {
    name,
    negated,
    compile(values) {
      const compiled = values.map(parse);
      return (value) => {
        const v = read(value);
        if (v === undefined) return INVALID;
        return anyOf(compiled, (p) => test(p, v));
      };
    },
  };
}

const numeric = (name: string, negated: boolean, test: (p: number, v: number) => boolean) =>
  typedOperator(name, negated, parseNumber, contextNumber, test);
const date = (name: string, negated: boolean, test: (p: number, v: number) => boolean) =>
  typedOperator(name, negated, parseDate, contextDate, test);

const ipOperator = (name: string, negated: boolean) =>
  typedOperator<CidrBlock, Uint8Array>(
    name,
    negated,
    parseCidr,
    (value) => (typeof value === 'string' ? parseAddress(value.trim()) : undefined),
    cidrContains,
  );

const boolOperator: OperatorDefinition = {
  name: 'Bool',
  negated: false,
  compile(values, variables) {
    const compiled = values.map((v) => (variables && compileTemplate(v)) || v);
    return (value, lookup) => {
      const v = contextBoolean(value);
      if (v === undefined) return INVALID;
      return anyOf(
        compiled.map((p) => {
          const text = typeof p === 'string' ? p : resolveText(p, lookup);
          return text === undefined ? undefined : parseBoolean(text);
        }),
        (p) => p === v,
      );
    };
  },
};

const binaryEquals = typedOperator('BinaryEquals', false, parseBase64, contextBytes, (p, v) => p.equals(v));

function arnOperator(name: string, negated: boolean): OperatorDefinition {
  return {
    name,
    negated,
    compile(values, variables) {
      const compiled: ArnPattern[] = values.map((v) => compileArnPattern(v, { variables, shortForm: 'never' }));
      return (value, lookup) => {
        const arn = splitArn(contextString(value));
        if (arn === undefined) return INVALID;
        return anyOf(compiled, (p) => p.test(arn, lookup));
      };
    },
  };
}

const DEFINITIONS: readonly OperatorDefinition[] = [
  stringOperator('StringEquals', false, false),
  stringOperator('StringNotEquals', true, false),
  stringOperator('StringEqualsIgnoreCase', false, true),
  stringOperator('StringNotEqualsIgnoreCase', true, true),
  stringLikeOperator('StringLike', false),
  stringLikeOperator('StringNotLike', true),
  numeric('NumericEquals', false, (p, v) => v === p),
  numeric('NumericNotEquals', true, (p, v) => v === p),
  numeric('NumericLessThan', false, (p, v) => v < p),
  numeric('NumericLessThanEquals', false, (p, v) => v <= p),
  numeric('NumericGreaterThan', false, (p, v) => v > p),
  numeric('NumericGreaterThanEquals', false, (p, v) => v >= p),
  date('DateEquals', false, (p, v) => v === p),
  date('DateNotEquals', true, (p, v) => v === p),
  date('DateLessThan', false, (p, v) => v < p),
  date('DateLessThanEquals', false, (p, v) => v <= p),
  date('DateGreaterThan', false, (p, v) => v > p),
  date('DateGreaterThanEquals', false, (p, v) => v >= p),
  boolOperator,
  binaryEquals,
  ipOperator('IpAddress', false),
  ipOperator('NotIpAddress', true),
  arnOperator('ArnEquals', false),
  arnOperator('ArnLike', false),
  arnOperator('ArnNotEquals', true),
  arnOperator('ArnNotLike', true),
];

/** Operators by exact name (as policies must spell them); `Null` is handled by the condition compiler. */
export const OPERATORS: ReadonlyMap<string, OperatorDefinition> = new Map(DEFINITIONS.map((d) => [d.name, d]));

export const NULL_OPERATOR = 'Null';
