import { describe, expect, it } from 'vitest';
import { PUNCTUATION, randomPassword } from './random-password.js';

describe('GetRandomPassword', () => {
  it('includes one of each type when required, at random places', () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const password = randomPassword({ PasswordLength: 4 });
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect([...password].some((c) => PUNCTUATION.includes(c))).toBe(true);
      firsts.add(/[a-z]/.test(password[0]) ? 'lower' : /[A-Z]/.test(password[0]) ? 'upper' : /[0-9]/.test(password[0]) ? 'digit' : 'punct');
    }
    expect(firsts.size).toBe(4);
  });

  it('excludes characters and types, and refuses impossible requests', () => {
    expect(randomPassword({ PasswordLength: 300, ExcludeCharacters: 'abcdefghijklmnopqrstuvwxyz', ExcludeUppercase: true, ExcludePunctuation: true })).toMatch(/^\d{300}$/);
    expect(() => randomPassword({ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true })).toThrow(/no characters/);
    expect(() => randomPassword({ PasswordLength: 4, IncludeSpace: true })).toThrow('Password length is too short based on the required types.');
  });
});
