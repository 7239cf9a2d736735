// One injectable clock for everything time-driven (signatures, rotation, deletion windows, expiry).
// Production uses the system time; development mode and tests move time forward with an offset.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that runs `offsetMs` ahead of the system clock; the offset only grows. */
export class OffsetClock implements Clock {
  private offset: number;

  constructor(
    offsetMs = 0,
    private readonly base: Clock = systemClock,
  ) {
    this.offset = offsetMs;
  }

  now(): number {
    return this.base.now() + this.offset;
  }

  get offsetMs(): number {
    return this.offset;
  }

  setOffset(offsetMs: number): void {
    this.offset = offsetMs;
  }
}

/** A clock for unit tests: time stands still until moved. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(ms: number): void {
    this.current = ms;
  }
}
