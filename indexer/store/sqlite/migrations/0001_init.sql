-- The ingestion cursor: the last block whose events are all stored. One row.
CREATE TABLE cursor (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    number      INTEGER NOT NULL,
    hash        BLOB    NOT NULL,
    parent_hash BLOB    NOT NULL,
    time        INTEGER NOT NULL
);

-- Every block applied, for the log poller's ancestor search after a reorg.
CREATE TABLE blocks (
    number      INTEGER PRIMARY KEY,
    hash        BLOB    NOT NULL,
    parent_hash BLOB    NOT NULL,
    time        INTEGER NOT NULL
);

-- Every log of the deployment's contracts, raw, with its timeline columns when it is on one.
-- (block_hash, log_index) is the idempotency key; block_number leads its index because a block's
-- hash fixes its number, so the key is the same, and rows arriving in chain order append at the
-- index's end instead of landing at random places in it. Rollbacks delete by that prefix.
CREATE TABLE events (
    block_hash     BLOB    NOT NULL,
    log_index      INTEGER NOT NULL,
    block_number   INTEGER NOT NULL,
    block_time     INTEGER NOT NULL,
    tx_hash        BLOB    NOT NULL,
    tx_index       INTEGER NOT NULL,
    contract       BLOB    NOT NULL,
    topics         BLOB    NOT NULL,
    data           BLOB    NOT NULL,
    name           TEXT,
    patient        BLOB,
    action         TEXT,
    actor          BLOB,
    counterpart    BLOB,
    record_id      BLOB,
    version        INTEGER NOT NULL DEFAULT 0,
    request_id     INTEGER NOT NULL DEFAULT 0,
    access_id      INTEGER NOT NULL DEFAULT 0,
    key_request_id INTEGER NOT NULL DEFAULT 0,
    purpose        BLOB,
    not_before     INTEGER NOT NULL DEFAULT 0,
    not_after      INTEGER NOT NULL DEFAULT 0,
    operations     INTEGER NOT NULL DEFAULT 0,
    reason         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (block_number, block_hash, log_index)
);

-- A patient's timeline in chain order.
CREATE INDEX events_timeline ON events (patient, block_time, block_number, log_index) WHERE patient IS NOT NULL;

-- Facts timelines are resolved against. Each row remembers its block for rollbacks.
CREATE TABLE participants (
    address      BLOB PRIMARY KEY,
    role         INTEGER NOT NULL,
    block_number INTEGER NOT NULL
);

CREATE TABLE requests (
    request_id   INTEGER PRIMARY KEY,
    record_id    BLOB    NOT NULL,
    purpose      BLOB    NOT NULL,
    block_number INTEGER NOT NULL
);

CREATE TABLE grants (
    request_id   INTEGER PRIMARY KEY,
    version      INTEGER NOT NULL,
    block_number INTEGER NOT NULL
);

CREATE TABLE accesses (
    access_id    INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    block_number INTEGER NOT NULL
);

-- Auditors patients authorized to read their timelines (off chain: see package store). Not
-- touched by rollbacks.
CREATE TABLE auditors (
    patient  BLOB    NOT NULL,
    auditor  BLOB    NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (patient, auditor)
);
