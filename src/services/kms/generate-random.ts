import { randomBytes } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type { GenerateRandomRequest, GenerateRandomResponse } from '../../generated/kms/types.js';

export function GenerateRandom(input: GenerateRandomRequest): GenerateRandomResponse {
  if (input.CustomKeyStoreId !== undefined) {
    throw new AwsError('CustomKeyStoreNotFoundException', `Custom key store ${input.CustomKeyStoreId} does not exist.`);
  }
  if (input.Recipient !== undefined) {
    // A Recipient asks for the bytes encrypted to a Nitro Enclave's attested key: no enclaves here.
    throw new AwsError('ValidationException', 'Recipient is supported only for requests from a Nitro enclave.');
  }
  if (input.NumberOfBytes === undefined) {
    throw new AwsError('ValidationException', 'Please specify the number of bytes to generate (NumberOfBytes).');
  }
  return { Plaintext: randomBytes(input.NumberOfBytes) };
}
