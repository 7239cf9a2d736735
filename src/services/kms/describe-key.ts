// DescribeKey: the key's metadata (the authorization entry found the key, creating an AWS managed key
// for a predefined alias/aws/<service> alias, as AWS does).
import type { DescribeKeyRequest, DescribeKeyResponse } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { keyMetadata } from './key-metadata.js';

export function DescribeKey(_input: DescribeKeyRequest, ctx: HandlerContext): DescribeKeyResponse {
  return { KeyMetadata: keyMetadata(checkedKey(ctx)) };
}
