// UpdateKeyDescription: any state but pending deletion.
import type { UpdateKeyDescriptionRequest } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { saveKey } from './key-record.js';
import { assertKeyState } from './key-states.js';

export function UpdateKeyDescription(input: UpdateKeyDescriptionRequest, ctx: HandlerContext): Record<string, never> {
  const loaded = checkedKey(ctx);
  assertKeyState(loaded.record, 'not-pending-deletion');
  loaded.record.description = input.Description;
  saveKey(ctx.tx, loaded);
  return {};
}
