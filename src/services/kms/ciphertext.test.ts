import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BLOB_OVERHEAD, decryptBlob, encryptBlob, parseBlob } from './ciphertext.js';

describe('the ciphertext blob', () => {
  const key = randomBytes(32);
  const header = { accountId: '111122223333', keyId: 'mrk-0123456789abcdef0123456789abcdef', version: 7 };

  it('names its account, key and backing-key version, and decrypts with the same context', () => {
    const blob = encryptBlob(key, header, Buffer.from('hello'), { b: '2', a: '1' });
    expect(blob).toHaveLength(BLOB_OVERHEAD + 5);
    const parsed = parseBlob(blob)!;
    expect(parsed).toMatchObject(header);
    expect(decryptBlob(key, parsed, { a: '1', b: '2' }).toString()).toBe('hello');
  });

  it('fails with InvalidCiphertextException for another context, another key, or any changed byte', () => {
    const blob = encryptBlob(key, header, Buffer.from('hello'), { a: '1' });
    const invalid = expect.objectContaining({ code: 'InvalidCiphertextException' });
    expect(() => decryptBlob(key, parseBlob(blob)!, { a: '2' })).toThrow(invalid);
    expect(() => decryptBlob(key, parseBlob(blob)!, undefined)).toThrow(invalid);
    expect(() => decryptBlob(randomBytes(32), parseBlob(blob)!, { a: '1' })).toThrow(invalid);
    for (const offset of [1, 20, 50, 60, 70, BLOB_OVERHEAD]) {
      const changed = Buffer.from(blob);
      changed[offset] ^= 1;
      const parsed = parseBlob(changed);
      if (parsed) expect(() => decryptBlob(key, parsed, { a: '1' })).toThrow(invalid);
    }
  });

  it('does not parse bytes that are not a blob', () => {
    expect(parseBlob(Buffer.from('short'))).toBeUndefined();
    expect(parseBlob(randomBytes(200))).toBeUndefined();
  });
});
