import { describe, expect, it } from 'vitest';
import { sessionTags } from './session-tags.js';

describe('session tags', () => {
  it('takes the passed tags and marks the transitive ones', () => {
    expect(sessionTags([{ Key: 'Team', Value: 'blue' }, { Key: 'cost', Value: '1' }], ['team'])).toEqual({ tags: { Team: 'blue', cost: '1' }, transitive: ['team'] });
  });
  it('carries the transitive tags of a calling session, and only those', () => {
    const inherited = { tags: { team: 'blue', cost: '1' }, transitive: ['team'] };
    expect(sessionTags([{ Key: 'env', Value: 'prod' }], undefined, inherited)).toEqual({ tags: { team: 'blue', env: 'prod' }, transitive: ['team'] });
  });
  it('refuses overriding an inherited transitive tag, duplicates, aws: keys and transitive keys that are not tags', () => {
    const inherited = { tags: { team: 'blue' }, transitive: ['team'] };
    expect(() => sessionTags([{ Key: 'TEAM', Value: 'red' }], undefined, inherited)).toThrow(/transitive/);
    expect(() => sessionTags([{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }], undefined)).toThrow(/Duplicate/);
    expect(() => sessionTags([{ Key: 'aws:x', Value: '1' }], undefined)).toThrow(/aws:/);
    expect(() => sessionTags([{ Key: 'a', Value: '1' }], ['b'])).toThrow(/TransitiveTagKeys/);
  });
});
