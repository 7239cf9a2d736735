// How a service tells the pipeline what an operation must be authorized for: per operation, the IAM
// action(s), the resource(s) and the condition keys the request supplies, as the AWS Service
// Authorization Reference lists them. One table per service (src/services/<id>/authorization.ts), not
// code in handlers. The pipeline runs the operation's entry inside the request's transaction, asks the
// IAM evaluator about every check, and only then calls the handler, which finds the checks (and what
// they loaded, such as a KMS key record) in `ctx.checks`.
import type { ServiceOperations } from '../generated/index.js';
import type { ContextValue, NamedPolicy } from '../iam/types.js';
import type { HandlerContext, ServiceId } from './types.js';

export interface AuthorizedResource {
  /** The resource's ARN, or "*" for actions that name no resource (kms:CreateKey, kms:ListKeys). */
  arn: string;
  /** The account that owns it. */
  accountId: string;
  /** Its resource-based policy (a KMS key policy, a secret's resource policy), if it has one. */
  policy?: NamedPolicy;
  /** The policy alone decides (KMS keys): IAM policies count only where it trusts the account. */
  policyRequired?: boolean;
  /** Its tags, for aws:ResourceTag/<key>. */
  tags?: Readonly<Record<string, string>>;
  /** Condition keys describing the resource (kms:KeySpec, kms:KeyUsage, kms:ResourceAliases, ...). */
  context?: Readonly<Record<string, ContextValue | undefined>>;
  /** The service allows this outside policies (a KMS grant for this principal, operation and context). */
  grantAllows?: boolean;
  /** Whatever the entry loaded to decide, for the handler (it runs in the same transaction). */
  loaded?: unknown;
}

export interface AuthorizationCheck {
  action: string;
  resource: AuthorizedResource;
  /** Condition keys of the request (kms:EncryptionContext:<key>, kms:EncryptionAlgorithm, aws:RequestTag/<key>, aws:TagKeys, ...). */
  context?: Readonly<Record<string, ContextValue | undefined>>;
}

/** What an entry may use: the request's identity, place and time, and its storage transaction. */
export type AuthorizationContext = Pick<HandlerContext, 'tx' | 'principal' | 'accountId' | 'region' | 'partition' | 'now' | 'requestId'>;

export type OperationAuthorization<I> = (input: I, ctx: AuthorizationContext) => Promise<AuthorizationCheck[]> | AuthorizationCheck[];

/**
 * Every implemented operation has an entry; an operation that needs no permission (sts:GetCallerIdentity)
 * says so with an entry returning no checks. Rampart refuses to start with a handler that has no entry.
 */
export type AuthorizationTable<S extends ServiceId> = {
  [Op in keyof ServiceOperations[S]]?: ServiceOperations[S][Op] extends { input: infer I } ? OperationAuthorization<I> : never;
};

/** No permission needed (AWS answers these for any authenticated caller). */
export const noAuthorization = (): AuthorizationCheck[] => [];
