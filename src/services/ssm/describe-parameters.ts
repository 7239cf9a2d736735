// DescribeParameters: the metadata of the account's parameters in the Region, filtered by
// ParameterFilters (Name, Type, KeyId, Path, Tier, DataType, tag:<key>) or the older Filters (Name,
// Type, KeyId), up to 50 a page. Authorized on "*" (ssm:DescribeParameters), as AWS does. A single
// Path filter narrows the scan to that part of the hierarchy. Shared lists parameters other accounts
// shared with this one; Rampart has no resource sharing, so there are none.
import { AwsError } from '../../errors.js';
import type { DescribeParametersRequest, DescribeParametersResult } from '../../generated/ssm/types.js';
import type { AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { compileLegacyFilters, compileParameterFilters, matches } from './filters.js';
import { parametersPrefix, pathRanges } from './names.js';
import { decodeToken, encodeToken, invalidNextToken, scanRanges } from './pagination.js';
import { metadataOutput, placeOf } from './reads.js';
import type { ParameterRecord } from './records.js';

export const authorizeDescribeParameters = (input: DescribeParametersRequest, ctx: AuthorizationContext) => {
  if (input.Filters && input.ParameterFilters) {
    throw new AwsError('ValidationException', 'You can use either Filters or ParameterFilters in a single request.');
  }
  return [{ action: 'ssm:DescribeParameters', resource: { arn: '*', accountId: ctx.accountId } }];
};

export async function DescribeParameters(input: DescribeParametersRequest, ctx: HandlerContext): Promise<DescribeParametersResult> {
  const place = placeOf(ctx);
  const filters = input.ParameterFilters ? compileParameterFilters(input.ParameterFilters, 'describe') : compileLegacyFilters(input.Filters);
  const after = decodeToken('describe', input.NextToken);
  if (after !== undefined && !after.startsWith(parametersPrefix(place))) throw invalidNextToken();
  if (input.Shared === true) return { Parameters: [] };

  const path = filters.find((f) => f.key === 'Path');
  const ranges = path && path.values.length === 1 ? pathRanges(place, path.values[0]!, path.option === 'Recursive') : [parametersPrefix(place)];
  const scan = await scanRanges(ctx.tx, ranges, after, input.MaxResults ?? 50, (row) => {
    const record = row.value as unknown as ParameterRecord;
    return matches(record, filters) ? record : undefined;
  });
  const result: DescribeParametersResult = { Parameters: scan.items.map((record) => metadataOutput(place, record)) };
  if (scan.resumeAfter !== undefined) result.NextToken = encodeToken('describe', scan.resumeAfter);
  return result;
}
