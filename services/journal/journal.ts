/**
 * The crash-safe transaction journal: the kiosk's memory of every transaction that may involve
 * money. A step counts as done only once its row is committed and fsync'd; start-up recovery
 * reads the journal to finish whatever a crash or power cut interrupted.
 *
 * Durability: WAL mode with `synchronous=FULL`. In WAL mode `NORMAL` only syncs at checkpoints,
 * so a commit survives a process crash but can be lost on power failure; the kiosk's worst case
 * (money taken, no card printed, no record of it) is exactly a power cut after "paid", so every
 * commit is synced to the WAL file before better-sqlite3 returns. better-sqlite3 is synchronous:
 * when a write method returns, the row is on disk.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_TIME_ZONE } from '../../contract/clock';
import { migrate } from './migrations';
import { checkedJson, checkedText, localDay, toStep, toTicket, toTransaction, type StepRow, type TicketRow, type TransactionRow } from './rows';
import { containsUnmaskedIdNumber, keyedIdHash, maskIdNumber, normaliseIdNumber } from './personalData';
import { loadOrCreateSecret } from './secret';
import { ok } from '../../contract/result';
import {
  journalFail,
  StepKind,
  TransactionStatus,
  type BeginInput,
  type JournalResult,
  type PurgeCounts,
  type Receipt,
  type StaffTicket,
  type Step,
  type StepData,
  type StepInput,
  type Transaction,
  type TransactionWithSteps,
} from './types';

export interface JournalOptions {
  /** Kiosk id from the configuration; part of every transaction number. */
  kioskId?: string;
  /** Where the ID-hash secret lives; defaults to `kiosk-secret.key` next to the journal file. */
  secretPath?: string;
  /** Clock, injectable for tests of retention and numbering. */
  now?: () => Date;
  /** The post's time zone: transaction and ticket numbers carry its calendar date. */
  timeZone?: string;
}

export type FinalStatus = Exclude<TransactionStatus, 'open'>;

export interface FinishOutcome {
  transaction: Transaction;
  /** False when the transaction already had this status (finishing is idempotent). */
  changed: boolean;
}

export interface RecordOutcome {
  step: Step;
  /** True when this step (same kind and idempotency key) was already recorded: nothing was written. */
  duplicate: boolean;
}

export interface Journal {
  readonly path: string;
  readonly schemaVersion: number;
  /**
   * The kiosk's persistent store, for modules that keep their own tables in it (the staff console:
   * tickets' closed loop, audit, consumables). Their tables come from migrations.ts like every other.
   */
  readonly database: Database.Database;
  /** Opens a new transaction and gives it the next readable number, e.g. `TK001-20261123-00042`. */
  begin(input: BeginInput): JournalResult<Transaction>;
  /** Records a step; recording the same (kind, idempotency key) twice is one step. */
  recordStep(transactionId: string, step: StepInput): JournalResult<RecordOutcome>;
  /** Marks an open transaction done. */
  complete(transactionId: string): JournalResult<FinishOutcome>;
  /** Marks an open transaction failed, with a reason for staff (no personal data). */
  fail(transactionId: string, reason: string): JournalResult<FinishOutcome>;
  /** Gives an open transaction any final status (refunded, handedToStaff, …). */
  finish(transactionId: string, status: FinalStatus, reason?: string): JournalResult<FinishOutcome>;
  /** Open transactions, oldest first, with their steps: what start-up recovery must resolve. */
  unfinished(): TransactionWithSteps[];
  find(transactionId: string): TransactionWithSteps | undefined;
  /** Transactions of one person, found through the keyed hash of the ID number. */
  findByIdNumber(idNumber: string): JournalResult<TransactionWithSteps[]>;
  /** Opens a staff ticket; an identical open ticket is returned instead of a second one. */
  openTicket(transactionId: string, reason: string): JournalResult<StaffTicket>;
  openTickets(): StaffTicket[];
  resolveTicket(ticketId: number, resolution: string): JournalResult<StaffTicket>;
  /** Stores (or replaces) a reprintable receipt payload for staff. */
  saveReceipt(transactionId: string, kind: string, payload: StepData): JournalResult<Receipt>;
  receipts(transactionId: string): Receipt[];
  /** Deletes finished transactions (and their steps, receipts, resolved tickets) older than N days. */
  purge(retentionDays: number): PurgeCounts;
  /** Row counts, for benchmarks and health checks. */
  counts(): { transactions: number; steps: number; openTickets: number };
  close(): void;
}

const KIOSK_ID = /^[A-Za-z0-9-]{1,32}$/;

/**
 * Opens (creating if needed) the journal at `path`, migrates it to the current schema and
 * loads the kiosk secret. Throws only when the disk or database is unusable: without a
 * journal the kiosk must not take money.
 */
export function openJournal(path: string, options: JournalOptions = {}): Journal {
  const kioskId = options.kioskId ?? 'K0';
  if (!KIOSK_ID.test(kioskId)) throw new Error(`invalid kiosk id for the journal: ${JSON.stringify(kioskId)}`);
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  mkdirSync(dirname(path), { recursive: true });
  const secret = loadOrCreateSecret(options.secretPath ?? join(dirname(path), 'kiosk-secret.key'));

  const db = new Database(path);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`journal could not switch to WAL mode (got ${String(mode)})`);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const schemaVersion = migrate(db);

  const sql = {
    nextSequence: db.prepare<[string], { last: number }>(
      `INSERT INTO transaction_sequence (day, last) VALUES (?, 1)
       ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`,
    ),
    insertTransaction: db.prepare(
      `INSERT INTO transactions (id, service, status, amount_fen, masked_id, id_hash, reason, created_at, updated_at)
       VALUES (@id, @service, 'open', @amountFen, @maskedId, @idHash, NULL, @at, @at)`,
    ),
    transaction: db.prepare<[string], TransactionRow>(`SELECT * FROM transactions WHERE id = ?`),
    stepsOf: db.prepare<[string], StepRow>(`SELECT * FROM steps WHERE transaction_id = ? ORDER BY seq`),
    stepByKey: db.prepare<[string, string, string], StepRow>(
      `SELECT * FROM steps WHERE transaction_id = ? AND kind = ? AND idempotency_key = ?`,
    ),
    insertStep: db.prepare(
      `INSERT INTO steps (transaction_id, seq, kind, idempotency_key, data, at)
       VALUES (@transactionId, (SELECT coalesce(max(seq), 0) + 1 FROM steps WHERE transaction_id = @transactionId),
               @kind, @idempotencyKey, @data, @at)`,
    ),
    touch: db.prepare(`UPDATE transactions SET updated_at = ? WHERE id = ?`),
    setStatus: db.prepare(`UPDATE transactions SET status = ?, reason = ?, updated_at = ? WHERE id = ? AND status = 'open'`),
    open: db.prepare<[], TransactionRow>(`SELECT * FROM transactions WHERE status = 'open' ORDER BY created_at, id`),
    byHash: db.prepare<[string], TransactionRow>(`SELECT * FROM transactions WHERE id_hash = ? ORDER BY created_at, id`),
    openTicketFor: db.prepare<[string, string], TicketRow>(
      `SELECT * FROM staff_tickets WHERE transaction_id = ? AND reason = ? AND resolved_at IS NULL`,
    ),
    insertTicket: db.prepare<[string, string, string, string], TicketRow>(
      `INSERT INTO staff_tickets (transaction_id, reason, created_at, number) VALUES (?, ?, ?, ?) RETURNING *`,
    ),
    openTickets: db.prepare<[], TicketRow>(`SELECT * FROM staff_tickets WHERE resolved_at IS NULL ORDER BY id`),
    ticket: db.prepare<[number], TicketRow>(`SELECT * FROM staff_tickets WHERE id = ?`),
    resolveTicket: db.prepare(`UPDATE staff_tickets SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL`),
    upsertReceipt: db.prepare(
      `INSERT INTO receipts (transaction_id, kind, payload, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (transaction_id, kind) DO UPDATE SET payload = excluded.payload, created_at = excluded.created_at`,
    ),
    receipts: db.prepare<[string], { transaction_id: string; kind: string; payload: string; created_at: string }>(
      `SELECT * FROM receipts WHERE transaction_id = ? ORDER BY kind`,
    ),
    // A ticket keeps its transaction until staff have verified and closed it (or resolved it, for tickets
    // resolved before the closed loop existed).
    purgeable: `FROM transactions t WHERE t.status <> 'open' AND t.updated_at < @cutoff
                AND NOT EXISTS (SELECT 1 FROM staff_tickets s WHERE s.transaction_id = t.id
                                AND (s.resolved_at IS NULL OR (s.closed_at IS NULL AND s.resolved_by IS NOT NULL)))`,
    counts: db.prepare<[], { transactions: number; steps: number; openTickets: number }>(
      `SELECT (SELECT count(*) FROM transactions) AS transactions, (SELECT count(*) FROM steps) AS steps,
              (SELECT count(*) FROM staff_tickets WHERE resolved_at IS NULL) AS openTickets`,
    ),
  };
  const purgeCount = (table: 'steps' | 'staff_tickets' | 'receipts') =>
    db.prepare<{ cutoff: string }, { n: number }>(
      `SELECT count(*) AS n FROM ${table} WHERE transaction_id IN (SELECT t.id ${sql.purgeable})`,
    );
  const purgeStatements = {
    steps: purgeCount('steps'),
    tickets: purgeCount('staff_tickets'),
    receipts: purgeCount('receipts'),
    deleteTransactions: db.prepare<{ cutoff: string }>(`DELETE FROM transactions WHERE id IN (SELECT t.id ${sql.purgeable})`),
  };

  const withSteps = (row: TransactionRow): TransactionWithSteps => ({
    ...toTransaction(row),
    steps: sql.stepsOf.all(row.id).map(toStep),
  });

  const beginTx = db.transaction((input: BeginInput, id: string, at: string, masked: string | null, hash: string | null) => {
    sql.insertTransaction.run({ id, service: input.service, amountFen: input.amountFen, maskedId: masked, idHash: hash, at });
  });

  const recordTx = db.transaction((transactionId: string, kind: StepKind, key: string, data: string, at: string): RecordOutcome => {
    const existing = sql.stepByKey.get(transactionId, kind, key);
    if (existing) return { step: toStep(existing), duplicate: true };
    sql.insertStep.run({ transactionId, kind, idempotencyKey: key, data, at });
    sql.touch.run(at, transactionId);
    return { step: toStep(sql.stepByKey.get(transactionId, kind, key)!), duplicate: false };
  });

  const finishTx = db.transaction(
    (transactionId: string, status: FinalStatus, reason: string | null, at: string): JournalResult<FinishOutcome> => {
      const row = sql.transaction.get(transactionId);
      if (!row) return journalFail('notFound', `no transaction ${transactionId}`);
      if (row.status === status) return ok({ transaction: toTransaction(row), changed: false });
      if (row.status !== 'open') {
        return journalFail('alreadyFinished', `transaction ${transactionId} is already ${row.status}, cannot become ${status}`);
      }
      sql.setStatus.run(status, reason, at, transactionId);
      return ok({ transaction: toTransaction(sql.transaction.get(transactionId)!), changed: true });
    },
  );

  const ticketTx = db.transaction((transactionId: string, reason: string, date: Date): StaffTicket => {
    const existing = sql.openTicketFor.get(transactionId, reason);
    if (existing) return toTicket(existing);
    const day = localDay(date, timeZone);
    const seq = sql.nextSequence.get(`W${day}`)!.last;
    return toTicket(sql.insertTicket.get(transactionId, reason, date.toISOString(), `W${kioskId}-${day}-${String(seq).padStart(3, '0')}`)!);
  });

  const purgeTx = db.transaction((cutoff: string): PurgeCounts => {
    const steps = purgeStatements.steps.get({ cutoff })!.n;
    const tickets = purgeStatements.tickets.get({ cutoff })!.n;
    const receipts = purgeStatements.receipts.get({ cutoff })!.n;
    const transactions = purgeStatements.deleteTransactions.run({ cutoff }).changes;
    return { transactions, steps, tickets, receipts };
  });

  const finish = (transactionId: string, status: FinalStatus, reason?: string): JournalResult<FinishOutcome> => {
    if (!TransactionStatus.safeParse(status).success || status === ('open' as string)) {
      return journalFail('invalidInput', `not a final status: ${String(status)}`);
    }
    let checkedReason: string | null = null;
    if (reason !== undefined) {
      const checked = checkedText(reason, 'reason');
      if (!checked.ok) return checked;
      checkedReason = checked.value;
    }
    return finishTx(transactionId, status, checkedReason, now().toISOString());
  };

  let closed = false;

  return {
    path,
    schemaVersion,
    database: db,

    begin(input) {
      if (typeof input.service !== 'string' || input.service.length === 0 || input.service.length > 64) {
        return journalFail('invalidInput', 'service must be 1..64 characters');
      }
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen < 0) {
        return journalFail('invalidInput', 'amountFen must be a non-negative integer');
      }
      let masked: string | null = null;
      let hash: string | null = null;
      if (input.idNumber !== undefined) {
        const idNumber = normaliseIdNumber(input.idNumber);
        if (!idNumber) return journalFail('invalidInput', 'idNumber is not an 18-character ID number');
        masked = maskIdNumber(idNumber);
        hash = keyedIdHash(secret, idNumber);
      }
      const date = now();
      const at = date.toISOString();
      const day = localDay(date, timeZone);
      const id = db.transaction(() => {
        const seq = sql.nextSequence.get(day)!.last;
        const txId = `T${kioskId}-${day}-${String(seq).padStart(5, '0')}`;
        beginTx(input, txId, at, masked, hash);
        return txId;
      })();
      return ok(toTransaction(sql.transaction.get(id)!));
    },

    recordStep(transactionId, step) {
      const kind = StepKind.safeParse(step.kind);
      if (!kind.success) return journalFail('invalidInput', `unknown step kind ${JSON.stringify(step.kind)}`);
      const key = step.idempotencyKey ?? '';
      if (key.length > 200) return journalFail('invalidInput', 'idempotencyKey is longer than 200 characters');
      if (containsUnmaskedIdNumber(key)) return journalFail('unmaskedPersonalData', 'idempotencyKey contains an unmasked ID number');
      const json = checkedJson(step.data ?? {}, `data of step ${kind.data}`);
      if (!json.ok) return json;
      if (!sql.transaction.get(transactionId)) return journalFail('notFound', `no transaction ${transactionId}`);
      return ok(recordTx(transactionId, kind.data, key, json.value, now().toISOString()));
    },

    complete: (transactionId) => finish(transactionId, 'done'),
    fail: (transactionId, reason) => finish(transactionId, 'failed', reason),
    finish,

    unfinished: () => sql.open.all().map(withSteps),

    find(transactionId) {
      const row = sql.transaction.get(transactionId);
      return row ? withSteps(row) : undefined;
    },

    findByIdNumber(idNumber) {
      const normalised = normaliseIdNumber(idNumber);
      if (!normalised) return journalFail('invalidInput', 'not an 18-character ID number');
      return ok(sql.byHash.all(keyedIdHash(secret, normalised)).map(withSteps));
    },

    openTicket(transactionId, reason) {
      const checked = checkedText(reason, 'ticket reason');
      if (!checked.ok) return checked;
      if (!sql.transaction.get(transactionId)) return journalFail('notFound', `no transaction ${transactionId}`);
      return ok(ticketTx(transactionId, checked.value, now()));
    },

    openTickets: () => sql.openTickets.all().map(toTicket),

    resolveTicket(ticketId, resolution) {
      const checked = checkedText(resolution, 'resolution');
      if (!checked.ok) return checked;
      const row = sql.ticket.get(ticketId);
      if (!row) return journalFail('notFound', `no staff ticket ${ticketId}`);
      sql.resolveTicket.run(now().toISOString(), checked.value, ticketId);
      return ok(toTicket(sql.ticket.get(ticketId)!));
    },

    saveReceipt(transactionId, kind, payload) {
      const checkedKind = checkedText(kind, 'receipt kind');
      if (!checkedKind.ok) return checkedKind;
      const json = checkedJson(payload, 'receipt payload');
      if (!json.ok) return json;
      if (!sql.transaction.get(transactionId)) return journalFail('notFound', `no transaction ${transactionId}`);
      const at = now().toISOString();
      sql.upsertReceipt.run(transactionId, kind, json.value, at);
      return ok({ transactionId, kind, payload: JSON.parse(json.value) as StepData, createdAt: at });
    },

    receipts: (transactionId) =>
      sql.receipts.all(transactionId).map((row) => ({
        transactionId: row.transaction_id,
        kind: row.kind,
        payload: JSON.parse(row.payload) as StepData,
        createdAt: row.created_at,
      })),

    purge(retentionDays) {
      if (!Number.isFinite(retentionDays) || retentionDays < 0) throw new RangeError('retentionDays must be >= 0');
      const cutoff = new Date(now().getTime() - retentionDays * 86_400_000).toISOString();
      return purgeTx(cutoff);
    },

    counts: () => sql.counts.get()!,

    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
