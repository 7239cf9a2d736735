// Alias names: AWS's rules and the reserved alias/aws/ prefix.
import { AwsError } from '../../errors.js';

export const MAX_ALIASES_PER_KEY = 50;

/** CreateAlias, UpdateAlias, DeleteAlias take alias names only (the model's pattern is checked before). */
export function validateAliasName(aliasName: string): void {
  if (!aliasName.startsWith('alias/')) {
    throw new AwsError('ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  if (aliasName.length === 'alias/'.length) throw new AwsError('InvalidAliasNameException', 'Alias name must have at least one character after "alias/".');
  if (aliasName.startsWith('alias/aws/') || aliasName === 'alias/aws') {
    throw new AwsError('InvalidAliasNameException', 'The alias/aws/ prefix is reserved for AWS managed keys.');
  }
}
