/**
 * Test helpers shared by the ID-reader unit, integration and benchmark code: waiting for driver
 * events and statuses with a timeout (never a bare await that could hang a test run).
 */
import type { IdCardReader, IdReaderEvent } from './driver';
import type { StatusOf } from '../types';

/** Resolves with the next event named `name` (optionally matching), or rejects after `timeoutMs`. */
export function nextEvent<N extends IdReaderEvent['name']>(
  reader: IdCardReader,
  name: N,
  timeoutMs = 3000,
): Promise<Extract<IdReaderEvent, { name: N }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = reader.on('event', (event) => {
      if (event.name !== name) return;
      clearTimeout(timer);
      off();
      resolve(event as Extract<IdReaderEvent, { name: N }>);
    });
  });
}

/** Resolves once the reader's status satisfies `predicate` (checked now and on every change). */
export function statusBecomes(
  reader: IdCardReader,
  predicate: (s: StatusOf<'idCardReader'>) => boolean,
  timeoutMs = 3000,
): Promise<StatusOf<'idCardReader'>> {
  return new Promise((resolve, reject) => {
    if (predicate(reader.status())) return resolve(reader.status());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`status did not match within ${timeoutMs} ms (now ${JSON.stringify(reader.status())})`));
    }, timeoutMs);
    const off = reader.on('status', (s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}
