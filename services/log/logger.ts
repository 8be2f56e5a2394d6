/**
 * Structured one-line logs. Every line passes through `redact`, so an 18-character ID number that
 * slipped into a message is masked before it reaches a file or a terminal.
 */
import { maskIdNumbersInText } from '../../contract/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export type LogSink = (line: string) => void;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: { sink?: LogSink; level?: LogLevel; scope?: string } = {}): Logger {
  const sink = options.sink ?? ((line) => process.stderr.write(line + '\n'));
  const min = order[options.level ?? 'info'];
  const scope = options.scope ?? 'core';
  const write = (level: LogLevel, event: string, fields?: Record<string, unknown>) => {
    if (order[level] < min) return;
    let json: string;
    try {
      json = JSON.stringify({ t: new Date().toISOString(), level, scope, event, ...fields });
    } catch {
      json = JSON.stringify({ t: new Date().toISOString(), level, scope, event, note: 'unserialisable fields' });
    }
    sink(maskIdNumbersInText(json));
  };
  return {
    debug: (event, fields) => write('debug', event, fields),
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    child: (child) => createLogger({ sink, level: options.level, scope: `${scope}.${child}` }),
  };
}

/** A logger that keeps lines in memory, for tests. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ sink: (line) => lines.push(line), level: 'debug' }), { lines });
}
