import { describe, expect, it } from 'vitest';
import { compileWildcard, hasWildcard, wildcardMatch } from './wildcard.js';

describe('wildcards', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything:at/all', true],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['a*', 'a', true],
    ['a*', 'ba', false],
    ['*c', 'abc', true],
    ['*c', 'abcd', false],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'abbc', false],
    ['??', 'ab', true],
    ['*a*b*', 'xxaxxbxx', true],
    ['*a*b*', 'xxbxxaxx', false],
    ['a**b', 'ab', true],
    ['*?', '', false],
    ['key/*', 'key/1234/5678', true],
    ['*.amazonaws.com', 'sns.amazonaws.com', true],
    ['a*b*c*d', 'aXbYcZd', true],
    ['a*b*c*d', 'aXbYcZe', false],
  ])('%j matches %j: %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
    expect(compileWildcard(pattern)(text)).toBe(expected);
  });

  it('tells patterns from plain text', () => {
    expect(hasWildcard('a*')).toBe(true);
    expect(hasWildcard('a?')).toBe(true);
    expect(hasWildcard('abc')).toBe(false);
  });

  it('is not fooled by regular expression characters', () => {
    expect(wildcardMatch('a.c', 'abc')).toBe(false);
    expect(wildcardMatch('a+(b)[c]', 'a+(b)[c]')).toBe(true);
  });

  it('stays linear on adversarial patterns', () => {
    const start = performance.now();
    expect(wildcardMatch('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
