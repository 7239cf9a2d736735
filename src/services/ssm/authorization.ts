// What each Parameter Store operation must be authorized for (AWS Service Authorization Reference,
// "Actions, resources, and condition keys for AWS Systems Manager"): the ssm: action on the
// parameter's ARN (arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>),
// on the path's ARN for GetParametersByPath, on "*" for DescribeParameters, on the setting's ARN for
// the service settings; the condition keys ssm:Overwrite, ssm:Policies, ssm:Recursive,
// aws:RequestTag/*, aws:TagKeys and aws:ResourceTag/*; and for SecureStrings the KMS checks
// (kms:Encrypt, kms:GenerateDataKey, kms:Decrypt via ssm.<region>.amazonaws.com with the parameter's
// encryption context). Entries resolve what the request names and leave it for the handler.
import type { AuthorizationTable } from '../authorization.js';
import { authorizeDeleteParameter, authorizeDeleteParameters } from './delete-parameter.js';
import type { SsmDeps } from './deps.js';
import { authorizeDescribeParameters } from './describe-parameters.js';
import { authorizeGetParameterHistory } from './get-parameter-history.js';
import { authorizeGetParameter, authorizeGetParameters } from './get-parameter.js';
import { authorizeGetParametersByPath } from './get-parameters-by-path.js';
import { authorizeLabelParameterVersion, authorizeUnlabelParameterVersion } from './label-parameter-version.js';
import { authorizePutParameter } from './put-parameter.js';
import { authorizeGetServiceSetting, authorizeResetServiceSetting, authorizeUpdateServiceSetting } from './service-setting-operations.js';
import { authorizeAddTags, authorizeListTags, authorizeRemoveTags } from './tag-operations.js';

export function ssmAuthorization(deps: SsmDeps): AuthorizationTable<'ssm'> {
  return {
    PutParameter: authorizePutParameter(deps),
    GetParameter: authorizeGetParameter(deps),
    GetParameters: authorizeGetParameters(deps),
    GetParametersByPath: authorizeGetParametersByPath(deps),
    DescribeParameters: authorizeDescribeParameters,
    GetParameterHistory: authorizeGetParameterHistory(deps),
    DeleteParameter: authorizeDeleteParameter(deps),
    DeleteParameters: authorizeDeleteParameters(deps),
    LabelParameterVersion: authorizeLabelParameterVersion(deps),
    UnlabelParameterVersion: authorizeUnlabelParameterVersion(deps),
    AddTagsToResource: authorizeAddTags(deps),
    RemoveTagsFromResource: authorizeRemoveTags(deps),
    ListTagsForResource: authorizeListTags(deps),
    GetServiceSetting: authorizeGetServiceSetting,
    UpdateServiceSetting: authorizeUpdateServiceSetting,
    ResetServiceSetting: authorizeResetServiceSetting,
  };
}
