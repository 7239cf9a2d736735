import { describe, expect, it } from 'vitest';
import { canonicalQuery, canonicalUri, decodeComponent, percentDecode, queryParams, recode, uriEncode } from './uri.js';

describe('uriEncode', () => {
  it('leaves unreserved characters and encodes everything else as upper-case UTF-8 escapes', () => {
    expect(uriEncode('AZaz09-._~')).toBe('AZaz09-._~');
    expect(uriEncode("a b/c+d*e!f'(g)")).toBe('a%20b%2Fc%2Bd%2Ae%21f%27%28g%29');
    expect(uriEncode('ሴ')).toBe('%E1%88%B4');
    expect(uriEncode('%41')).toBe('%2541');
  });
});

describe('recode', () => {
  it('returns canonical components unchanged', () => {
    const canonical = 'a%20b%2Fc%E1%88%B4';
    expect(recode(canonical, true)).toBe(canonical);
  });
  it('normalizes escapes of unreserved characters, lower-case hex and raw reserved characters', () => {
    expect(recode('%7e%41', false)).toBe('~A');
    expect(recode('%2f', false)).toBe('%2F');
    expect(recode('a:b@c', false)).toBe('a%3Ab%40c');
    expect(recode('ሴ', false)).toBe('%E1%88%B4');
  });
  it("reads '+' as a space only in queries", () => {
    expect(recode('a+b', true)).toBe('a%20b');
    expect(recode('a+b', false)).toBe('a%2Bb');
  });
  it("keeps a '%' that does not start an escape", () => {
    expect(recode('100%', false)).toBe('100%25');
    expect(recode('%zz', false)).toBe('%25zz');
  });
});

describe('percentDecode / decodeComponent', () => {
  it('decodes to bytes and text', () => {
    expect([...percentDecode('%FF%00a', false)]).toEqual([0xff, 0, 0x61]);
    expect(decodeComponent('AKID%2F20260101%2Fus-east-1', true)).toBe('AKID/20260101/us-east-1');
    expect(decodeComponent('a+b%2B', true)).toBe('a b+');
  });
});

describe('canonicalUri', () => {
  it('normalizes and double-encodes for services other than S3', () => {
    expect(canonicalUri('/', false)).toBe('/');
    expect(canonicalUri('', false)).toBe('/');
    expect(canonicalUri('//example//', false)).toBe('/example/');
    expect(canonicalUri('/example1/example2/../..', false)).toBe('/');
    expect(canonicalUri('/./example', false)).toBe('/example');
    expect(canonicalUri('/a%20b/c%2Fd', false)).toBe('/a%2520b/c%252Fd');
    expect(canonicalUri('/example space/', false)).toBe('/example%20space/');
  });
  it('encodes S3 paths once, keeping every segment', () => {
    expect(canonicalUri('/bucket/a%20b/%C3%BC%2Bx', true)).toBe('/bucket/a%20b/%C3%BC%2Bx');
    expect(canonicalUri('/bucket//a/../b/./c/', true)).toBe('/bucket//a/../b/./c/');
    expect(canonicalUri('/bucket/a+b', true)).toBe('/bucket/a%2Bb');
    expect(canonicalUri('/bucket/%7euser', true)).toBe('/bucket/~user');
  });
});

describe('canonicalQuery', () => {
  it('sorts by name, then by value, and gives parameters without a value an empty one', () => {
    expect(canonicalQuery('')).toBe('');
    expect(canonicalQuery('b=2&a=1&a=0&c')).toBe('a=0&a=1&b=2&c=');
    expect(canonicalQuery('acl')).toBe('acl=');
  });
  it('sorts by name before value even where name=value strings would sort differently', () => {
    // '-' (0x2D) sorts before '=' (0x3D): sorting whole pairs would put a-b first.
    expect(canonicalQuery('a-b=1&a=2')).toBe('a=2&a-b=1');
  });
  it('re-encodes parameters and omits the named one', () => {
    expect(canonicalQuery('X-Amz-Signature=abc&prefix=a+b&k=%7e')).toBe('X-Amz-Signature=abc&k=~&prefix=a%20b');
    expect(canonicalQuery('X-Amz-Signature=abc&prefix=a+b', 'X-Amz-Signature')).toBe('prefix=a%20b');
    expect(canonicalQuery('%E1%88%B4=bar&Param-3=Value3&Param=Value2')).toBe('%E1%88%B4=bar&Param=Value2&Param-3=Value3');
  });
  it('skips empty parameters', () => {
    expect(canonicalQuery('a=1&&b=2&')).toBe('a=1&b=2');
  });
});

describe('queryParams', () => {
  it('returns the decoded first value of the named parameters', () => {
    const params = queryParams('X-Amz-Credential=AK%2Fx&X-Amz-Credential=second&other=1&X-Amz-Expires', ['X-Amz-Credential', 'X-Amz-Expires']);
    expect([...params]).toEqual([
      ['X-Amz-Credential', 'AK/x'],
      ['X-Amz-Expires', ''],
    ]);
  });
});
