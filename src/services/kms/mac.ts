// GenerateMac and VerifyMac: HMAC (RFC 2104) with an HMAC key's material, with the one MAC algorithm
// its key spec allows. VerifyMac answers KMSInvalidMacException for a MAC that does not match.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type { GenerateMacRequest, GenerateMacResponse, MacAlgorithmSpec, VerifyMacRequest, VerifyMacResponse } from '../../generated/kms/types.js';
import type { HandlerContext } from '../types.js';
import { checkedKey } from './conditions.js';
import { dryRunRefusal, incompatibleAlgorithm, usableKey } from './crypto-common.js';
import type { KmsDeps } from './deps.js';
import { currentMaterial, type LoadedKey } from './key-record.js';
import { hashOf, KEY_SPECS } from './key-specs.js';

function computeMac(loaded: LoadedKey, deps: KmsDeps, operation: string, algorithm: MacAlgorithmSpec, message: Uint8Array, dryRun: boolean | undefined): { mac: Buffer; keyArn: string } {
  const key = usableKey(loaded, 'GENERATE_VERIFY_MAC', operation);
  if (!(KEY_SPECS[key.keySpec].macAlgorithms ?? []).includes(algorithm)) throw incompatibleAlgorithm(algorithm, key);
  if (dryRun) throw dryRunRefusal();
  const opened = deps.materials.open(key, currentMaterial(loaded)!);
  if (opened?.kind !== 'secret') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending import.`);
  return { mac: createHmac(hashOf(algorithm), opened.key).update(message).digest(), keyArn: key.arn };
}

export function GenerateMac(input: GenerateMacRequest, ctx: HandlerContext, deps: KmsDeps): GenerateMacResponse {
  const { mac, keyArn } = computeMac(checkedKey(ctx), deps, 'GenerateMac', input.MacAlgorithm, input.Message, input.DryRun);
  return { Mac: mac, MacAlgorithm: input.MacAlgorithm, KeyId: keyArn };
}

export function VerifyMac(input: VerifyMacRequest, ctx: HandlerContext, deps: KmsDeps): VerifyMacResponse {
  const { mac, keyArn } = computeMac(checkedKey(ctx), deps, 'VerifyMac', input.MacAlgorithm, input.Message, input.DryRun);
  const given = Buffer.from(input.Mac);
  if (given.length !== mac.length || !timingSafeEqual(given, mac)) throw new AwsError('KMSInvalidMacException', '');
  return { KeyId: keyArn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
}
