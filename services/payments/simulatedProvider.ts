/**
 * A simulated payment provider: the money side of the police gateway, with its own state in
 * SQLite (in memory, or a file so that it survives a kiosk crash in fault tests). It keeps orders,
 * idempotency records, every charge and every refund, so tests can count exactly how often a
 * resident was charged. Controls let tests play the resident (pay the QR code) and the network
 * (fail calls before or after the provider applied them, land a payment during a cancel).
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { CreatePaymentOrderRequest, PayWithCodeRequest, RefundPaymentRequest } from '../gateway/schemas';
import type { GatewayError, GatewayResult, PaymentOrder, PaymentRefund } from '../gateway/types';
import type { PaymentGateway } from './types';

type Operation = keyof PaymentGateway;

export interface Fault {
  error: GatewayError;
  /** True: the provider applies the call, then the answer is lost (the ambiguous case). */
  afterEffect: boolean;
}

export interface SimulatedPaymentProvider extends PaymentGateway {
  /** The resident pays the order with their app (QR). Returns the order, or why it cannot be paid. */
  payerPays(orderId: string): GatewayResult<PaymentOrder>;
  /** The next `count` calls of `operation` fail with `fault.error` (default: a network error before the effect). */
  failNext(operation: Operation, count: number, fault?: Partial<Fault>): void;
  /** When a cancel for this order arrives, the resident's payment lands just before it. */
  landPaymentOnNextCancel(orderId: string): void;
  /** Number of successful charges (optionally of one order): a resident charged twice shows up here. */
  chargeCount(orderId?: string): number;
  /** Number of refunds (optionally of one order). */
  refundCount(orderId?: string): number;
  /** How many calls of each operation reached the provider. */
  callCount(operation: Operation): number;
  order(orderId: string): PaymentOrder | undefined;
  close(): void;
}

export interface SimulatedProviderOptions {
  /** SQLite file; omit for in-memory. */
  path?: string;
  /** How long a pending order may be paid. */
  orderTtlMs?: number;
  now?: () => Date;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS orders (
  order_id TEXT PRIMARY KEY, provider_tx TEXT, amount_fen INTEGER NOT NULL, purpose TEXT NOT NULL,
  channel TEXT NOT NULL, status TEXT NOT NULL, qr TEXT NOT NULL, reference TEXT,
  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, paid_at TEXT, refunded_fen INTEGER NOT NULL DEFAULT 0,
  land_on_cancel INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE IF NOT EXISTS idempotency (
  operation TEXT NOT NULL, key TEXT NOT NULL, request TEXT NOT NULL, result TEXT NOT NULL,
  PRIMARY KEY (operation, key)
) STRICT;
CREATE TABLE IF NOT EXISTS charges (id INTEGER PRIMARY KEY, order_id TEXT NOT NULL, amount_fen INTEGER NOT NULL, via TEXT NOT NULL, at TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS refunds (refund_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, amount_fen INTEGER NOT NULL, at TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS calls (operation TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT;
`;

interface OrderRow {
  order_id: string;
  provider_tx: string | null;
  amount_fen: number;
  purpose: string;
  channel: string;
  status: string;
  qr: string;
  reference: string | null;
  created_at: string;
  expires_at: string;
  paid_at: string | null;
  refunded_fen: number;
  land_on_cancel: number;
}

const rejected = (status: number, code: string, message: string): GatewayResult<never> => ({
  ok: false,
  error: { kind: 'rejected', status, code, message, retryable: false },
});

const id = (prefix: string, length: number) => prefix + randomBytes(length).toString('hex').toUpperCase().slice(0, length);

/** Creates the simulator. State persists in `path` when given. */
export function createSimulatedPaymentProvider(options: SimulatedProviderOptions = {}): SimulatedPaymentProvider {
  const now = options.now ?? (() => new Date());
  const ttlMs = options.orderTtlMs ?? 5 * 60_000;
  const db = new Database(options.path ?? ':memory:');
  if (options.path) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
  }
  db.exec(SCHEMA);
  const faults = new Map<Operation, Fault[]>();

  const toOrder = (row: OrderRow): PaymentOrder => ({
    orderId: row.order_id,
    transactionId: row.provider_tx,
    amountFen: row.amount_fen,
    purpose: row.purpose as PaymentOrder['purpose'],
    channel: row.channel as PaymentOrder['channel'],
    status: row.status as PaymentOrder['status'],
    qrPayload: row.qr,
    ...(row.reference ? { reference: row.reference } : {}),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    ...(row.paid_at ? { paidAt: row.paid_at } : {}),
    refundedFen: row.refunded_fen,
  });

  /** Reads an order, expiring it first if its time is up. */
  const readOrder = (orderId: string): OrderRow | undefined => {
    const row = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE order_id = ?').get(orderId);
    if (row && row.status === 'pending' && row.expires_at <= now().toISOString()) {
      db.prepare(`UPDATE orders SET status = 'expired' WHERE order_id = ?`).run(orderId);
      row.status = 'expired';
    }
    return row;
  };

  const charge = (row: OrderRow, via: 'qr' | 'code'): void => {
    const at = now().toISOString();
    db.prepare(`UPDATE orders SET status = 'paid', paid_at = ?, provider_tx = ? WHERE order_id = ?`).run(at, id('WX', 24), row.order_id);
    db.prepare('INSERT INTO charges (order_id, amount_fen, via, at) VALUES (?, ?, ?, ?)').run(row.order_id, row.amount_fen, via, at);
  };

  /**
   * Runs one effectful operation the way a real provider does: a known key replays the stored
   * answer, a key reused for a different request is refused, and injected faults hide answers.
   */
  const effectful = <T>(operation: Operation, key: string, request: unknown, apply: () => GatewayResult<T>): Promise<GatewayResult<T>> => {
    db.prepare('INSERT INTO calls (operation, n) VALUES (?, 1) ON CONFLICT (operation) DO UPDATE SET n = n + 1').run(operation);
    const fault = faults.get(operation)?.shift();
    if (fault && !fault.afterEffect) return Promise.resolve({ ok: false, error: fault.error });
    if (!key || key.length > 128) return Promise.resolve(rejected(400, 'idempotencyKeyRequired', 'idempotency key (1-128 chars) required'));
    const requestJson = JSON.stringify(request);
    const result = db.transaction((): GatewayResult<T> => {
      const seen = db
        .prepare<[string, string], { request: string; result: string }>('SELECT request, result FROM idempotency WHERE operation = ? AND key = ?')
        .get(operation, key);
      if (seen) {
        if (seen.request !== requestJson) return rejected(422, 'idempotencyKeyReused', `key ${key} was used for a different request`);
        return JSON.parse(seen.result) as GatewayResult<T>;
      }
      const outcome = apply();
      // Like real providers, only successful effects are remembered; a refusal may be retried.
      if (outcome.ok) db.prepare('INSERT INTO idempotency (operation, key, request, result) VALUES (?, ?, ?, ?)').run(operation, key, requestJson, JSON.stringify(outcome));
      return outcome;
    })();
    return Promise.resolve(fault ? { ok: false, error: fault.error } : result);
  };

  const readOnly = <T>(operation: Operation, read: () => GatewayResult<T>): Promise<GatewayResult<T>> => {
    db.prepare('INSERT INTO calls (operation, n) VALUES (?, 1) ON CONFLICT (operation) DO UPDATE SET n = n + 1').run(operation);
    const fault = faults.get(operation)?.shift();
    if (fault) return Promise.resolve({ ok: false, error: fault.error });
    return Promise.resolve(read());
  };

  const count = (table: 'charges' | 'refunds', orderId?: string): number =>
    orderId === undefined
      ? db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n
      : db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE order_id = ?`).get(orderId)!.n;

  return {
    createPaymentOrder({ idempotencyKey, ...request }) {
      return effectful('createPaymentOrder', idempotencyKey, request, () => {
        const parsed = CreatePaymentOrderRequest.safeParse(request);
        if (!parsed.success) return rejected(400, 'badRequest', parsed.error.issues[0]?.message ?? 'invalid order');
        const created = now();
        const orderId = id('PO', 16);
        db.prepare(
          `INSERT INTO orders (order_id, amount_fen, purpose, channel, status, qr, reference, created_at, expires_at)
           VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
        ).run(
          orderId,
          parsed.data.amountFen,
          parsed.data.purpose,
          parsed.data.channel,
          `https://pay.example.invalid/${parsed.data.channel}/${orderId}`,
          parsed.data.reference ?? null,
          created.toISOString(),
          new Date(created.getTime() + ttlMs).toISOString(),
        );
        return { ok: true, value: toOrder(readOrder(orderId)!) };
      });
    },

    payWithCode({ idempotencyKey, orderId, ...request }) {
      return effectful('payWithCode', idempotencyKey, { orderId, ...request }, () => {
        const parsed = PayWithCodeRequest.safeParse(request);
        const row = readOrder(orderId);
        if (!row) return rejected(404, 'notFound', `no order ${orderId}`);
        if (!parsed.success || !/^(1[0-5]|2[5-9]|30|62)/.test(parsed.data.authCode)) return rejected(422, 'invalidAuthCode', 'not a payment code');
        if (row.status === 'expired') return rejected(409, 'orderExpired', 'order expired');
        if (row.status !== 'pending') return rejected(409, 'orderNotPending', `order is ${row.status}`);
        if (parsed.data.authCode.endsWith('4444')) return rejected(402, 'insufficientFunds', 'insufficient funds');
        charge(row, 'code');
        return { ok: true, value: toOrder(readOrder(orderId)!) };
      });
    },

    getPaymentOrder({ orderId }) {
      return readOnly('getPaymentOrder', () => {
        const row = readOrder(orderId);
        return row ? { ok: true, value: toOrder(row) } : rejected(404, 'notFound', `no order ${orderId}`);
      });
    },

    cancelPaymentOrder({ idempotencyKey, orderId }) {
      return effectful('cancelPaymentOrder', idempotencyKey, { orderId }, () => {
        let row = readOrder(orderId);
        if (!row) return rejected(404, 'notFound', `no order ${orderId}`);
        if (row.land_on_cancel && row.status === 'pending') {
          charge(row, 'qr'); // the resident's payment wins the race
          db.prepare('UPDATE orders SET land_on_cancel = 0 WHERE order_id = ?').run(orderId);
          row = readOrder(orderId)!;
        }
        if (row.status !== 'pending') return rejected(409, 'orderNotPending', `order is ${row.status}`);
        db.prepare(`UPDATE orders SET status = 'cancelled' WHERE order_id = ?`).run(orderId);
        return { ok: true, value: toOrder(readOrder(orderId)!) };
      });
    },

    refundPayment({ idempotencyKey, orderId, ...request }) {
      return effectful('refundPayment', idempotencyKey, { orderId, ...request }, () => {
        const parsed = RefundPaymentRequest.safeParse(request);
        if (!parsed.success) return rejected(400, 'badRequest', parsed.error.issues[0]?.message ?? 'invalid refund');
        const row = readOrder(orderId);
        if (!row) return rejected(404, 'notFound', `no order ${orderId}`);
        if (row.status !== 'paid' && row.status !== 'partiallyRefunded') return rejected(409, 'orderNotPaid', `order is ${row.status}`);
        const remaining = row.amount_fen - row.refunded_fen;
        const amount = parsed.data.amountFen ?? remaining;
        if (amount > remaining || amount <= 0) return rejected(409, 'refundExceedsPaid', `refund ${amount} exceeds ${remaining}`);
        const refundId = id('RF', 16);
        const at = now().toISOString();
        const refundedFen = row.refunded_fen + amount;
        db.prepare('INSERT INTO refunds (refund_id, order_id, amount_fen, at) VALUES (?, ?, ?, ?)').run(refundId, orderId, amount, at);
        db.prepare('UPDATE orders SET refunded_fen = ?, status = ? WHERE order_id = ?').run(
          refundedFen,
          refundedFen === row.amount_fen ? 'refunded' : 'partiallyRefunded',
          orderId,
        );
        const refund: PaymentRefund = { refundId, amountFen: amount, refundedAt: at, order: toOrder(readOrder(orderId)!) };
        return { ok: true, value: refund };
      });
    },

    payerPays(orderId) {
      const row = readOrder(orderId);
      if (!row) return rejected(404, 'notFound', `no order ${orderId}`);
      if (row.status !== 'pending') return rejected(409, row.status === 'expired' ? 'orderExpired' : 'orderNotPending', `order is ${row.status}`);
      charge(row, 'qr');
      return { ok: true, value: toOrder(readOrder(orderId)!) };
    },

    failNext(operation, count, fault = {}) {
      const list = faults.get(operation) ?? [];
      for (let i = 0; i < count; i++) {
        list.push({
          error: fault.error ?? { kind: 'network', message: 'simulated network failure', retryable: true },
          afterEffect: fault.afterEffect ?? false,
        });
      }
      faults.set(operation, list);
    },

    landPaymentOnNextCancel(orderId) {
      db.prepare('UPDATE orders SET land_on_cancel = 1 WHERE order_id = ?').run(orderId);
    },

    chargeCount: (orderId) => count('charges', orderId),
    refundCount: (orderId) => count('refunds', orderId),
    callCount: (operation) => db.prepare<[string], { n: number }>('SELECT n FROM calls WHERE operation = ?').get(operation)?.n ?? 0,
    order: (orderId) => {
      const row = readOrder(orderId);
      return row ? toOrder(row) : undefined;
    },
    close: () => {
      if (db.open) db.close();
    },
  };
}
