// A separate Rampart-like process for the storage tests (see build.ts for why it is plain JS).
// Environment: RAMPART_STORAGE_MODULE (file: URL of the storage module), RAMPART_STORAGE_CONFIG
// (openStore's config as JSON), RAMPART_CHILD_ID. argv[2] is the mode:
//   increment N C  - after "go" on stdin, N transactions over C concurrent loops, each incrementing
//                    `counter` and adding items/<id>/<i> = the counter value it saw; prints
//                    "done {acked, failed}".
//   pairs C        - transactions forever over C loops, each writing pair/<id>/<i>/a and .../b and
//                    incrementing `pairs`; prints "ack <i>" once each commit has resolved.
// Every line on stdout is a protocol line; "ready" is printed once the store is open.
import { createInterface } from 'node:readline';

const { openStore, TransactionConflictError } = await import(process.env.RAMPART_STORAGE_MODULE);
const config = JSON.parse(process.env.RAMPART_STORAGE_CONFIG);
const id = process.env.RAMPART_CHILD_ID ?? String(process.pid);
const [mode, ...args] = process.argv.slice(2);

const store = await openStore(config);
const lines = createInterface({ input: process.stdin });
const say = (line) => process.stdout.write(line + '\n');

async function waitForGo() {
  for await (const line of lines) if (line === 'go') return;
}

if (mode === 'increment') {
  const total = Number(args[0]);
  const loops = Number(args[1]);
  say('ready');
  await waitForGo();
  let next = 0;
  let acked = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (next < total) {
        const i = next++;
        try {
          await store.transaction(
            async (tx) => {
              const seen = (await tx.get('counter'))?.value ?? 0;
              tx.put('counter', seen + 1);
              tx.put(`items/${id}/${String(i).padStart(5, '0')}`, seen);
            },
            { maxAttempts: 1000 },
          );
          acked++;
        } catch (err) {
          if (!(err instanceof TransactionConflictError)) throw err;
          failed++;
        }
      }
    }),
  );
  await store.close();
  say(`done ${JSON.stringify({ acked, failed })}`);
  process.exit(0);
} else if (mode === 'pairs') {
  const loops = Number(args[0]);
  const pad = 'p'.repeat(6000); // several pages per commit, so a kill can land mid-write
  say('ready');
  let next = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      for (;;) {
        const i = next++;
        await store.transaction(async (tx) => {
          const pairs = (await tx.get('pairs'))?.value ?? 0;
          tx.put(`pair/${id}/${String(i).padStart(6, '0')}/a`, { i, pad });
          tx.put(`pair/${id}/${String(i).padStart(6, '0')}/b`, { i, pad });
          tx.put('pairs', pairs + 1);
        }, { maxAttempts: 1000 });
        say(`ack ${i}`);
      }
    }),
  );
} else {
  throw new Error(`unknown mode ${mode}`);
}
