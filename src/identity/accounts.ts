// Accounts: every resource lives in an account (and, unless global, a region). The first start
// creates the default account with root credentials; development mode creates an account the first
// time a caller names it with a 12-digit access key id.
import type { JsonValue, Store, Transaction } from '../storage/types.js';
import type { AccessKeys } from './access-keys.js';

export interface AccountRecord {
  accountId: string;
  name: string;
  createdAt: string;
  /** How it came to be: the default account of this installation, or first use in development mode. */
  origin: 'default' | 'development' | 'organizations';
}

export const accountStorageKey = (accountId: string) => `account/${accountId}`;

export interface RootCredentials {
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Creates the default account and its root access key unless the account exists. Returns the new
 * credentials only when this call created them: they are shown once and never again.
 */
export async function ensureDefaultAccount(
  store: Store,
  accessKeys: AccessKeys,
  accountId: string,
  now: number,
): Promise<RootCredentials | undefined> {
  return store.transaction(async (tx) => {
    if (await tx.get(accountStorageKey(accountId))) return undefined;
    putAccount(tx, { accountId, name: 'default', createdAt: new Date(now).toISOString(), origin: 'default' });
    const { accessKeyId, secretAccessKey } = accessKeys.create(tx, { accountId, owner: { type: 'Root' }, now });
    return { accountId, accessKeyId, secretAccessKey };
  });
}

export function putAccount(tx: Transaction, account: AccountRecord): void {
  tx.put(accountStorageKey(account.accountId), account as unknown as JsonValue);
}

/** Accounts known to exist, remembered per process so development mode writes an account once. */
export class KnownAccounts {
  private readonly known = new Set<string>();

  constructor(private readonly store: Store) {}

  async ensure(accountId: string, origin: AccountRecord['origin'], now: number): Promise<void> {
    if (this.known.has(accountId)) return;
    await this.store.transaction(async (tx) => {
      if (await tx.get(accountStorageKey(accountId))) return;
      putAccount(tx, { accountId, name: accountId, createdAt: new Date(now).toISOString(), origin });
    });
    this.known.add(accountId);
  }

  forgetAll(): void {
    this.known.clear();
  }
}
