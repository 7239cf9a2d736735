// Time-based one-time passwords as virtual MFA devices compute them: HOTP (RFC 4226) over HMAC-SHA1 with
// dynamic truncation to 6 digits, and TOTP (RFC 6238) with the counter = Unix time / 30 s.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;

export function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function timeStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);
}

export function totp(key: Uint8Array, nowMs: number): string {
  return hotp(key, timeStep(nowMs));
}

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The counter in [from, to] whose code is `code`, or undefined. */
export function findCounter(key: Uint8Array, code: string, from: number, to: number): number | undefined {
  for (let counter = from; counter <= to; counter++) {
    if (sameCode(hotp(key, counter), code)) return counter;
  }
  return undefined;
}

/** Two consecutive codes (EnableMFADevice, ResyncMFADevice): the counter of the second, or undefined. */
export function findConsecutive(key: Uint8Array, first: string, second: string, from: number, to: number): number | undefined {
  for (let counter = from; counter <= to; counter++) {
    if (sameCode(hotp(key, counter), first) && sameCode(hotp(key, counter + 1), second)) return counter + 1;
  }
  return undefined;
}
