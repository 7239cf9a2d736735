// EnableKey and DisableKey: between Enabled and Disabled only (a key pending import or deletion
// answers KMSInvalidStateException). Disabling a key keeps its rotation schedule; rotation skips it.
import type { DisableKeyRequest, EnableKeyRequest } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { saveKey } from './key-record.js';
import { assertKeyState } from './key-states.js';

export function EnableKey(_input: EnableKeyRequest, ctx: HandlerContext): Record<string, never> {
  const loaded = checkedKey(ctx);
  assertKeyState(loaded.record, 'enabled-or-disabled');
  if (loaded.record.state !== 'Enabled') {
    loaded.record.state = 'Enabled';
    saveKey(ctx.tx, loaded);
  }
  return {};
}

export function DisableKey(_input: DisableKeyRequest, ctx: HandlerContext): Record<string, never> {
  const loaded = checkedKey(ctx);
  assertKeyState(loaded.record, 'enabled-or-disabled');
  if (loaded.record.state !== 'Disabled') {
    loaded.record.state = 'Disabled';
    saveKey(ctx.tx, loaded);
  }
  return {};
}
