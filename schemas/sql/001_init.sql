-- jxjyd central store, version 1. Applied once, in a transaction, at start-up;
-- PRAGMA user_version records the last migration applied.

-- County -> 教管中心 -> schools, and 直属 units. Each submitting unit has one account.
CREATE TABLE units (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('county', 'center', 'school', 'direct')),
  parent_code TEXT REFERENCES units(code)
);

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  unit_code     TEXT NOT NULL REFERENCES units(code),
  role          TEXT NOT NULL CHECK (role IN ('unit', 'reviewer', 'admin')),
  password_hash TEXT NOT NULL,               -- Argon2id, encoded with its parameters
  must_change   INTEGER NOT NULL DEFAULT 1,  -- a random initial password is changed at first login
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  INTEGER NOT NULL DEFAULT 0,  -- unix seconds
  created_at    INTEGER NOT NULL
);

-- Bearer tokens, stored as SHA-256 of the token; idle and absolute expiry are checked on use.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
);

-- The teacher registry (泸县教师继续教育管理系统): who belongs where, who has left.
CREATE TABLE teachers (
  id        TEXT PRIMARY KEY CHECK (length(id) = 9),
  name      TEXT NOT NULL,
  unit_code TEXT NOT NULL REFERENCES units(code),
  status    TEXT NOT NULL CHECK (status IN ('在职', '离校'))
);

-- The 培训学时统计表 the 进修校 publishes, per academic year.
CREATE TABLE official_records (
  year             INTEGER NOT NULL,
  id               TEXT NOT NULL,
  name             TEXT NOT NULL,
  unit_code        TEXT,
  school_hours     REAL NOT NULL,
  school_credits   REAL NOT NULL,
  external_hours   REAL NOT NULL,
  external_credits REAL NOT NULL,
  public_course    INTEGER NOT NULL,  -- 1 合格, 0 不合格
  imported_at      INTEGER NOT NULL,
  PRIMARY KEY (year, id)
);

-- Every version of every unit's roster, with the bytes as received.
CREATE TABLE submissions (
  id              INTEGER PRIMARY KEY,
  unit_code       TEXT NOT NULL REFERENCES units(code),
  year            INTEGER NOT NULL,
  version         INTEGER NOT NULL,
  account_id      INTEGER REFERENCES accounts(id),
  idempotency_key TEXT,
  content_hash    TEXT NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('api', 'inbox', 'admin')),
  filename        TEXT,
  original        BLOB,
  roster_json     TEXT NOT NULL,  -- the rows as read, for re-validation ('' when `original` is that JSON)
  result_json     TEXT NOT NULL,  -- the verdicts and findings returned
  rows            INTEGER NOT NULL,
  errors          INTEGER NOT NULL,
  warnings        INTEGER NOT NULL,
  qualified       INTEGER NOT NULL,
  unqualified     INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  UNIQUE (unit_code, year, version)
);
CREATE UNIQUE INDEX submissions_idempotency ON submissions (unit_code, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX submissions_hash ON submissions (unit_code, content_hash);

-- Verdict changes after an official re-import: what changed, and why.
CREATE TABLE verdict_changes (
  id            INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
  teacher_id    TEXT NOT NULL,
  before        TEXT,
  after         TEXT,
  reason        TEXT NOT NULL,
  at            INTEGER NOT NULL
);

-- Every login, submission, import, verdict change and account change. Never secrets.
CREATE TABLE audit (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  object  TEXT,
  outcome TEXT NOT NULL,
  detail  TEXT
);
CREATE INDEX audit_at ON audit (at);
