// State that development mode keeps: the clock offset (so a restart keeps the moved clock) and the
// reset that wipes everything but the keyring and the default account's root credentials.
import { accountStorageKey } from '../identity/accounts.js';
import type { AccessKeyRecord } from '../identity/access-keys.js';
import type { Store } from '../storage/types.js';

const CLOCK_KEY = 'sys/clock';

export async function loadClockOffset(store: Store): Promise<number> {
  const record = await store.get<{ offsetMs: number }>(CLOCK_KEY);
  return record?.value.offsetMs ?? 0;
}

export async function saveClockOffset(store: Store, offsetMs: number): Promise<void> {
  await store.transaction((tx) => tx.put(CLOCK_KEY, { offsetMs }));
}

/** The first path segment of every key in the store, found one seek per segment. */
async function topLevelSegments(store: Store): Promise<string[]> {
  const segments: string[] = [];
  let start = '';
  for (;;) {
    const [first] = await store.list({ start, limit: 1 });
    if (!first) return segments;
    const slash = first.key.indexOf('/');
    const segment = slash < 0 ? first.key : first.key.slice(0, slash + 1);
    segments.push(segment);
    // '0' sorts right after '/', so this skips every key under the segment.
    start = slash < 0 ? first.key + '\u0000' : first.key.slice(0, slash) + '0';
  }
}

export async function resetState(store: Store, defaultAccountId: string): Promise<void> {
  const account = await store.get(accountStorageKey(defaultAccountId));
  const rootKeys = (await store.list({ prefix: 'cred/' })).filter((entry) => {
    const record = entry.value as unknown as AccessKeyRecord;
    return record.accountId === defaultAccountId && record.owner.type === 'Root';
  });
  for (const segment of await topLevelSegments(store)) {
    if (segment === 'sys/') continue; // the keyring lives here: reset never touches it
    await store.deletePrefix(segment);
  }
  await store.transaction((tx) => {
    tx.delete(CLOCK_KEY);
    if (account) tx.put(account.key, account.value);
    for (const entry of rootKeys) tx.put(entry.key, entry.value);
  });
}
