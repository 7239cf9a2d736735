import { describe, expect, it } from 'vitest';
import { ContextLookup } from './context.js';
import { compileTemplate, resolveMatcher, resolveText } from './variables.js';

const context = new ContextLookup({ 'aws:username': 'alice', 'aws:PrincipalTag/Team': 'red', 'aws:TagKeys': ['a'], 'aws:Empty': '', 'aws:Flag': true });
const text = (template: string) => resolveText(compileTemplate(template)!, context);

describe('policy variables', () => {
  it('are found only in ${...}', () => {
    expect(compileTemplate('plain')).toBeUndefined();
    expect(compileTemplate('${unterminated')).toBeUndefined();
    expect(compileTemplate('a ${aws:username} b')?.parts).toHaveLength(3);
  });

  it('substitute single values, keys compared case-insensitively', () => {
    expect(text('home/${aws:username}/')).toBe('home/alice/');
    expect(text('${AWS:PRINCIPALTAG/TEAM}-${aws:username}')).toBe('red-alice');
    expect(text('${aws:Flag}')).toBe('true');
  });

  it('have no value for missing, multivalued or empty keys, unless a default is given', () => {
    expect(text('${aws:missing}')).toBeUndefined();
    expect(text('${aws:TagKeys}')).toBeUndefined();
    expect(text('${aws:Empty}')).toBeUndefined();
    expect(text("${aws:missing, 'fallback'}")).toBe('fallback');
    expect(text("${aws:missing,'x y'}")).toBe('x y');
    expect(text("${aws:username, 'fallback'}")).toBe('alice');
  });

  it('${*}, ${?} and ${$} are literal', () => {
    expect(text('${*}${?}${$}')).toBe('*?$');
    const matcher = resolveMatcher(compileTemplate('a${*}*')!, context)!;
    expect(matcher('a*b')).toBe(true);
    expect(matcher('ab')).toBe(false);
  });

  it('keep the wildcards written around them', () => {
    const matcher = resolveMatcher(compileTemplate('home/${aws:username}/*')!, context)!;
    expect(matcher('home/alice/x/y')).toBe(true);
    expect(matcher('home/bob/x')).toBe(false);
    expect(resolveMatcher(compileTemplate('${aws:missing}*')!, context)).toBeUndefined();
  });
});
