// Structured JSON logs (pino). Request logs carry ids, names and outcomes, never bodies: no secret,
// plaintext or key material is ever handed to the logger. The redaction list is a second line of
// defence for fields that must never appear should someone log an object carelessly.
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACTED_FIELDS = [
  'secretAccessKey',
  'SecretAccessKey',
  'sessionToken',
  'SessionToken',
  'password',
  'Password',
  'plaintext',
  'Plaintext',
  'SecretString',
  'SecretBinary',
  'rootKey',
  'authorization',
  'headers.authorization',
  'headers["x-amz-security-token"]',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_FIELDS.flatMap((f) => [f, `*.${f}`]), censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination as pino.DestinationStream | undefined,
  );
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
