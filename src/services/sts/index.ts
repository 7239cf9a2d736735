// AWS Security Token Service (query protocol).
import { noAuthorization } from '../authorization.js';
import { defineService } from '../types.js';
import { GetCallerIdentity } from './get-caller-identity.js';

export function createStsService() {
  return defineService({
    id: 'sts',
    handlers: { GetCallerIdentity },
    // AWS answers GetCallerIdentity even when every action is denied.
    authorization: { GetCallerIdentity: noAuthorization },
  });
}
