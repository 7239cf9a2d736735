import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from '../../identity/base32.js';
import { findConsecutive, findCounter, hotp, totp } from './totp.js';

// RFC 4226 appendix D and RFC 6238 appendix B test vectors (SHA-1, secret "12345678901234567890").
const secret = Buffer.from('12345678901234567890', 'ascii');

describe('HOTP/TOTP', () => {
  it('matches RFC 4226 HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((code, counter) => expect(hotp(secret, counter)).toBe(code));
  });
  it('matches RFC 6238 TOTP values truncated to 6 digits', () => {
    expect(totp(secret, 59_000)).toBe('287082');
    expect(totp(secret, 1111111109_000)).toBe('081804');
    expect(totp(secret, 1234567890_000)).toBe('005924');
    expect(totp(secret, 2000000000_000)).toBe('279037');
  });
  it('finds counters and consecutive pairs in a window, and nothing outside it', () => {
    expect(findCounter(secret, hotp(secret, 7), 5, 9)).toBe(7);
    expect(findCounter(secret, hotp(secret, 12), 5, 9)).toBeUndefined();
    expect(findConsecutive(secret, hotp(secret, 3), hotp(secret, 4), 0, 5)).toBe(4);
    expect(findConsecutive(secret, hotp(secret, 4), hotp(secret, 3), 0, 5)).toBeUndefined();
  });
  it('round-trips base32 (RFC 4648 vectors)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(base32Decode('MZXW6YTBOI')!.toString()).toBe('foobar');
    expect(base32Decode('not base32!')).toBeUndefined();
  });
});
