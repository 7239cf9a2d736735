// The contract of Rampart's IAM policy evaluator (src/iam/): what a decision needs and what it says.
// The evaluator is a pure function of this request: it reads no storage. The request pipeline's
// authorizer (src/server/authorize.ts) gathers the policies from storage and calls it.

/** A value of the request context, as IAM condition operators see it. */
export type ContextValue = string | number | boolean | Date | Buffer | readonly string[];

export type PrincipalKind = 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser' | 'AWSService' | 'Anonymous';

export interface EvaluationPrincipal {
  kind: PrincipalKind;
  /** arn:aws:iam::123456789012:root | :user/... | arn:aws:sts::123456789012:assumed-role/... */
  arn: string;
  accountId: string;
  /**
   * For role sessions: the role's ARN including its path (arn:aws:iam::acct:role/path/name), which
   * resource policies may name. It must be the role's real ARN: a policy naming the role with its path
   * does not match an ARN built without it.
   */
  roleArn?: string;
  /** For services: the service principal, e.g. "ssm.amazonaws.com". */
  service?: string;
  /**
   * For callers authenticated by an identity provider (AssumeRoleWithWebIdentity / WithSAML, evaluated
   * against a trust policy): the provider a `"Principal": {"Federated": ...}` names, e.g.
   * "cognito-identity.amazonaws.com" or "arn:aws:iam::123456789012:saml-provider/corp".
   */
  federatedProvider?: string;
  /** For S3-style canonical user identities: the id a `"Principal": {"CanonicalUser": ...}` names. */
  canonicalUser?: string;
}

/** A policy document as stored (JSON text) or parsed. */
export type PolicyInput = string | Record<string, unknown>;

export interface NamedPolicy {
  /** How the policy is named in explanations: an ARN for managed policies, "user/x/inline/y" for inline. */
  id: string;
  document: PolicyInput;
}

export interface EvaluationRequest {
  principal: EvaluationPrincipal;
  /** "kms:Encrypt" (service prefix lower case; action names compare case-insensitively). */
  action: string;
  /** The resource ARN, or "*" for actions without a resource. */
  resource: string;
  /** The account that owns the resource (decides whether the request is cross-account). */
  resourceAccountId: string;
  /** Policies attached to the principal: the user's (inline and managed, and its groups'), the role's. */
  identityPolicies: readonly NamedPolicy[];
  /** The resource's own policy (a key policy, a secret's resource policy), if it has one. */
  resourcePolicy?: NamedPolicy;
  /** A resource whose policy alone decides access (KMS keys): IAM policies count only when it trusts the account. */
  resourcePolicyRequired?: boolean;
  /**
   * Access the service grants outside policies (a KMS grant): allows like a resource-policy statement
   * naming the principal, and across accounts without the grantee account's IAM policies (as KMS grants
   * do); explicit denies, SCPs and RCPs still apply.
   */
  serviceGrantAllows?: boolean;
  permissionsBoundary?: NamedPolicy;
  /** Session policies of a role session (inline and managed), all of which must allow. */
  sessionPolicies?: readonly NamedPolicy[];
  /**
   * Service control policies of the principal's account, one list per level from the root of the
   * organization down to the account; each level must allow. Empty/undefined: not in an organization.
   */
  serviceControlPolicies?: readonly (readonly NamedPolicy[])[];
  /**
   * Resource control policies of the resource's account, same shape. Only their Deny statements count:
   * AWS attaches RCPFullAWSAccess to every level and it cannot be detached, so passing it is optional.
   */
  resourceControlPolicies?: readonly (readonly NamedPolicy[])[];
  /** Global and service context keys (aws:SourceIp, aws:CurrentTime, kms:EncryptionContext:x, ...), keys compare case-insensitively. */
  context: Readonly<Record<string, ContextValue | undefined>>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** Which kind of policy decided, for AWS's denial messages ("... because no identity-based policy allows ..."). */
export type DecidingPolicyType =
  | 'identity-based policy'
  | 'resource-based policy'
  | 'permissions boundary'
  | 'session policy'
  | 'service control policy'
  | 'resource control policy';

export interface MatchedStatement {
  policyId: string;
  /** The statement's Sid, or its index in the policy. */
  statement: string;
  effect: 'Allow' | 'Deny';
}

export interface EvaluationResult {
  decision: Decision;
  /**
   * For a deny: the policy type that denied explicitly, or that lacked an allow. When several apply,
   * the first in AWS's evaluation order: explicit denies in RCPs, SCPs, the resource-based policy,
   * identity-based policies, the permissions boundary, session policies; then a missing allow in SCPs,
   * then on the resource side or the identity side (see evaluate.ts).
   */
  deniedBy?: DecidingPolicyType;
  /**
   * For an explicit deny: the id of the (first) policy whose Deny statement applied, which AWS's newer
   * messages append (": arn:aws:organizations::...:policy/..."), in the same account or organization.
   */
  denyingPolicyId?: string;
  /** Statements that matched the request (for the policy simulator's explanations). */
  matchedStatements: MatchedStatement[];
}
