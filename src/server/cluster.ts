// Several worker processes serving one port (node:cluster). The primary does the first-start work,
// forks the workers, relays state broadcasts between them, replaces a worker that dies, and on
// SIGTERM/SIGINT asks every worker to finish its in-flight requests and close storage.
import cluster, { type Worker } from 'node:cluster';
import type { RampartConfig } from '../config.js';
import type { Logger } from '../logging.js';
import type { RunningServer } from '../rampart.js';
import { relayBroadcasts, workerCoordinator } from './coordination.js';

type Control = { rampart: 'ready'; url: string } | { rampart: 'shutdown' };

const isControl = (value: unknown): value is Control =>
  typeof value === 'object' && value !== null && ['ready', 'shutdown'].includes((value as { rampart?: string }).rampart ?? '');

/** In the primary: forks `config.workers` workers; resolves with the URL once all serve. */
export function runPrimary(config: RampartConfig, logger: Logger): Promise<string> {
  relayBroadcasts();
  let stopping = false;
  let url = '';

  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ workerPid: worker.process.pid, code, signal }, 'a worker died; starting another');
      fork();
    });
    return worker;
  };

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    for (const worker of workers) if (worker.isConnected()) worker.send({ rampart: 'shutdown' } satisfies Control);
    const deadline = setTimeout(() => {
      for (const worker of workers) worker.process.kill('SIGKILL');
      process.exit(1);
    }, (config.shutdownGraceSeconds + 5) * 1000);
    deadline.unref();
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info('stopped');
        process.exit(0);
      }
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  return new Promise((resolve) => {
    let ready = 0;
    cluster.on('message', (_worker, message: unknown) => {
      if (!isControl(message) || message.rampart !== 'ready') return;
      url = message.url;
      if (++ready === config.workers) resolve(url);
    });
    for (let i = 0; i < config.workers; i++) fork();
  });
}

/** In a worker: serves until the primary (or a signal) says to stop. */
export async function runWorker(config: RampartConfig, logger: Logger): Promise<void> {
  const { startServer } = await import('../rampart.js');
  const server = await startServer(config, logger, { coordinator: workerCoordinator() });
  process.send?.({ rampart: 'ready', url: server.url } satisfies Control);
  stopOnSignal(server, logger, true);
}

/** Graceful stop of one serving process on SIGTERM/SIGINT (or the primary's shutdown message). */
export function stopOnSignal(server: RunningServer, logger: Logger, isWorker: boolean): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await server.close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (isWorker) {
    process.on('message', (message: unknown) => {
      if (isControl(message) && message.rampart === 'shutdown') void stop();
    });
    // The primary is gone: nothing will relay broadcasts or restart us; stop cleanly.
    process.on('disconnect', () => void stop());
  }
}
