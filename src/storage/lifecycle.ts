// Open/closed state shared by the backends: operations started before close() run to the end
// (including a transaction's retries), operations started after it fail, and the database is released
// only once nothing is in flight.

import { StorageError } from './types.js';

export class Lifecycle {
  private active = 0;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(private readonly name: string) {}

  get isClosed(): boolean {
    return this.closing !== undefined;
  }

  async run<T>(op: () => Promise<T> | T): Promise<T> {
    if (this.closing !== undefined) throw new StorageError('closed', `the ${this.name} store is closed`);
    this.active++;
    try {
      return await op();
    } finally {
      this.active--;
      if (this.active === 0) this.drained?.();
    }
  }

  /** Idempotent: every call returns the same promise. */
  close(release: () => Promise<void> | void): Promise<void> {
    this.closing ??= (async () => {
      if (this.active > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      await release();
    })();
    return this.closing;
  }
}
