// GetParametersByPath: the parameters one level under a path, or every level with Recursive, filtered
// by Type, KeyId or Label, ten at a time. It is authorized on the path's ARN (ssm:GetParametersByPath,
// with ssm:Recursive): access to a path reaches every level below it, as AWS documents. Reading
// WithDecryption adds a kms:Decrypt check for each SecureString of the page.
import { AwsError } from '../../errors.js';
import type { GetParametersByPathRequest, GetParametersByPathResult, Parameter } from '../../generated/ssm/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import type { SsmDeps } from './deps.js';
import { compileParameterFilters, matches } from './filters.js';
import { arnPrefix, parametersPrefix, pathRanges, publicParameterArn, validatePath } from './names.js';
import { decodeToken, encodeToken, invalidNextToken, scanRanges } from './pagination.js';
import { isPublicName, publicParametersByPath } from './public-parameters.js';
import { placeOf, versionOutput } from './reads.js';
import type { ParameterRecord } from './records.js';
import { authorizeOpen } from './secure-string.js';

interface PathPage {
  items: { record: ParameterRecord; decrypt?: AuthorizationCheck }[];
  public?: Parameter[];
  nextToken?: string;
}

export function authorizeGetParametersByPath(deps: SsmDeps) {
  return async (input: GetParametersByPathRequest, ctx: AuthorizationContext): Promise<AuthorizationCheck[]> => {
    const place = placeOf(ctx);
    const path = validatePath(input.Path);
    if (/^\/ssm(\/|$)/i.test(path) || (/^\/aws(\/|$)/i.test(path) && !/^\/aws\/service(\/|$)/.test(path))) {
      throw new AwsError(
        'ValidationException',
        'Parameter path: can\'t be prefixed with "aws" or "ssm" (case-insensitive) except global parameter name path prefixed with "aws" (case-sensitive). It should always begin with / symbol.It consists of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
      );
    }
    const filters = compileParameterFilters(input.ParameterFilters, 'by-path');
    const recursive = input.Recursive === true;
    const max = input.MaxResults ?? 10;
    const context = { 'ssm:Recursive': String(recursive) };

    if (isPublicName(`${path}/`)) {
      // The public namespace: data, not storage; paged by name.
      const after = decodeToken('public-path', input.NextToken);
      const all = publicParametersByPath(ctx.region, path, recursive).filter((p) =>
        filters.every((f) => (f.key === 'Type' ? f.values.some((v) => (f.option === 'Equals' ? p.type === v : p.type.startsWith(v))) : false)),
      );
      const rest = after === undefined ? all : all.filter((p) => p.name > after);
      const page = rest.slice(0, max);
      const plan: PathPage = {
        items: [],
        public: page.map((p) => ({ Name: p.name, Type: p.type, Value: p.value, Version: p.version, LastModifiedDate: new Date(p.modifiedAt), ARN: publicParameterArn(place, p.name), DataType: p.dataType })),
      };
      if (rest.length > max) plan.nextToken = encodeToken('public-path', page[page.length - 1]!.name);
      deps.plans.set(ctx.tx, plan);
      return [{ action: 'ssm:GetParametersByPath', resource: { arn: publicParameterArn(place, path), accountId: '' }, context }];
    }

    const after = decodeToken('path', input.NextToken);
    if (after !== undefined && !after.startsWith(parametersPrefix(place))) throw invalidNextToken();
    const scan = await scanRanges(ctx.tx, pathRanges(place, path, recursive), after, max, (row) => {
      const record = row.value as unknown as ParameterRecord;
      return matches(record, filters) ? record : undefined;
    });
    const plan: PathPage = { items: [] };
    const checks: AuthorizationCheck[] = [
      { action: 'ssm:GetParametersByPath', resource: { arn: arnPrefix(place) + path.slice(1), accountId: ctx.accountId }, context },
    ];
    for (const record of scan.items) {
      const item: PathPage['items'][number] = { record };
      if (input.WithDecryption === true && record.current.type === 'SecureString') {
        item.decrypt = await authorizeOpen(deps.kms, ctx, record.current.value, arnPrefix(place) + record.name.replace(/^\//, ''));
        checks.push(item.decrypt);
      }
      plan.items.push(item);
    }
    if (scan.resumeAfter !== undefined) plan.nextToken = encodeToken('path', scan.resumeAfter);
    deps.plans.set(ctx.tx, plan);
    return checks;
  };
}

export function getParametersByPath(deps: SsmDeps) {
  return async (_input: GetParametersByPathRequest, ctx: HandlerContext): Promise<GetParametersByPathResult> => {
    const plan = deps.plans.get<PathPage>(ctx.tx);
    const place = placeOf(ctx);
    const parameters = plan.public ?? [];
    for (const item of plan.items) parameters.push(await versionOutput(deps, place, item.record.name, item.record.current, item.decrypt));
    return plan.nextToken === undefined ? { Parameters: parameters } : { Parameters: parameters, NextToken: plan.nextToken };
  };
}
