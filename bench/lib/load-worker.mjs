// A small closed-loop HTTP/1.1 load generator, run as its own process so that it does not share an
// event loop with anything it measures. Each connection sends the same request, waits for the whole
// response, records the latency (µs), and sends again, until the time is up.
//   argv: <port> <connections> <seconds> <request bytes, base64>
import { connect } from 'node:net';

const [port, connections, seconds, requestBase64] = process.argv.slice(2);
const request = Buffer.from(requestBase64, 'base64');
const latencies = [];
let failures = 0;
let statuses = new Map();
const deadline = performance.now() + Number(seconds) * 1000;

function connection() {
  return new Promise((resolve) => {
    const socket = connect({ port: Number(port), host: '127.0.0.1', noDelay: true });
    let buffer = Buffer.alloc(0);
    let sentAt = 0;
    const send = () => {
      if (performance.now() >= deadline) return socket.end(resolve);
      sentAt = performance.now();
      socket.write(request);
    };
    socket.on('connect', send);
    socket.on('data', (chunk) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      for (;;) {
        const headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = buffer.subarray(0, headEnd).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < headEnd + 4 + length) return;
        const status = Number(head.slice(9, 12));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 300) failures++;
        latencies.push(Math.round((performance.now() - sentAt) * 1000));
        buffer = buffer.subarray(headEnd + 4 + length);
        send();
      }
    });
    socket.on('error', () => {
      failures++;
      resolve();
    });
  });
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(connections) }, connection));
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
process.send({ requests: latencies.length, seconds: elapsed, failures, statuses: [...statuses], p50us: at(0.5), p99us: at(0.99) });
