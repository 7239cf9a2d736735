// One statement, compiled for evaluation: its action test (service:Action, case-insensitive, wildcards),
// resource test (ARN patterns, policy variables), principal and condition. Built once per policy.
import { type ArnPattern, compileArnPattern } from './arn.js';
import { type KeyTest, compileConditions } from './conditions/condition.js';
import type { ContextLookup } from './context.js';
import type { PolicyStatement } from './document.js';
import type { PolicyKind } from './messages.js';
import { type PrincipalSet, compilePrincipalSet } from './principal.js';
import { type TextMatcher, compileWildcard } from './wildcard.js';

/** The request's resource, split once per evaluation. */
export interface RequestResource {
  readonly text: string;
  /** Its six ARN parts, or undefined when it is not an ARN ("*" for actions without a resource). */
  readonly arn: readonly string[] | undefined;
}

export interface CompiledStatement {
  /** The Sid, or the statement's index in the policy. */
  readonly id: string;
  readonly effect: 'Allow' | 'Deny';
  /** `lowerAction` is "service:action" in lower case. */
  matchesAction(lowerAction: string): boolean;
  matchesResource(resource: RequestResource, lookup: ContextLookup): boolean;
  /** The Principal or NotPrincipal element, when the statement has one (resource policies). */
  readonly principal: { readonly set: PrincipalSet; readonly negated: boolean } | undefined;
  /** The Condition block; undefined when the statement has none. */
  readonly condition: KeyTest | undefined;
}

const IDENTITY_SIDE = new Set<PolicyKind>(['identity', 'boundary', 'session', 'scp']);

function actionTest(patterns: readonly string[]): (lowerAction: string) => boolean {
  const matchers = patterns.map((p) => compileWildcard(p.toLowerCase()));
  if (matchers.length === 1) return matchers[0];
  return (action) => matchers.some((m) => m(action));
}

/**
 * How a Resource pattern with fewer than six parts matches: identity policies, boundaries and session
 * policies read the missing parts as `*`; SCPs and resource policies only when the pattern ends in `*`
 * (which then reaches past its last colon); RCPs never.
 */
function shortForm(kind: PolicyKind, source: string): 'pad' | 'never' {
  if (kind === 'rcp') return 'never';
  if (kind === 'identity' || kind === 'boundary' || kind === 'session') return 'pad';
  return source.endsWith('*') ? 'pad' : 'never';
}

function resourceTest(patterns: readonly string[], kind: PolicyKind, variables: boolean): (r: RequestResource, lookup: ContextLookup) => boolean {
  if (patterns.includes('*')) return () => true;
  const compiled: { arn: ArnPattern; whole: TextMatcher }[] = patterns.map((source) => ({
    arn: compileArnPattern(source, { variables, shortForm: shortForm(kind, source) }),
    // A request resource that is not an ARN can only be matched as a whole.
    whole: compileWildcard(source),
  }));
  return (resource, lookup) => {
    for (const pattern of compiled) {
      if (resource.arn !== undefined ? pattern.arn.test(resource.arn, lookup) : pattern.whole(resource.text)) return true;
    }
    return false;
  };
}

export function compileStatement(statement: PolicyStatement, kind: PolicyKind, variables: boolean): CompiledStatement {
  const effect = statement.effect.toLowerCase() === 'deny' ? 'Deny' : 'Allow';
  let matchesAction: (lowerAction: string) => boolean;
  if (statement.action !== undefined) matchesAction = actionTest(statement.action);
  else if (statement.notAction !== undefined) {
    const listed = actionTest(statement.notAction);
    matchesAction = (action) => !listed(action);
  } else matchesAction = () => false;

  let matchesResource: CompiledStatement['matchesResource'];
  if (statement.resource !== undefined) matchesResource = resourceTest(statement.resource, kind, variables);
  else if (statement.notResource !== undefined) {
    const listed = resourceTest(statement.notResource, kind, variables);
    matchesResource = (resource, lookup) => !listed(resource, lookup);
  } else {
    // No resource element: a trust policy's statements apply to their role; elsewhere (the grammar of
    // the policy kind requires one) the statement applies to nothing.
    matchesResource = IDENTITY_SIDE.has(kind) ? () => false : () => true;
  }

  const principalElement = statement.principal ?? statement.notPrincipal;
  const principal =
    principalElement !== undefined && !IDENTITY_SIDE.has(kind)
      ? { set: compilePrincipalSet(principalElement), negated: statement.principal === undefined }
      : undefined;

  return {
    id: statement.sid || String(statement.index),
    effect,
    matchesAction,
    matchesResource,
    principal,
    condition: statement.condition ? compileConditions(statement.condition, variables) : undefined,
  };
}
