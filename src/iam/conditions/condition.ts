// A statement's Condition block, compiled: every operator must hold, every key under an operator must
// hold, and a key holds when any of its values matches. How a key is read follows AWS's rules:
//   - a missing key satisfies ...IfExists, ForAllValues: and the negated operators, and fails the rest
//     (Null tests presence itself);
//   - a multivalued key (an array) is compared only through a set qualifier: ForAnyValue: holds when
//     some value satisfies the operator, ForAllValues: when every value does (and for an empty set);
//     without one the condition fails;
//   - a single value under a set qualifier is a set of one.
import { type ContextLookup, isMultiValued } from '../context.js';
import type { ContextValue } from '../types.js';
import { MATCH, NO_MATCH, NULL_OPERATOR, OPERATORS, type OperatorDefinition, type ValuesTest } from './operators.js';

export type SetQualifier = 'ForAnyValue' | 'ForAllValues' | undefined;

export interface ParsedOperator {
  qualifier: SetQualifier;
  base: string;
  ifExists: boolean;
}

/** Splits "ForAnyValue:StringLikeIfExists" into its qualifier, base operator and IfExists. */
export function parseOperatorName(name: string): ParsedOperator {
  let rest = name;
  let qualifier: SetQualifier;
  if (rest.startsWith('ForAnyValue:')) {
    qualifier = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  } else if (rest.startsWith('ForAllValues:')) {
    qualifier = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  }
  const ifExists = rest.endsWith('IfExists');
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  return { qualifier, base: rest, ifExists };
}

export function isKnownOperator(name: string): boolean {
  const { base } = parseOperatorName(name);
  return base === NULL_OPERATOR || OPERATORS.has(base);
}

/** Whether the condition on one key holds for the request. */
export type KeyTest = (lookup: ContextLookup) => boolean;

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

function nullTest(key: string, lowerKey: string, values: readonly string[]): KeyTest {
  // "true": the key must be absent; "false": present. Several values: any.
  const wantAbsent = values.some((v) => v.toLowerCase() === 'true');
  const wantPresent = values.some((v) => v.toLowerCase() === 'false');
  return (lookup) => (lookup.get(key, lowerKey) !== undefined ? wantPresent : wantAbsent);
}

function holds(definition: OperatorDefinition, test: ValuesTest, value: ContextValue, lookup: ContextLookup): boolean {
  const outcome = test(value, lookup);
  return definition.negated ? outcome === NO_MATCH : outcome === MATCH;
}

function keyTest(operator: ParsedOperator, definition: OperatorDefinition, key: string, values: readonly string[], variables: boolean): KeyTest {
  const lowerKey = key.toLowerCase();
  const test = definition.compile(values, variables);
  const missing = operator.ifExists || operator.qualifier === 'ForAllValues' || (operator.qualifier === undefined && definition.negated);
  switch (operator.qualifier) {
    case undefined:
      return (lookup) => {
        const value = lookup.get(key, lowerKey);
        if (value === undefined) return missing;
        if (isMultiValued(value)) return false;
        return holds(definition, test, value, lookup);
      };
    case 'ForAnyValue':
      return (lookup) => {
        const value = lookup.get(key, lowerKey);
        if (value === undefined) return missing;
        if (!isMultiValued(value)) return holds(definition, test, value, lookup);
        for (const element of value) if (holds(definition, test, element, lookup)) return true;
        return false;
      };
    case 'ForAllValues':
      return (lookup) => {
        const value = lookup.get(key, lowerKey);
        if (value === undefined) return missing;
        if (!isMultiValued(value)) return holds(definition, test, value, lookup);
        for (const element of value) if (!holds(definition, test, element, lookup)) return false;
        return true;
      };
  }
}

const never: KeyTest = () => false;

/**
 * Compiles a Condition block (operator -> key -> values) into one test, or undefined when it is empty.
 * Operator names must be known (the parser rejected the others); keys compare case-insensitively.
 */
export function compileConditions(block: ConditionBlock, variables: boolean): KeyTest | undefined {
  const tests: KeyTest[] = [];
  for (const [name, keys] of Object.entries(block)) {
    const operator = parseOperatorName(name);
    for (const [key, values] of Object.entries(keys)) {
      if (operator.base === NULL_OPERATOR) {
        tests.push(nullTest(key, key.toLowerCase(), values));
        continue;
      }
      const definition = OPERATORS.get(operator.base);
      // An unknown operator is refused by the parser; should one reach here, it matches nothing.
      tests.push(definition ? keyTest(operator, definition, key, values, variables) : never);
    }
  }
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (lookup) => {
    for (const test of tests) if (!test(lookup)) return false;
    return true;
  };
}
