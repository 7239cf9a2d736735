// The references the benchmarks compare Rampart with: node:http doing as little as possible.
//   BARE_MODE=json        answers every request with a 200-byte JSON body.
//   BARE_MODE=sigv4-aes   verifies the request's SigV4 signature (Rampart's own verifier, one known
//                         credential) and answers with one AES-256-GCM encryption of the body.
import cluster from 'node:cluster';
import { createCipheriv, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { authenticate } from '../../dist/auth/index.js';

const port = Number(process.env.BARE_PORT);
const workers = Number(process.env.BARE_WORKERS ?? 1);
const mode = process.env.BARE_MODE ?? 'json';

const BODY = Buffer.from(JSON.stringify({ Plaintext: 'x'.repeat(172), KeyId: 'k' }).slice(0, 199) + '}');
const credential = { accessKeyId: process.env.BARE_ACCESS_KEY_ID, secretAccessKey: process.env.BARE_SECRET_ACCESS_KEY, principal: null };
const resolver = { resolve: async (id) => (id === credential.accessKeyId ? credential : undefined) };
const aesKey = randomBytes(32);

function headersOf(raw) {
  const headers = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    headers[name] = name in headers ? `${headers[name]},${raw[i + 1]}` : raw[i + 1];
  }
  return headers;
}

async function sigv4Aes(req, body) {
  const [path, rawQuery = ''] = (req.url ?? '/').split('?');
  await authenticate({ method: req.method, path, rawQuery, headers: headersOf(req.rawHeaders), body }, { now: Date.now(), resolver });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
  const sealed = Buffer.concat([iv, cipher.update(body), cipher.final(), cipher.getAuthTag()]);
  return Buffer.from(JSON.stringify({ CiphertextBlob: sealed.toString('base64'), KeyId: 'k' }));
}

function serve() {
  createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      let answer = BODY;
      let status = 200;
      if (mode === 'sigv4-aes') answer = await sigv4Aes(req, body).catch(() => ((status = 403), Buffer.from('{}')));
      else if (mode !== 'json') throw new Error(`unknown mode ${mode}`);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': answer.length });
      res.end(answer);
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
