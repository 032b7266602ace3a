// Owns the structured JSON logs: pino on stdout, with every place a secret could appear redacted.
import { pino, type Logger, type DestinationStream } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.value',
  'req.headers.key',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.oldPassword',
  '*.token',
  '*.refresh_token',
  '*.access_token',
  '*.client_secret',
  '*.value',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'sluice' },
  };
  return destination ? pino(options, destination) : pino(options);
}
