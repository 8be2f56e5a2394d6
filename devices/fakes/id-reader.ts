/**
 * FakeIdCardReader: an ID card reader in memory. placeCard() is a resident laying a card on the
 * reader: the fake decodes its text block with the driver's own decoder and emits `cardRead` (or
 * `readFailed`) once per insertion, exactly what the driver emits after the SAM exchange;
 * removeCard() emits `cardRemoved`. An unplugged reader reads the card on the reader when it is
 * plugged back in, as the driver does after a link loss.
 */
import { cardFromRecord, fixtureCard, type FixtureCard, type FixtureName } from '../id-reader/fixtures';
import type { IdReaderEvent, ReadFailure } from '../id-reader/driver';
import { describeStatus, SW3 } from '../id-reader/status-codes';
import { decodeTextBlock, type IdCardRecord } from '../id-reader/text-block';
import type { IdCardReaderDevice } from '../interfaces';
import type { StatusOf } from '../types';
import { FakeDevice, type FakeDeviceOptions } from './fake-device';

export interface FakeIdCardReaderOptions extends FakeDeviceOptions {
  /** Clock for birth-date validation, as the driver's `today`. */
  today?: () => Date;
}

/** What the driver reports for a chip that fails every read (SW3 41). */
function unreadableFailure(): ReadFailure {
  const info = describeStatus(SW3.readFailed);
  return {
    code: info.completion === 'success' ? 'internalError' : info.completion,
    error: info.error ?? 'readFailed',
    message: info.message,
  };
}

export class FakeIdCardReader extends FakeDevice<'idCardReader', IdReaderEvent> implements IdCardReaderDevice {
  private card: FixtureCard | undefined;
  /** This insertion has been read (or failed) already. */
  private handled = false;
  private nextFailure: ReadFailure | undefined;
  private readonly today: () => Date;

  constructor(options: FakeIdCardReaderOptions = {}) {
    super('idCardReader', 'idReader', options, { kind: 'idCardReader', device: 'starting', media: 'unknown' });
    this.today = options.today ?? (() => new Date());
    this.refresh();
  }

  /** Lays a card on the reader (a fixture name, a fixture, or any record); a card already there is removed first. */
  placeCard(card: FixtureName | FixtureCard | IdCardRecord): void {
    if (this.card) this.removeCard();
    this.card = typeof card === 'string' ? fixtureCard(card) : 'textBlock' in card ? card : cardFromRecord(card);
    this.handled = false;
    this.refresh();
    this.readInserted();
  }

  /** Takes the card away (`cardRemoved` when the reader saw it). */
  removeCard(): void {
    if (!this.card) return;
    this.card = undefined;
    this.handled = false;
    this.refresh();
    if (this.online) this.emitEvent('cardRemoved', {});
  }

  /** The next insertion fails with this failure (default: the chip read fails, as SW3 41). */
  failNextRead(failure: Partial<ReadFailure> = {}): void {
    this.nextFailure = { ...unreadableFailure(), ...failure };
  }

  /** Whether a card lies on the reader. */
  get hasCard(): boolean {
    return this.card !== undefined;
  }

  protected override readyStatus(): StatusOf<'idCardReader'> {
    return { kind: 'idCardReader', device: 'online', media: this.card ? 'present' : 'notPresent' };
  }

  protected override offlineStatus(detail: string): StatusOf<'idCardReader'> {
    return { kind: 'idCardReader', device: 'offline', media: 'unknown', detail };
  }

  protected override onReachable(): void {
    this.handled = false; // nobody knows whether the card stayed: it is read again
    this.readInserted();
  }

  private readInserted(): void {
    const card = this.card;
    if (!this.online || !card || this.handled) return;
    this.handled = true;
    const failure = this.nextFailure ?? (card.unreadable ? unreadableFailure() : undefined);
    this.nextFailure = undefined;
    if (failure) return this.emitEvent('readFailed', failure);
    const decoded = decodeTextBlock(card.textBlock, { today: this.today() });
    if (!decoded.ok) {
      const message = `card text rejected: ${decoded.error.problem} in ${decoded.error.field}`;
      return this.emitEvent('readFailed', { code: 'invalidData', error: 'invalidMedia', message });
    }
    this.emitEvent('cardRead', { record: decoded.value, photo: Uint8Array.from(card.photo) });
  }
}
