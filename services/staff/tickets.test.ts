/** The ticket closed loop on a real journal: open → acknowledged → resolved → closed, each once. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type Journal } from '../journal/journal';
import { ticketMeaning } from './ticket-kinds';
import { createTicketBook, ticketColour } from './tickets';

describe('tickets', () => {
  let dir: string;
  let journal: Journal;
  let clock: number;
  const now = () => new Date(clock);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tickets-'));
    clock = Date.parse('2026-12-01T02:00:00Z');
    journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K1', now });
  });
  afterEach(() => {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const book = () =>
    createTicketBook(journal, {
      deadlines: { orangeAfterMs: 30 * 60_000, redAfterMs: 120 * 60_000 },
      now,
      staffName: (id) => `民警 (${id})`,
    });
  const openOne = (reason: string) => {
    const tx = journal.begin({ service: 'tempIdCard', amountFen: 1000 });
    if (!tx.ok) throw new Error('begin');
    const ticket = journal.openTicket(tx.value.id, reason);
    if (!ticket.ok) throw new Error('ticket');
    return ticket.value;
  };

  it('follows the loop with who and when, and refuses each step a second time', () => {
    const opened = openOne('receipt not printed (paperOut); card issued; reprint the saved receipt');
    const tickets = book();
    expect(tickets.list()[0]).toMatchObject({
      number: opened.number,
      state: 'open',
      colour: 'yellow',
      kind: 'receiptPending',
      told: 'receiptByStaff',
      ageMinutes: 0,
    });

    clock += 5 * 60_000;
    const acknowledged = tickets.acknowledge(opened.id, 'A1');
    expect(acknowledged).toMatchObject({
      ok: true,
      ticket: { state: 'acknowledged', acknowledged: { by: '民警 (A1)', at: '2026-12-01T02:05:00.000Z' } },
    });
    expect(tickets.acknowledge(opened.id, 'A2')).toMatchObject({ ok: false, reason: 'alreadyAcknowledged' });
    expect(tickets.close(opened.id, 'A1')).toMatchObject({ ok: false, reason: 'notResolved' });

    const resolved = tickets.resolve(opened.id, 'A1', 'receiptReprinted', 'reprinted and handed over');
    expect(resolved).toMatchObject({
      ok: true,
      ticket: {
        state: 'resolved',
        colour: 'yellow',
        resolved: { by: '民警 (A1)', action: 'receiptReprinted', note: 'reprinted and handed over' },
      },
    });
    // Resolved twice: refused, and the first resolution stands.
    expect(tickets.resolve(opened.id, 'A2', 'other', 'again')).toMatchObject({ ok: false, reason: 'alreadyResolved' });
    expect(tickets.get(opened.id)?.resolved).toMatchObject({ by: '民警 (A1)', action: 'receiptReprinted' });

    const closed = tickets.close(opened.id, 'B7');
    expect(closed).toMatchObject({
      ok: true,
      ticket: { state: 'closed', colour: 'green', closed: { by: '民警 (B7)' } },
    });
    expect(tickets.close(opened.id, 'B7')).toMatchObject({ ok: false, reason: 'alreadyClosed' });
    expect(tickets.resolve(opened.id, 'B7', 'other', 'x')).toMatchObject({ ok: false, reason: 'alreadyClosed' });
    expect(tickets.list()).toEqual([]);
    expect(tickets.list({ includeClosed: true })).toHaveLength(1);
    expect(tickets.acknowledge(999, 'A1')).toMatchObject({ ok: false, reason: 'noSuchTicket' });
  });

  it('resolving straight from open also records the acknowledgement', () => {
    const opened = openOne('payment state unknown: timeout');
    const result = book().resolve(opened.id, 'A1', 'noMoneyTaken', 'provider shows no charge');
    expect(result).toMatchObject({
      ok: true,
      ticket: { acknowledged: { by: '民警 (A1)' }, resolved: { action: 'noMoneyTaken' } },
    });
  });

  it('turns orange after its deadline and red after the second, until resolved', () => {
    const opened = openOne('card printer: cardJam; refunded; application withdrawn');
    const tickets = book();
    clock += 30 * 60_000;
    expect(tickets.get(opened.id)).toMatchObject({ colour: 'orange', ageMinutes: 30 });
    tickets.acknowledge(opened.id, 'A1');
    clock += 90 * 60_000;
    expect(tickets.get(opened.id)).toMatchObject({ colour: 'red', state: 'acknowledged' });
    tickets.resolve(opened.id, 'A1', 'cardHandedOver', 'found the card in the hopper');
    expect(tickets.get(opened.id)?.colour).toBe('yellow');
    expect(ticketColour('open', 0, { orangeAfterMs: 1, redAfterMs: 2 })).toBe('yellow');
  });

  it('a two-screen race resolves once', () => {
    const opened = openOne('payment state unknown: timeout');
    const a = book();
    const b = book();
    const results = [
      a.resolve(opened.id, 'A1', 'noMoneyTaken', 'one'),
      b.resolve(opened.id, 'A2', 'refundMade', 'two'),
    ];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: 'alreadyResolved' });
  });

  it('a transaction with a resolved but unverified ticket is not purged; once closed it is', () => {
    const opened = openOne('receipt not printed (paperOut); card issued; reprint the saved receipt');
    journal.complete(opened.transactionId);
    const tickets = book();
    tickets.resolve(opened.id, 'A1', 'receiptReprinted', 'done');
    clock += 400 * 86_400_000;
    expect(journal.purge(180).transactions).toBe(0);
    tickets.close(opened.id, 'A1');
    expect(journal.purge(180).transactions).toBe(1);
  });
});

describe('what a ticket is about and what the resident was told', () => {
  it.each([
    // services/temp-id/flow.ts
    ['card printer: cardJam; refunded; application withdrawn', 'cardNotPrinted', 'refunded'],
    ['card printer: feederEmpty; refund failed, money still taken', 'refundNeedsStaff', 'refundByStaff'],
    ['payment state unknown: cancel failed', 'moneyUnknown', 'unknownByStaff'],
    ['receipt not printed (paperOut); card issued; reprint the saved receipt', 'receiptPending', 'receiptByStaff'],
    // services/recovery/recovery.ts
    [
      'print failed after payment (card data is not kept after a restart; check the card hopper for a printed card); refunded',
      'cardNotPrinted',
      'notTold',
    ],
    ['refund interrupted by restart; refund failed, money still taken', 'refundNeedsStaff', 'notTold'],
    ['payment state unknown at start-up', 'moneyUnknown', 'notTold'],
    ['receipt not printed before the restart; delivered; reprint the saved receipt', 'receiptPending', 'notTold'],
    ['something else entirely', 'other', 'notTold'],
  ])('%s → %s, told %s', (reason, kind, told) => {
    expect(ticketMeaning(reason)).toEqual({ kind, told });
  });
});
