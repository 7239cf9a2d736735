// GetParameterHistory: every retained version of a parameter, oldest first, with its labels, up to
// 50 a page. Reading WithDecryption adds a kms:Decrypt check for each SecureString version of the page.
import type { GetParameterHistoryRequest, GetParameterHistoryResult } from '../../generated/ssm/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import type { SsmDeps } from './deps.js';
import { parameterArn, parseNameReference } from './names.js';
import { decodeToken, encodeToken, invalidNextToken } from './pagination.js';
import { historyOutput, parameterNotFound, placeOf } from './reads.js';
import { loadParameter, loadVersions, type ParameterRecord, type VersionRecord } from './records.js';
import { authorizeOpen } from './secure-string.js';
import { resourceTags } from './tags.js';

interface HistoryPage {
  record?: ParameterRecord;
  versions: { version: VersionRecord; decrypt?: AuthorizationCheck }[];
  nextToken?: string;
}

export function authorizeGetParameterHistory(deps: SsmDeps) {
  return async (input: GetParameterHistoryRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> => {
    const place = placeOf(ctx);
    const reference = parseNameReference(input.Name, place, { selectors: false });
    const after = decodeToken('history', input.NextToken);
    if (after !== undefined && !/^\d+$/.test(after)) throw invalidNextToken();
    const loaded = reference.foreign ? undefined : await loadParameter(ctx.tx, place, reference.name);
    const plan: HistoryPage = deps.plans.set(ctx.tx, { versions: [] });
    if (!loaded) return [{ action: 'ssm:GetParameterHistory', resource: { arn: parameterArn(place, reference.name), accountId: ctx.accountId } }];
    const record = loaded.record;
    plan.record = record;
    const arn = parameterArn(place, record.name);
    const checks: AuthorizationCheck[] = [{ action: 'ssm:GetParameterHistory', resource: { arn, accountId: ctx.accountId, tags: resourceTags(record.tags) } }];
    const max = input.MaxResults ?? 50;
    const versions = await loadVersions(ctx.tx, place, record.name, { afterVersion: after === undefined ? undefined : Number(after), limit: max + 1 });
    for (const version of versions.slice(0, max)) {
      const item: HistoryPage['versions'][number] = { version };
      if (input.WithDecryption === true && version.type === 'SecureString') {
        item.decrypt = await authorizeOpen(deps.kms, ctx, version.value, arn);
        checks.push(item.decrypt);
      }
      plan.versions.push(item);
    }
    if (versions.length > max) plan.nextToken = encodeToken('history', String(versions[max - 1]!.version));
    return checks;
  };
}

export function getParameterHistory(deps: SsmDeps) {
  return async (_input: GetParameterHistoryRequest, ctx: HandlerContext): Promise<GetParameterHistoryResult> => {
    const plan = deps.plans.get<HistoryPage>(ctx.tx);
    if (!plan.record) throw parameterNotFound();
    const place = placeOf(ctx);
    const parameters = [];
    for (const item of plan.versions) parameters.push(await historyOutput(deps, place, plan.record, item.version, item.decrypt));
    return plan.nextToken === undefined ? { Parameters: parameters } : { Parameters: parameters, NextToken: plan.nextToken };
  };
}
