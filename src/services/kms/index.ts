// AWS Key Management Service (json protocol).
import { defineService } from '../types.js';
import { GenerateRandom } from './generate-random.js';

export function createKmsService() {
  return defineService({
    id: 'kms',
    internalError: 'KMSInternalException',
    handlers: { GenerateRandom },
    authorization: { GenerateRandom: () => [{ action: 'kms:GenerateRandom', resource: { arn: '*', accountId: '' } }] },
  });
}
