// Running test/storage/child.mjs as a separate process and talking to it line by line.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CHILD_SCRIPT, type StorageBuild } from './build.js';

export interface StoreChild {
  process: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves with the first line (past or future) that `match` accepts. */
  waitFor(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  onLine(listener: (line: string) => void): void;
  send(line: string): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function spawnStoreChild(build: StorageBuild, config: object, id: string, args: string[]): StoreChild {
  const child = spawn(process.execPath, [CHILD_SCRIPT, ...args], {
    env: {
      ...process.env,
      RAMPART_STORAGE_MODULE: build.moduleUrl,
      RAMPART_STORAGE_CONFIG: JSON.stringify(config),
      RAMPART_CHILD_ID: id,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const l of listeners) l(line);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return {
    process: child,
    lines,
    onLine: (l) => listeners.push(l),
    send: (line) => child.stdin!.write(line + '\n'),
    exited,
    waitFor(match, timeoutMs = 60_000) {
      const found = lines.find(match);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child ${id}: no matching line after ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        listeners.push((line) => {
          if (match(line)) {
            clearTimeout(timer);
            resolve(line);
          }
        });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`child ${id} exited (code ${code}, signal ${signal}) before the expected line; stderr: ${stderr}`));
        });
      });
    },
  };
}
