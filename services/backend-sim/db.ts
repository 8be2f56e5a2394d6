/**
 * The simulator's SQLite database: one schema, STRICT tables. In-memory by default, or a file.
 */
import Database from 'better-sqlite3';

export type SimDatabase = Database.Database;

/** A row of `residents`: the registry's record of a person. */
export interface ResidentRow {
  id_number: string; name: string; sex: 'male' | 'female'; ethnicity: string; birth_date: string; registered_address: string;
  region_code: string; jurisdiction_code: string; jurisdiction_name: string; photo_ref: string; face_never_matches: number;
  criminal_record: 'none' | 'record' | 'sealedJuvenile';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS residents (
  id_number TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('male','female')),
  ethnicity TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  registered_address TEXT NOT NULL,
  region_code TEXT NOT NULL,
  jurisdiction_code TEXT NOT NULL,
  jurisdiction_name TEXT NOT NULL,
  photo_ref TEXT NOT NULL,
  face_never_matches INTEGER NOT NULL DEFAULT 0,
  criminal_record TEXT NOT NULL DEFAULT 'none' CHECK (criminal_record IN ('none','record','sealedJuvenile'))
) STRICT;

CREATE TABLE IF NOT EXISTS applications (
  application_no TEXT PRIMARY KEY,
  id_number TEXT NOT NULL REFERENCES residents(id_number),
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  valid_until TEXT,
  payment_order_id TEXT UNIQUE,
  note TEXT
) STRICT;

CREATE TABLE IF NOT EXISTS licences (
  licence_number TEXT PRIMARY KEY REFERENCES residents(id_number),
  file_number TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('valid','suspended','revoked','expired')),
  points_in_cycle INTEGER NOT NULL,
  cycle_ends TEXT NOT NULL,
  permitted_class TEXT NOT NULL DEFAULT 'C1'
) STRICT;

CREATE TABLE IF NOT EXISTS vehicles (
  plate_number TEXT NOT NULL,
  plate_type TEXT NOT NULL,
  vin TEXT NOT NULL,
  owner_id_number TEXT NOT NULL REFERENCES residents(id_number),
  commercial INTEGER NOT NULL DEFAULT 0,
  use TEXT NOT NULL DEFAULT 'private',
  engine_no TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (plate_number, plate_type)
) STRICT;

CREATE TABLE IF NOT EXISTS violations (
  violation_no TEXT PRIMARY KEY,
  plate_number TEXT NOT NULL,
  plate_type TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  place TEXT NOT NULL,
  behaviour_code TEXT NOT NULL,
  behaviour_text TEXT NOT NULL,
  points INTEGER NOT NULL,
  fine_fen INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('camera','onSite')),
  highway INTEGER NOT NULL DEFAULT 0,
  handled INTEGER NOT NULL DEFAULT 0,
  paid INTEGER NOT NULL DEFAULT 0,
  decision_no TEXT UNIQUE,
  decided_at TEXT,
  due_date TEXT,
  licence_number TEXT,
  detecting_authority TEXT NOT NULL,
  decision_place TEXT,
  handled_via TEXT,
  FOREIGN KEY (plate_number, plate_type) REFERENCES vehicles(plate_number, plate_type)
) STRICT;

CREATE TABLE IF NOT EXISTS payment_orders (
  order_id TEXT PRIMARY KEY,
  transaction_id TEXT,
  amount_fen INTEGER NOT NULL,
  purpose TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  qr_payload TEXT NOT NULL,
  reference TEXT,
  refs TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  paid_at TEXT,
  refunded_fen INTEGER NOT NULL DEFAULT 0,
  failed_attempts INTEGER NOT NULL DEFAULT 0
) STRICT;

-- What the simulated payment provider actually moved: one row per charge or refund.
CREATE TABLE IF NOT EXISTS provider_ledger (
  entry_id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL REFERENCES payment_orders(order_id),
  kind TEXT NOT NULL CHECK (kind IN ('charge','refund')),
  method TEXT NOT NULL CHECK (method IN ('code','qr','refund')),
  amount_fen INTEGER NOT NULL,
  reference TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS certificates (
  certificate_no TEXT PRIMARY KEY,
  id_number TEXT NOT NULL REFERENCES residents(id_number),
  year INTEGER NOT NULL,
  purpose TEXT,
  issued_at TEXT NOT NULL,
  verification_code TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS idempotency (
  client_id TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (client_id, idem_key)
) STRICT;

CREATE TABLE IF NOT EXISTS counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
`;

/** Opens (and creates) the database; `path` undefined or ':memory:' for in-memory. */
export function openSimDatabase(path?: string): SimDatabase {
  const db = new Database(path ?? ':memory:');
  db.pragma('foreign_keys = ON');
  if (path && path !== ':memory:') db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  addMissingColumns(db);
  return db;
}

/** Next value of a named counter (inside the caller's transaction). */
export function nextCounter(db: SimDatabase, name: string): number {
  const row = db
    .prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value')
    .get(name) as { value: number };
  return row.value;
}

/** Columns added after the first release: a database file from an older simulator gets them here. */
const ADDED_COLUMNS: [table: string, column: string, definition: string][] = [
  ['licences', 'permitted_class', "TEXT NOT NULL DEFAULT 'C1'"],
  ['vehicles', 'use', "TEXT NOT NULL DEFAULT 'private'"],
  ['vehicles', 'engine_no', "TEXT NOT NULL DEFAULT ''"],
  ['violations', 'decision_place', 'TEXT'],
  ['violations', 'handled_via', 'TEXT'],
  ['payment_orders', 'refs', 'TEXT'],
  ['applications', 'pick_up_place', 'TEXT'],
];

function addMissingColumns(db: SimDatabase): void {
  for (const [table, column, definition] of ADDED_COLUMNS) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
    if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
}
