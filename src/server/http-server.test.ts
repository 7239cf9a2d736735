import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Listener } from './http-server.js';

function post(port: number, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/x?y=1', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the listener', () => {
  it('hands the handler the request as bytes, headers joined the SigV4 way', async () => {
    let seen: unknown;
    const listener = new Listener(async (req, info) => {
      seen = { ...req, headers: { ...req.headers }, body: req.body.toString(), info };
      return { status: 201, headers: { 'x-test': 'yes' }, body: 'done' };
    }, { maxBodyBytes: 1024 });
    const { port } = await listener.listen(0, '127.0.0.1');
    const answer = await post(port, 'hello', { 'X-Repeat': 'a' });
    expect(answer).toEqual({ status: 201, body: 'done' });
    expect(seen).toMatchObject({
      method: 'POST',
      path: '/x',
      rawQuery: 'y=1',
      body: 'hello',
      headers: { 'x-repeat': 'a', host: `127.0.0.1:${port}` },
      info: { sourceIp: '127.0.0.1', secure: false, tooLarge: false },
    });
    await listener.close(1000);
  });

  it('reports a body over the limit without reading it', async () => {
    let tooLarge: boolean | undefined;
    const listener = new Listener(async (req, info) => {
      tooLarge = info.tooLarge;
      return { status: 413, headers: {}, body: String(req.body.length) };
    }, { maxBodyBytes: 10 });
    const { port } = await listener.listen(0, '127.0.0.1');
    expect(await post(port, 'x'.repeat(11))).toEqual({ status: 413, body: '0' });
    expect(tooLarge).toBe(true);
    await listener.close(1000);
  });

  it('finishes requests in flight when closing, and accepts no new ones', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inHandler = new Promise<void>((resolve) => (started = resolve));
    const listener = new Listener(async () => {
      started();
      await gate;
      return { status: 200, headers: {}, body: 'finished' };
    }, { maxBodyBytes: 1024 });
    const { port } = await listener.listen(0, '127.0.0.1');

    const inFlight = post(port, 'x');
    await inHandler;
    let closed = false;
    const closing = listener.close(10_000).then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false); // waiting for the request
    await expect(post(port, 'y')).rejects.toThrow(/ECONNREFUSED/);
    release();
    expect(await inFlight).toEqual({ status: 200, body: 'finished' });
    await closing;
    expect(closed).toBe(true);
  });

  it('answers bytes that are not HTTP with an error carrying a request id', async () => {
    const { connect } = await import('node:net');
    const listener = new Listener(async () => ({ status: 200, headers: {}, body: '' }), { maxBodyBytes: 1024 });
    const { port } = await listener.listen(0, '127.0.0.1');
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1.1 400 /);
    expect(reply).toMatch(/x-amzn-requestid: [0-9a-f-]{36}/);
    expect(reply).toContain('<Code>BadRequest</Code>');
    await listener.close(1000);
  });
});
