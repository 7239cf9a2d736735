import { describe, expect, test } from 'vitest';
import { pendingMigrations, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, type Migration } from './migrations.js';
import { StorageError } from './types.js';

const known: Migration[] = [
  { id: 2, name: 'second', sql: '' },
  { id: 1, name: 'first', sql: '' },
  { id: 3, name: 'third', sql: '' },
];

describe('pendingMigrations', () => {
  test('returns the missing ones in id order', () => {
    expect(pendingMigrations(known, [], 'db').map((m) => m.id)).toEqual([1, 2, 3]);
    expect(pendingMigrations(known, [{ id: 1, name: 'first' }], 'db').map((m) => m.id)).toEqual([2, 3]);
    expect(pendingMigrations(known, known, 'db')).toEqual([]);
  });

  test('refuses a database from a newer Rampart', () => {
    expect(() => pendingMigrations(known, [{ id: 4, name: 'fourth' }], 'the db')).toThrow(
      /the db was written by a newer version of Rampart \(it has schema migration 4 "fourth"/,
    );
  });

  test('refuses a history that disagrees on names', () => {
    const err = (() => {
      try {
        pendingMigrations(known, [{ id: 1, name: 'something-else' }], 'db');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('incompatible');
  });

  test('each backend’s list has unique ids and names', () => {
    for (const list of [SQLITE_MIGRATIONS, POSTGRES_MIGRATIONS]) {
      expect(new Set(list.map((m) => m.id)).size).toBe(list.length);
      expect(new Set(list.map((m) => m.name)).size).toBe(list.length);
    }
  });
});
