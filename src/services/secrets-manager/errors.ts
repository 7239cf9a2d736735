// Secrets Manager's errors with AWS's wording. Handlers throw these by AWS code; the protocol layer
// finds the wire code and status in the model. Messages never carry a secret value.
import { AwsError } from '../../errors.js';

export const secretNotFound = () => new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

export const valueNotFound = (by: 'VersionId' | 'staging label', value: string) =>
  new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${by}: ${value}`);

export const markedForDeletion = () =>
  new AwsError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");

export const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);
export const invalidRequest = (message: string) => new AwsError('InvalidRequestException', message);

export const onReplica = () =>
  invalidParameter("Operation not permitted on a replica secret. Call must be made in primary secret's region.");

export const bothValues = () => invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");

export const decryptionFailure = () =>
  new AwsError('DecryptionFailure', "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");

export const encryptionFailure = () =>
  new AwsError(
    'EncryptionFailure',
    "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state.",
  );

/** AWS managed keys only work in their own account, so a secret encrypted with one can't be read across accounts. */
export const crossAccountManagedKey = () =>
  invalidRequest("You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.");

export const versionExists = () => new AwsError('ResourceExistsException', "You can't modify an existing version, you can only create new versions.");

export const rotationInProgress = () => invalidRequest("A previous rotation isn't complete. That rotation will be reattempted.");

export const invalidNextToken = () => new AwsError('InvalidNextTokenException', 'The NextToken value is invalid.');

/** KMS errors met while encrypting (CreateSecret, PutSecretValue, ...) are answered as EncryptionFailure. */
export function asEncryptionFailure(error: unknown): never {
  if (error instanceof AwsError && KMS_KEY_ERRORS.has(error.code)) throw encryptionFailure();
  throw error;
}

/** KMS errors met while decrypting are answered as DecryptionFailure. */
export function asDecryptionFailure(error: unknown): never {
  if (error instanceof AwsError && KMS_KEY_ERRORS.has(error.code)) throw decryptionFailure();
  throw error;
}

const KMS_KEY_ERRORS = new Set([
  'NotFoundException',
  'DisabledException',
  'KMSInvalidStateException',
  'InvalidCiphertextException',
  'IncorrectKeyException',
  'InvalidKeyUsageException',
  'KeyUnavailableException',
  'InvalidArnException',
]);
