import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type Journal } from './journal';
import { MIGRATIONS, migrate } from './migrations';
import { containsUnmaskedIdNumber, maskIdNumber, redactIdNumbers } from './personalData';

const ID = '11010519491231002X';
let dir: string;
let journal: Journal | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'journal-'));
});
afterEach(() => {
  journal?.close();
  journal = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function open(options: Parameters<typeof openJournal>[1] = {}): Journal {
  journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001', ...options });
  return journal;
}

function mustOk<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('journal', () => {
  it('numbers transactions readably and per day, and stores only the masked ID number', () => {
    const day = new Date(2026, 10, 23, 9, 30);
    const j = open({ now: () => day });
    const a = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000, idNumber: ID }));
    const b = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    expect(a.id).toBe('TK001-20261123-00001');
    expect(b.id).toBe('TK001-20261123-00002');
    expect(a.status).toBe('open');
    expect(a.maskedIdNumber).toBe('110105********002X');
    j.close();
    const raw = new Database(join(dir, 'journal.db'), { readonly: true });
    const dump = JSON.stringify(raw.prepare('SELECT * FROM transactions').all());
    raw.close();
    expect(dump).not.toContain(ID);
    expect(dump).not.toContain('19491231');
  });

  it('uses WAL, synchronous=FULL, foreign keys and the latest schema version', () => {
    const j = open();
    j.close();
    const raw = new Database(join(dir, 'journal.db'));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
    expect(j.schemaVersion).toBe(MIGRATIONS.length);
  });

  it('creates the kiosk secret once, with mode 0600, and keeps lookups working across reopen', () => {
    const j = open();
    const tx = mustOk(j.begin({ service: 'traffic', amountFen: 20000, idNumber: ID.toLowerCase() }));
    j.close();
    const secretPath = join(dir, 'kiosk-secret.key');
    expect(statSync(secretPath).mode & 0o777).toBe(0o600);
    const reopened = open();
    const found = mustOk(reopened.findByIdNumber(ID));
    expect(found.map((t) => t.id)).toEqual([tx.id]);
    expect(mustOk(reopened.findByIdNumber('110105194912310036'))).toEqual([]);
    expect(reopened.findByIdNumber('12345').ok).toBe(false);
  });

  it('records steps in order; the same step recorded twice is one step', () => {
    const j = open();
    const tx = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    const first = mustOk(j.recordStep(tx.id, { kind: 'paymentCreated', idempotencyKey: 'a1', data: { orderId: 'O1' } }));
    const again = mustOk(j.recordStep(tx.id, { kind: 'paymentCreated', idempotencyKey: 'a1', data: { orderId: 'O-other' } }));
    const second = mustOk(j.recordStep(tx.id, { kind: 'paymentCreated', idempotencyKey: 'a2', data: { orderId: 'O2' } }));
    mustOk(j.recordStep(tx.id, { kind: 'paid' }));
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.step.data).toEqual({ orderId: 'O1' });
    expect(second).toMatchObject({ duplicate: false, step: { seq: 2 } });
    const steps = j.find(tx.id)!.steps;
    expect(steps.map((s) => [s.seq, s.kind, s.idempotencyKey])).toEqual([
      [1, 'paymentCreated', 'a1'],
      [2, 'paymentCreated', 'a2'],
      [3, 'paid', ''],
    ]);
  });

  it('refuses step data, reasons and receipts that contain an unmasked ID number', () => {
    const j = open();
    const tx = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    const refused = j.recordStep(tx.id, { kind: 'identityChecked', data: { person: { id: ID } } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('unmaskedPersonalData');
    expect(j.recordStep(tx.id, { kind: 'identityChecked', data: { note: `id ${ID.slice(0, 17)}x` } }).ok).toBe(false);
    expect(j.fail(tx.id, `bad card ${ID}`).ok).toBe(false);
    expect(j.saveReceipt(tx.id, 'card', { id: ID }).ok).toBe(false);
    expect(j.openTicket(tx.id, `check ${ID}`).ok).toBe(false);
    expect(j.find(tx.id)!.steps).toEqual([]);
    // masked numbers and long order numbers are fine
    expect(j.recordStep(tx.id, { kind: 'identityChecked', data: { id: maskIdNumber(ID), orderNo: '20261123000000000001234' } }).ok).toBe(true);
  });

  it('refuses steps for unknown transactions and unknown kinds without throwing', () => {
    const j = open();
    const missing = j.recordStep('nope', { kind: 'paid' });
    expect(!missing.ok && missing.error.code).toBe('notFound');
    const tx = mustOk(j.begin({ service: 'help', amountFen: 0 }));
    const bad = j.recordStep(tx.id, { kind: 'teleported' as never });
    expect(!bad.ok && bad.error.code).toBe('invalidInput');
    expect(j.begin({ service: 'help', amountFen: -1 }).ok).toBe(false);
    expect(j.begin({ service: 'help', amountFen: 0, idNumber: 'abc' }).ok).toBe(false);
  });

  it('finishes transactions once; finishing again with the same status is a no-op', () => {
    const j = open();
    const a = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    const b = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    expect(j.unfinished().map((t) => t.id)).toEqual([a.id, b.id]);
    expect(mustOk(j.complete(a.id)).changed).toBe(true);
    expect(mustOk(j.complete(a.id)).changed).toBe(false);
    const conflict = j.fail(a.id, 'late failure');
    expect(!conflict.ok && conflict.error.code).toBe('alreadyFinished');
    expect(mustOk(j.finish(b.id, 'handedToStaff', 'printer jammed')).transaction.reason).toBe('printer jammed');
    expect(j.unfinished()).toEqual([]);
    expect(j.find(a.id)!.status).toBe('done');
  });

  it('keeps everything across close and reopen, and migrations are idempotent', () => {
    const j = open();
    const tx = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    mustOk(j.recordStep(tx.id, { kind: 'paid', data: { orderId: 'O1' } }));
    mustOk(j.openTicket(tx.id, 'print failed'));
    mustOk(j.saveReceipt(tx.id, 'payment', { amountFen: 1000, orderId: 'O1' }));
    j.close();
    j.close(); // closing twice is harmless
    const again = open();
    expect(again.find(tx.id)!.steps.map((s) => s.kind)).toEqual(['paid']);
    expect(again.openTickets().map((t) => t.reason)).toEqual(['print failed']);
    expect(again.receipts(tx.id)[0]!.payload).toEqual({ amountFen: 1000, orderId: 'O1' });
    const next = mustOk(again.begin({ service: 'tempIdCard', amountFen: 1000 }));
    expect(next.id).not.toBe(tx.id);
    again.close();
    const raw = new Database(join(dir, 'journal.db'));
    expect(migrate(raw)).toBe(MIGRATIONS.length);
    expect(migrate(raw)).toBe(MIGRATIONS.length);
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
  });

  it('refuses a database written by newer software', () => {
    const path = join(dir, 'journal.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openJournal(path)).toThrow(/newer/);
  });

  it('opens one ticket per transaction and reason until it is resolved', () => {
    const j = open();
    const tx = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    const t1 = mustOk(j.openTicket(tx.id, 'refund failed'));
    const t2 = mustOk(j.openTicket(tx.id, 'refund failed'));
    expect(t2.id).toBe(t1.id);
    expect(j.openTickets()).toHaveLength(1);
    expect(mustOk(j.resolveTicket(t1.id, 'cash refund given')).resolvedAt).not.toBeNull();
    expect(j.openTickets()).toHaveLength(0);
    expect(mustOk(j.openTicket(tx.id, 'refund failed')).id).not.toBe(t1.id);
  });

  it('purges finished transactions older than the retention period, with counts', () => {
    let clock = new Date('2026-01-01T10:00:00Z');
    const j = open({ now: () => clock });
    const oldDone = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    mustOk(j.recordStep(oldDone.id, { kind: 'paid' }));
    mustOk(j.recordStep(oldDone.id, { kind: 'printed' }));
    mustOk(j.saveReceipt(oldDone.id, 'payment', { amountFen: 1000 }));
    mustOk(j.complete(oldDone.id));
    const oldOpen = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    const oldTicketed = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    mustOk(j.finish(oldTicketed.id, 'handedToStaff', 'card jam'));
    mustOk(j.openTicket(oldTicketed.id, 'card jam'));
    clock = new Date('2026-03-01T10:00:00Z');
    const recent = mustOk(j.begin({ service: 'tempIdCard', amountFen: 1000 }));
    mustOk(j.complete(recent.id));

    expect(j.purge(30)).toEqual({ transactions: 1, steps: 2, tickets: 0, receipts: 1 });
    expect(j.find(oldDone.id)).toBeUndefined();
    expect(j.find(oldOpen.id)).toBeDefined(); // never purge what recovery still has to resolve
    expect(j.find(oldTicketed.id)).toBeDefined(); // nor what staff still has to look at
    expect(j.find(recent.id)).toBeDefined();
    expect(j.purge(30)).toEqual({ transactions: 0, steps: 0, tickets: 0, receipts: 0 });
  });
});

describe('personal data', () => {
  it('masks 18-character numbers as first 6, eight stars, last 4', () => {
    expect(maskIdNumber(ID)).toBe('110105********002X');
  });
  it('detects unmasked ID numbers but not masked ones or longer digit runs', () => {
    expect(containsUnmaskedIdNumber(`{"id":"${ID}"}`)).toBe(true);
    expect(containsUnmaskedIdNumber('110105********002X')).toBe(false);
    expect(containsUnmaskedIdNumber('1101051949123100231')).toBe(false);
    expect(containsUnmaskedIdNumber('amount 1000')).toBe(false);
  });
  it('redacts every ID number in free text', () => {
    expect(redactIdNumbers(`card ${ID} and ${ID.toLowerCase()} refused`)).toBe('card 110105********002X and 110105********002X refused');
  });
});
