import { describe, expect, test } from 'vitest';
import { byteOrder, prng } from './conformance.js';
import { assertKey, compareKeys, inRange, prefixSuccessor, rangeOf, serializeValue } from './keys.js';
import { MAX_KEY_BYTES, StorageError } from './types.js';

// Code points from every UTF-8 length class, the surrogate boundary and the private-use area,
// where UTF-16 order and UTF-8 order disagree.
const POINTS = [0x01, 0x2f, 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10fffe, 0x10ffff];

function randomString(rand: () => number, max = 5): string {
  let s = '';
  const n = Math.floor(rand() * (max + 1));
  for (let i = 0; i < n; i++) s += String.fromCodePoint(POINTS[Math.floor(rand() * POINTS.length)]!);
  return s;
}

describe('compareKeys', () => {
  test('agrees with UTF-8 byte order on random strings', () => {
    const rand = prng(1);
    for (let i = 0; i < 20_000; i++) {
      const a = randomString(rand);
      const b = rand() < 0.2 ? a + randomString(rand, 2) : randomString(rand);
      expect(Math.sign(compareKeys(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(Math.sign(byteOrder(a, b)));
    }
  });
});

describe('prefixSuccessor', () => {
  test('bounds exactly the strings that start with the prefix', () => {
    const rand = prng(2);
    for (let i = 0; i < 5_000; i++) {
      const p = randomString(rand, 3);
      const s = rand() < 0.5 ? p + randomString(rand, 3) : randomString(rand, 4);
      const succ = prefixSuccessor(p);
      const inside = byteOrder(s, p) >= 0 && (succ === undefined || byteOrder(s, succ) < 0);
      expect(inside, `${JSON.stringify(s)} under ${JSON.stringify(p)}`).toBe(s.startsWith(p));
    }
  });

  test('skips the surrogate range and has no successor for all-U+10FFFF', () => {
    expect(prefixSuccessor('a\uD7FF')).toBe('a\uE000');
    expect(prefixSuccessor('a\u{10FFFF}')).toBe('b');
    expect(prefixSuccessor('\u{10FFFF}\u{10FFFF}')).toBeUndefined();
    expect(prefixSuccessor('')).toBeUndefined();
  });
});

describe('rangeOf', () => {
  test('intersects the bounds; the exclusive one wins on a tie', () => {
    expect(rangeOf({ prefix: 'a/', start: 'a/m', after: 'a/m' })).toEqual({
      lower: { key: 'a/m', inclusive: false },
      upper: { key: 'a0', inclusive: false },
    });
    expect(rangeOf({ start: 'b', end: 'b' })).toBeUndefined();
    expect(rangeOf({ after: 'b', end: 'a' })).toBeUndefined();
    expect(rangeOf({})).toEqual({});
    expect(rangeOf({ prefix: '' })).toEqual({});
  });

  test('inRange matches the model on random bounds', () => {
    const rand = prng(3);
    for (let i = 0; i < 5_000; i++) {
      const o = { start: randomString(rand, 2), end: randomString(rand, 2), after: randomString(rand, 2) };
      const k = randomString(rand, 3);
      const range = rangeOf(o);
      const expected = byteOrder(k, o.start) >= 0 && byteOrder(k, o.end) < 0 && byteOrder(k, o.after) > 0;
      expect(range !== undefined && inRange(range, k)).toBe(expected);
    }
  });
});

describe('validation', () => {
  test('keys', () => {
    expect(() => assertKey('x'.repeat(MAX_KEY_BYTES))).not.toThrow();
    expect(() => assertKey('\u{1F600}'.repeat(MAX_KEY_BYTES / 4))).not.toThrow();
    expect(() => assertKey('\u{1F600}'.repeat(MAX_KEY_BYTES / 4) + 'x')).toThrow(StorageError);
    expect(() => assertKey('ok\uD83D\uDE00')).not.toThrow();
    expect(() => assertKey('\uDE00\uD83D')).toThrow(/unpaired surrogate/);
    expect(() => assertKey(42 as unknown as string)).toThrow(StorageError);
  });

  test('values', () => {
    expect(serializeValue({ b: 1, a: [true, null] })).toBe('{"b":1,"a":[true,null]}');
    expect(() => serializeValue(10n as unknown as number)).toThrow(/cannot be serialized as JSON \(TypeError\)/);
    expect(() => serializeValue((() => 1) as unknown as number)).toThrow(StorageError);
    expect(() => serializeValue(-Infinity)).toThrow(/NaN or Infinity/);
  });
});
