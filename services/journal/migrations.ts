/**
 * The journal schema as an append-only list of migrations. `PRAGMA user_version` records how
 * many have run; each runs in its own transaction together with the version bump, so a crash
 * mid-migration leaves the previous version intact and the next start simply runs it again.
 * Never edit a released migration: append a new one.
 */
import type Database from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1: transactions, their steps, staff tickets, reprintable receipts.
  `
  CREATE TABLE transactions (
    id          TEXT PRIMARY KEY,
    service     TEXT NOT NULL CHECK (length(service) BETWEEN 1 AND 64),
    status      TEXT NOT NULL CHECK (status IN ('open', 'done', 'failed', 'refunded', 'handedToStaff')),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    masked_id   TEXT,            -- 110105********002X, never the clear number
    id_hash     TEXT,            -- HMAC-SHA256(kiosk secret, ID number), for lookup only
    reason      TEXT,            -- why it failed / was handed to staff (no personal data)
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  ) STRICT;
  CREATE INDEX transactions_by_status ON transactions (status, created_at);
  CREATE INDEX transactions_by_id_hash ON transactions (id_hash);
  CREATE INDEX transactions_by_updated ON transactions (updated_at);

  CREATE TABLE transaction_sequence (
    day   TEXT PRIMARY KEY,      -- YYYYMMDD, kiosk local time
    last  INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE steps (
    transaction_id   TEXT NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,
    kind             TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL DEFAULT '',
    data             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
    at               TEXT NOT NULL,
    PRIMARY KEY (transaction_id, seq),
    UNIQUE (transaction_id, kind, idempotency_key)
  ) STRICT;

  CREATE TABLE staff_tickets (
    id              INTEGER PRIMARY KEY,
    transaction_id  TEXT NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
    reason          TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    resolved_at     TEXT,
    resolution      TEXT
  ) STRICT;
  -- one open ticket per transaction and reason: opening it again (e.g. recovery run twice) is a no-op
  CREATE UNIQUE INDEX staff_tickets_one_open ON staff_tickets (transaction_id, reason) WHERE resolved_at IS NULL;

  CREATE TABLE receipts (
    transaction_id  TEXT NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL CHECK (json_valid(payload)),
    created_at      TEXT NOT NULL,
    PRIMARY KEY (transaction_id, kind)
  ) STRICT;
  `,
  // 2: staff tickets get a readable number (W<kiosk>-<day>-<seq>) for the screen, the slip and staff.
  `
  ALTER TABLE staff_tickets ADD COLUMN number TEXT;
  UPDATE staff_tickets SET number = 'W-' || id WHERE number IS NULL;
  CREATE UNIQUE INDEX staff_tickets_by_number ON staff_tickets (number);
  `,
  // 3: the staff console. Tickets follow a closed loop (open → acknowledged → resolved → verified and
  // closed, each step with who did it); every staff action is audited; PIN lock-outs survive a
  // restart; consumables are counted from what was printed since the last refill.
  `
  ALTER TABLE staff_tickets ADD COLUMN acknowledged_at TEXT;
  ALTER TABLE staff_tickets ADD COLUMN acknowledged_by TEXT;
  ALTER TABLE staff_tickets ADD COLUMN resolved_by TEXT;
  ALTER TABLE staff_tickets ADD COLUMN resolution_action TEXT;
  ALTER TABLE staff_tickets ADD COLUMN closed_at TEXT;
  ALTER TABLE staff_tickets ADD COLUMN closed_by TEXT;

  CREATE TABLE staff_audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    staff_id  TEXT,              -- the staff code; NULL when nobody was identified (a card not on the list)
    role      TEXT,
    action    TEXT NOT NULL,     -- e.g. signIn, ticket.resolve, device.refill
    target    TEXT,              -- ticket number, transaction number, device id (never personal data)
    outcome   TEXT NOT NULL,     -- ok, or the refusal reason
    detail    TEXT
  ) STRICT;
  CREATE INDEX staff_audit_by_at ON staff_audit (at);

  CREATE TABLE staff_lockouts (
    staff_id      TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    locked_until  TEXT
  ) STRICT;

  CREATE TABLE consumable_counters (
    device_id     TEXT NOT NULL,
    supply        TEXT NOT NULL,
    capacity      REAL NOT NULL CHECK (capacity >= 0),
    used          REAL NOT NULL DEFAULT 0 CHECK (used >= 0),
    refilled_at   TEXT,
    refilled_by   TEXT,
    PRIMARY KEY (device_id, supply)
  ) STRICT;
  `,
  // 4: fleet telemetry (services/fleet). Events wait here while the broker is away (bounded: the
  // oldest are dropped and counted); command nonces are kept until they expire, so a replay is
  // refused even after a restart; every command and its outcome is journaled; services paused by a
  // command stay paused across a restart; consumables use per day feeds the forecast.
  `
  CREATE TABLE fleet_outbox (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    kind     TEXT NOT NULL,
    params   TEXT NOT NULL CHECK (json_valid(params))
  ) STRICT;

  CREATE TABLE fleet_meta (
    key    TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE fleet_nonces (
    id          TEXT PRIMARY KEY,
    expires_at  TEXT NOT NULL
  ) STRICT;
  CREATE INDEX fleet_nonces_by_expiry ON fleet_nonces (expires_at);

  CREATE TABLE fleet_commands (
    seq          INTEGER PRIMARY KEY,
    received_at  TEXT NOT NULL,
    command_id   TEXT,             -- NULL when the command was too malformed to carry one
    staff_id     TEXT,
    action       TEXT,
    target       TEXT,             -- service or device id (never personal data)
    outcome      TEXT NOT NULL,    -- accepted, done, refused, failed
    reason       TEXT,
    message      TEXT
  ) STRICT;
  CREATE INDEX fleet_commands_by_at ON fleet_commands (received_at);

  CREATE TABLE fleet_service_pauses (
    service     TEXT PRIMARY KEY,
    since       TEXT NOT NULL,
    staff_id    TEXT NOT NULL,
    command_id  TEXT NOT NULL
  ) STRICT;

  CREATE TABLE fleet_supply_usage (
    device_id  TEXT NOT NULL,
    supply     TEXT NOT NULL,
    day        TEXT NOT NULL,      -- YYYY-MM-DD, post time zone
    used       REAL NOT NULL CHECK (used >= 0),
    PRIMARY KEY (device_id, supply, day)
  ) STRICT;
  `,
];

/** Brings the database to the latest schema version; running it again is a no-op. Returns the version. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`journal schema version ${current} is newer than this software (${MIGRATIONS.length})`);
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    const sql = MIGRATIONS[version]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return MIGRATIONS.length;
}
