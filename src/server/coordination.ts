// Telling every worker process that shared state changed (the development clock moved, state was
// reset), and waiting until all of them have applied it before answering the request that changed it.
// With one process the events apply in place; with cluster workers they go through the primary.
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';

export type StateEvent = { type: 'clock'; offsetMs: number } | { type: 'reset' };

export type StateListener = (event: StateEvent) => void | Promise<void>;

export interface Coordinator {
  /** Applies `event` in every worker, this one included; resolves once all have. */
  broadcast(event: StateEvent): Promise<void>;
  onEvent(listener: StateListener): void;
}

type Message =
  | { rampart: 'broadcast'; id: string; event: StateEvent }
  | { rampart: 'event'; id: string; event: StateEvent }
  | { rampart: 'applied'; id: string }
  | { rampart: 'broadcast-done'; id: string };

const isMessage = (value: unknown): value is Message =>
  typeof value === 'object' && value !== null && typeof (value as { rampart?: unknown }).rampart === 'string';

class Listeners {
  private readonly listeners: StateListener[] = [];
  add(listener: StateListener) {
    this.listeners.push(listener);
  }
  async apply(event: StateEvent) {
    for (const listener of this.listeners) await listener(event);
  }
}

/** One process: events apply in place. */
export function localCoordinator(): Coordinator {
  const listeners = new Listeners();
  return { broadcast: (event) => listeners.apply(event), onEvent: (l) => listeners.add(l) };
}

/** A cluster worker: events go to the primary, which sends them to every worker. */
export function workerCoordinator(): Coordinator {
  const listeners = new Listeners();
  const pending = new Map<string, () => void>();
  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.rampart === 'event') {
      void listeners.apply(message.event).finally(() => process.send?.({ rampart: 'applied', id: message.id } satisfies Message));
    } else if (message.rampart === 'broadcast-done') {
      pending.get(message.id)?.();
      pending.delete(message.id);
    }
  });
  return {
    onEvent: (l) => listeners.add(l),
    broadcast: (event) =>
      new Promise<void>((resolve) => {
        const id = randomUUID();
        pending.set(id, resolve);
        process.send?.({ rampart: 'broadcast', id, event } satisfies Message);
      }),
  };
}

/** The primary's side: relays a worker's broadcast to all workers and reports back when all applied. */
export function relayBroadcasts(): void {
  cluster.on('message', (origin, message: unknown) => {
    if (!isMessage(message) || message.rampart !== 'broadcast') return;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined && w.isConnected());
    let waiting = workers.length;
    const done = () => origin.isConnected() && origin.send({ rampart: 'broadcast-done', id: message.id } satisfies Message);
    if (waiting === 0) return done();
    for (const worker of workers) {
      const onApplied = (reply: unknown) => {
        if (!isMessage(reply) || reply.rampart !== 'applied' || reply.id !== message.id) return;
        worker!.off('message', onApplied);
        worker!.off('exit', onGone);
        if (--waiting === 0) done();
      };
      const onGone = () => {
        worker!.off('message', onApplied);
        if (--waiting === 0) done();
      };
      worker!.on('message', onApplied);
      worker!.once('exit', onGone);
      worker!.send({ rampart: 'event', id: message.id, event: message.event } satisfies Message);
    }
  });
}
