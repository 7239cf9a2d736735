// CreateAccount, DescribeCreateAccountStatus, ListCreateAccountStatus. As in AWS, CreateAccount is
// asynchronous: it records the request IN_PROGRESS and answers at once; a scheduler job then makes the
// account (or fails the request, e.g. EMAIL_ALREADY_EXISTS) in one transaction, and the status turns
// SUCCEEDED with the new AccountId. The job is due immediately and the worker that took the request
// starts a scheduler pass once the request has committed, so the account is usually ready within
// milliseconds; any worker's regular pass picks the job up otherwise.
import type {
  CreateAccountRequest,
  CreateAccountResponse,
  DescribeCreateAccountStatusRequest,
  DescribeCreateAccountStatusResponse,
  ListCreateAccountStatusRequest,
  ListCreateAccountStatusResponse,
} from '../../generated/organizations/types.js';
import type { Logger } from '../../logging.js';
import type { JobHandler, Scheduler } from '../../scheduler/scheduler.js';
import type { Transaction } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { managementOrganization } from './context.js';
import { constraintViolation, createAccountStatusNotFound } from './errors.js';
import { newCreateAccountRequestId } from './ids.js';
import { MAX_ACCOUNTS } from './limits.js';
import { createAccessRole, createMemberAccount, DEFAULT_ROLE_NAME, unusedAccountId } from './member-account.js';
import { defaultAttachments, indexDefaultAttachments } from './organization.js';
import { nextTokenField, paginate } from './pagination.js';
import {
  accountIndexPrefix,
  createAccountPrefix,
  emailKey,
  findCreateAccount,
  findOrganization,
  listValues,
  saveAccountIndex,
  saveCreateAccount,
  saveMember,
  type CreateAccountRecord,
  type OrganizationRecord,
} from './records.js';
import { createAccountStatusShape } from './shapes.js';
import { checkTags } from './tags.js';

export const CREATE_ACCOUNT_JOB = 'organizations/create-account';

export interface CreateAccountDeps {
  scheduler: Pick<Scheduler, 'schedule' | 'runDue'>;
  logger: Logger;
}

export function createAccountHandler(deps: CreateAccountDeps) {
  return async function CreateAccount(input: CreateAccountRequest, ctx: HandlerContext): Promise<CreateAccountResponse> {
    const { tx } = ctx;
    const { org } = await managementOrganization(tx, ctx);
    const tags = checkTags(input.Tags);
    const members = await tx.list({ prefix: accountIndexPrefix(org.id) });
    const pending = (await listValues<CreateAccountRecord>(tx, createAccountPrefix(org.id))).filter((r) => r.state === 'IN_PROGRESS');
    if (members.length + pending.length >= MAX_ACCOUNTS) throw constraintViolation('ACCOUNT_NUMBER_LIMIT_EXCEEDED');
    const request: CreateAccountRecord = {
      id: newCreateAccountRequestId(),
      accountName: input.AccountName,
      email: input.Email,
      roleName: input.RoleName ?? DEFAULT_ROLE_NAME,
      tags,
      state: 'IN_PROGRESS',
      requestedAt: ctx.now,
      partition: ctx.partition,
    };
    saveCreateAccount(tx, org.id, request);
    await deps.scheduler.schedule(tx, {
      id: `${CREATE_ACCOUNT_JOB}/${request.id}`,
      type: CREATE_ACCOUNT_JOB,
      dueAt: ctx.now,
      payload: { organizationId: org.id, requestId: request.id },
    });
    tx.afterCommit(() => {
      deps.scheduler.runDue().catch((error: unknown) => deps.logger.error({ err: error, requestId: request.id }, 'could not run the account creation'));
    });
    return { CreateAccountStatus: createAccountStatusShape(request) };
  };
}

/** Makes the account a request asked for, or fails the request as AWS would; in the caller's transaction. */
export async function completeCreateAccount(tx: Transaction, org: OrganizationRecord, request: CreateAccountRecord, now: number): Promise<void> {
  if (await tx.get(emailKey(request.email))) {
    saveCreateAccount(tx, org.id, { ...request, state: 'FAILED', failureReason: 'EMAIL_ALREADY_EXISTS', completedAt: now });
    return;
  }
  const accountId = await unusedAccountId(tx);
  createMemberAccount(tx, { accountId, name: request.accountName, now });
  createAccessRole(tx, { accountId, roleName: request.roleName, managementAccountId: org.managementAccountId, partition: request.partition, now });
  saveMember(tx, {
    accountId,
    organizationId: org.id,
    management: false,
    name: request.accountName,
    email: request.email,
    joinedMethod: 'CREATED',
    joinedAt: now,
    parentId: org.rootId,
    path: [org.rootId],
    policies: defaultAttachments(org.enabledPolicyTypes),
    tags: request.tags,
  });
  saveAccountIndex(tx, org.id, accountId, org.rootId);
  indexDefaultAttachments(tx, org.id, org.enabledPolicyTypes, accountId);
  tx.put(emailKey(request.email), { accountId });
  saveCreateAccount(tx, org.id, { ...request, state: 'SUCCEEDED', accountId, completedAt: now });
}

export const createAccountJob: JobHandler = async (job, jobCtx) => {
  const { organizationId, requestId } = job.payload as { organizationId: string; requestId: string };
  await jobCtx.store.transaction(async (tx) => {
    const request = await findCreateAccount(tx, organizationId, requestId);
    const org = await findOrganization(tx, organizationId);
    if (org && request?.state === 'IN_PROGRESS') await completeCreateAccount(tx, org, request, jobCtx.now);
    await jobCtx.complete(tx);
  });
};

export async function DescribeCreateAccountStatus(input: DescribeCreateAccountStatusRequest, ctx: HandlerContext): Promise<DescribeCreateAccountStatusResponse> {
  const { org } = await managementOrganization(ctx.tx, ctx);
  const request = await findCreateAccount(ctx.tx, org.id, input.CreateAccountRequestId);
  if (!request) throw createAccountStatusNotFound();
  return { CreateAccountStatus: createAccountStatusShape(request) };
}

export async function ListCreateAccountStatus(input: ListCreateAccountStatusRequest, ctx: HandlerContext): Promise<ListCreateAccountStatusResponse> {
  const { org } = await managementOrganization(ctx.tx, ctx);
  const states = input.States?.length ? new Set(input.States) : undefined;
  // Oldest first; the sort key is also the paging key.
  const sortKey = (r: CreateAccountRecord) => `${String(r.requestedAt).padStart(15, '0')}/${r.id}`;
  const requests = (await listValues<CreateAccountRecord>(ctx.tx, createAccountPrefix(org.id)))
    .filter((r) => !states || states.has(r.state))
    .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  const page = paginate(requests, sortKey, input.NextToken, input.MaxResults);
  return { CreateAccountStatuses: page.items.map(createAccountStatusShape), ...nextTokenField(page) };
}
