// Schema migrations: an ordered list per backend, recorded in `schema_migrations`. Each backend
// applies the missing ones at open, inside one transaction that also serializes concurrent openers
// (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock). Never edit a released migration: add one.

import { StorageError } from './types.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export interface AppliedMigration {
  id: number;
  name: string;
}

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'kv',
    // WITHOUT ROWID: the key is the only access path, so the table is the key's b-tree itself (a
    // lookup or range scan reads one tree; large values spill to overflow pages, which key and
    // version checks never read). BINARY collation orders TEXT by UTF-8 bytes.
    sql: `
      CREATE TABLE kv (
        key TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL,
        version INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL
      );
      INSERT INTO meta (id, seq) VALUES (1, 0);
    `,
  },
];

// PostgreSQL: values are text, not jsonb. jsonb would reorder object keys, drop duplicate keys,
// rewrite numbers (1e2 -> 100) and reject "\u0000", so a value could read back different from what
// SQLite returns; Rampart never queries inside values, so jsonb's indexing buys nothing, and text
// skips a parse on every write. TOAST compresses large values either way.
//
// The commit runs server-side in rampart_commit(), one round trip, so the commit lock is held only
// for the server's own work (not for network round trips between statements). It runs in READ
// COMMITTED: the first statement takes the commit lock (the meta row), and each later statement
// takes a fresh snapshot, which, once the lock is held, includes every earlier commit; no other
// writer can commit until this one does, so what it validates cannot change before it applies.
// rampart_validate() is STABLE, so all its queries share the calling statement's snapshot: that is
// how a read-only transaction checks its reads at one instant without taking the lock.
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'kv',
    sql: `
      CREATE TABLE kv (
        key text COLLATE "C" PRIMARY KEY,
        value text NOT NULL,
        version bigint NOT NULL
      );
      CREATE TABLE meta (
        id integer PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL
      );
      INSERT INTO meta (id, seq) VALUES (1, 0);

      CREATE FUNCTION rampart_validate(
        read_keys text[], read_versions bigint[],
        lo text[], lo_incl boolean[], hi text[], hi_incl boolean[],
        expect_count bigint[], expect_max bigint[]
      ) RETURNS boolean
      LANGUAGE plpgsql STABLE
      SET search_path FROM CURRENT
      AS $fn$
      DECLARE
        i integer;
        n bigint;
        m bigint;
      BEGIN
        IF EXISTS (
          SELECT 1 FROM unnest(read_keys, read_versions) AS r(k, v)
          LEFT JOIN kv ON kv.key = r.k
          WHERE coalesce(kv.version, 0) <> r.v
        ) THEN
          RETURN false;
        END IF;
        FOR i IN 1 .. coalesce(cardinality(lo), 0) LOOP
          -- A missing bound is NULL; the two shapes keep the key comparisons index-friendly.
          IF hi[i] IS NULL THEN
            SELECT count(*), coalesce(max(version), 0) INTO n, m FROM kv
            WHERE key >= coalesce(lo[i], '') AND (lo_incl[i] OR key <> lo[i]);
          ELSE
            SELECT count(*), coalesce(max(version), 0) INTO n, m FROM kv
            WHERE key >= coalesce(lo[i], '') AND key <= hi[i]
              AND (lo_incl[i] OR key <> lo[i]) AND (hi_incl[i] OR key <> hi[i]);
          END IF;
          IF n <> expect_count[i] OR m <> expect_max[i] THEN
            RETURN false;
          END IF;
        END LOOP;
        RETURN true;
      END
      $fn$;

      CREATE FUNCTION rampart_commit(
        read_keys text[], read_versions bigint[],
        lo text[], lo_incl boolean[], hi text[], hi_incl boolean[],
        expect_count bigint[], expect_max bigint[],
        put_keys text[], put_values text[], delete_keys text[]
      ) RETURNS bigint
      LANGUAGE plpgsql VOLATILE
      SET search_path FROM CURRENT
      AS $fn$
      DECLARE
        new_seq bigint;
        ok boolean;
      BEGIN
        -- The commit lock: concurrent commits queue on this row until this transaction ends.
        UPDATE meta SET seq = meta.seq + 1 WHERE id = 1 RETURNING meta.seq INTO new_seq;
        SELECT rampart_validate(read_keys, read_versions, lo, lo_incl, hi, hi_incl, expect_count, expect_max)
          INTO ok;
        IF NOT ok THEN
          RAISE EXCEPTION 'rampart: a value this transaction read has changed' USING ERRCODE = '40001';
        END IF;
        IF cardinality(put_keys) > 0 THEN
          INSERT INTO kv (key, value, version)
          SELECT k, v, new_seq FROM unnest(put_keys, put_values) AS p(k, v)
          ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, version = EXCLUDED.version;
        END IF;
        IF cardinality(delete_keys) > 0 THEN
          DELETE FROM kv WHERE key = ANY (delete_keys);
        END IF;
        RETURN new_seq;
      END
      $fn$;
    `,
  },
];

/**
 * The migrations still to apply, given those recorded in the database. Fails when the database has a
 * migration this build does not know (made by a newer Rampart) or one whose name differs.
 */
export function pendingMigrations(
  known: readonly Migration[],
  applied: readonly AppliedMigration[],
  where: string,
): Migration[] {
  const byId = new Map(known.map((m) => [m.id, m]));
  for (const a of applied) {
    const m = byId.get(a.id);
    if (m === undefined) {
      throw new StorageError(
        'incompatible',
        `${where} was written by a newer version of Rampart (it has schema migration ${a.id} "${a.name}", ` +
          `which this version does not know); upgrade Rampart or use another database`,
      );
    }
    if (m.name !== a.name) {
      throw new StorageError(
        'incompatible',
        `${where} has schema migration ${a.id} recorded as "${a.name}" but this version calls it "${m.name}"; ` +
          `it was not made by this line of Rampart releases`,
      );
    }
  }
  const done = new Set(applied.map((a) => a.id));
  return [...known].sort((a, b) => a.id - b.id).filter((m) => !done.has(m.id));
}
