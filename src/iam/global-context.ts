// The global condition keys (aws:...) of a request, built one way for the request pipeline and the
// policy simulator. Keys AWS leaves out in a situation are left out here too (aws:username exists only
// for IAM users, aws:MultiFactorAuthPresent only for temporary credentials, aws:TokenIssueTime only
// for sessions), because "missing" is what IfExists, Null and the negated operators test.
import type { ContextValue, EvaluationPrincipal } from './types.js';

export interface GlobalContextInput {
  principal: EvaluationPrincipal;
  /** The principal's unique id: the account id for the root user, AIDA... for users, AROA...:session for roles. */
  principalId?: string;
  /** The IAM user's name (aws:username exists only for IAM users). */
  userName?: string;
  /** Tags of the user, or of the role together with the session's tags. */
  principalTags?: Readonly<Record<string, string>>;
  /** The organization of the principal's account, and its paths (o-xxx/r-xxx/ou-xxx/). */
  organizationId?: string;
  organizationPaths?: readonly string[];
  /** The request's time (ms since the epoch, or a Date). */
  now: number | Date;
  sourceIp?: string;
  /** The request came over TLS. */
  secureTransport: boolean;
  requestedRegion?: string;
  /** Tags the request sets (aws:RequestTag/<key>; their keys are aws:TagKeys). */
  requestTags?: Readonly<Record<string, string>>;
  /** Tags of the resource acted on (aws:ResourceTag/<key>). */
  resourceTags?: Readonly<Record<string, string>>;
  /** The account that owns the resource (aws:ResourceAccount). */
  resourceAccount?: string;
  /** The credentials are temporary (a session). */
  temporaryCredentials?: boolean;
  /** For temporary credentials: whether MFA was used, and how long ago (seconds). */
  multiFactorAuthenticated?: boolean;
  multiFactorAuthAgeSeconds?: number;
  /** For sessions: when the credentials were issued. */
  tokenIssueTime?: number | Date;
  /** Services that made this request on the caller's behalf, first to last (forward access sessions). */
  calledVia?: readonly string[];
  /** For a service acting for a resource: the resource's account and ARN. */
  sourceAccount?: string;
  sourceArn?: string;
  sourceIdentity?: string;
  userAgent?: string;
}

const PRINCIPAL_TYPES: Partial<Record<EvaluationPrincipal['kind'], string>> = {
  Root: 'Account',
  IAMUser: 'User',
  AssumedRole: 'AssumedRole',
  FederatedUser: 'FederatedUser',
  Anonymous: 'Anonymous',
};

const toDate = (time: number | Date) => (time instanceof Date ? time : new Date(time));

/** The global condition keys for a request. Values keep their types; the evaluator converts per operator. */
export function globalContext(input: GlobalContextInput): Record<string, ContextValue> {
  const { principal } = input;
  const context: Record<string, ContextValue> = {};
  const set = (key: string, value: ContextValue | undefined) => {
    if (value !== undefined) context[key] = value;
  };
  const now = toDate(input.now);
  set('aws:CurrentTime', now.toISOString());
  set('aws:EpochTime', Math.floor(now.getTime() / 1000));
  set('aws:SecureTransport', input.secureTransport);
  set('aws:SourceIp', input.sourceIp);
  set('aws:RequestedRegion', input.requestedRegion);
  set('aws:UserAgent', input.userAgent);

  const isService = principal.kind === 'AWSService';
  set('aws:PrincipalIsAWSService', isService);
  if (isService) set('aws:PrincipalServiceName', principal.service);
  if (!isService && principal.kind !== 'Anonymous') {
    set('aws:PrincipalArn', principal.kind === 'AssumedRole' ? (principal.roleArn ?? principal.arn) : principal.arn);
    set('aws:PrincipalAccount', principal.accountId);
    set('aws:userid', input.principalId ?? (principal.kind === 'Root' ? principal.accountId : undefined));
    if (principal.kind === 'IAMUser') set('aws:username', input.userName);
    set('aws:PrincipalOrgID', input.organizationId);
    if (input.organizationPaths?.length) set('aws:PrincipalOrgPaths', [...input.organizationPaths]);
    for (const [key, value] of Object.entries(input.principalTags ?? {})) set(`aws:PrincipalTag/${key}`, value);
  }
  set('aws:PrincipalType', PRINCIPAL_TYPES[principal.kind]);

  if (input.temporaryCredentials) {
    set('aws:MultiFactorAuthPresent', input.multiFactorAuthenticated === true);
    if (input.tokenIssueTime !== undefined) set('aws:TokenIssueTime', toDate(input.tokenIssueTime).toISOString());
  }
  if (input.multiFactorAuthenticated && input.multiFactorAuthAgeSeconds !== undefined) {
    set('aws:MultiFactorAuthAge', input.multiFactorAuthAgeSeconds);
  }
  set('aws:SourceIdentity', input.sourceIdentity);

  const requestTags = Object.entries(input.requestTags ?? {});
  for (const [key, value] of requestTags) set(`aws:RequestTag/${key}`, value);
  if (requestTags.length > 0) set('aws:TagKeys', requestTags.map(([key]) => key));
  for (const [key, value] of Object.entries(input.resourceTags ?? {})) set(`aws:ResourceTag/${key}`, value);
  set('aws:ResourceAccount', input.resourceAccount);

  const calledVia = input.calledVia ?? [];
  set('aws:ViaAWSService', calledVia.length > 0);
  if (calledVia.length > 0) {
    set('aws:CalledVia', [...calledVia]);
    set('aws:CalledViaFirst', calledVia[0]);
    set('aws:CalledViaLast', calledVia[calledVia.length - 1]);
  }
  set('aws:SourceAccount', input.sourceAccount);
  set('aws:SourceArn', input.sourceArn);
  return context;
}
