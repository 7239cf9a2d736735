// DecodeAuthorizationMessage: the details of a denial whose message was encoded in this account.
import type { Keyring } from '../../crypto/keyring.js';
import { AwsError } from '../../errors.js';
import type { DecodeAuthorizationMessageRequest, DecodeAuthorizationMessageResponse } from '../../generated/sts/types.js';
import type { HandlerContext } from '../types.js';
import { decodeAuthorizationMessage } from './authorization-message.js';

export function decodeAuthorizationMessageHandler(keyring: Keyring) {
  return function DecodeAuthorizationMessage(input: DecodeAuthorizationMessageRequest, ctx: HandlerContext): DecodeAuthorizationMessageResponse {
    const decoded = decodeAuthorizationMessage(keyring, ctx.accountId, input.EncodedMessage);
    if (decoded === undefined) throw new AwsError('InvalidAuthorizationMessageException', 'The encoded authorization message is invalid.');
    return { DecodedMessage: decoded };
  };
}
