// AWS Security Token Service (query protocol).
import type { Keyring } from '../../crypto/keyring.js';
import { AccessKeys } from '../../identity/access-keys.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import { defineService } from '../types.js';
import { assumeRoleHandler } from './assume-role.js';
import { stsAuthorization } from './authorization.js';
import { CLEANUP_JOB, TemporaryCredentials } from './credentials.js';
import { decodeAuthorizationMessageHandler } from './decode-authorization-message.js';
import { GetAccessKeyInfo } from './get-access-key-info.js';
import { GetCallerIdentity } from './get-caller-identity.js';
import { getSessionTokenHandler } from './get-session-token.js';

export interface StsServiceDeps {
  keyring: Keyring;
  scheduler: Pick<Scheduler, 'schedule'>;
}

export function createStsService(deps: StsServiceDeps) {
  const accessKeys = new AccessKeys(deps.keyring);
  const credentials = new TemporaryCredentials(accessKeys, deps.scheduler);
  return defineService({
    id: 'sts',
    handlers: {
      GetCallerIdentity,
      AssumeRole: assumeRoleHandler(credentials),
      GetSessionToken: getSessionTokenHandler(deps.keyring, credentials),
      GetAccessKeyInfo,
      DecodeAuthorizationMessage: decodeAuthorizationMessageHandler(deps.keyring),
    },
    authorization: stsAuthorization(deps.keyring),
    jobs: {
      // Expired temporary credentials answer ExpiredToken for a week, then their record goes.
      async [CLEANUP_JOB](job, ctx) {
        const { accessKeyId } = job.payload as { accessKeyId: string };
        await ctx.store.transaction(async (tx) => {
          accessKeys.delete(tx, accessKeyId, ctx.now);
          await ctx.complete(tx);
        });
      },
    },
  });
}

export { encodeAuthorizationMessage, type AuthorizationDetails } from './authorization-message.js';
