// The reference the benchmarks compare Rampart with: node:http doing as little as possible.
//   BARE_MODE=json     answers every request with a 200-byte JSON body.
import cluster from 'node:cluster';
import { createServer } from 'node:http';

const port = Number(process.env.BARE_PORT);
const workers = Number(process.env.BARE_WORKERS ?? 1);
const mode = process.env.BARE_MODE ?? 'json';

const BODY = Buffer.from(JSON.stringify({ Plaintext: 'x'.repeat(172), KeyId: 'k' }).slice(0, 199) + '}');

function serve() {
  createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (mode !== 'json') throw new Error(`unknown mode ${mode}`);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': BODY.length });
      res.end(BODY);
    });
  }).listen(port, '127.0.0.1');
}

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers)) w.kill();
    process.exit(0);
  });
} else {
  serve();
  process.on('SIGTERM', () => process.exit(0));
}
