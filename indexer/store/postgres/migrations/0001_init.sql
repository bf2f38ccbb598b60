-- The ingestion cursor: the last block whose events are all stored. One row.
CREATE TABLE cursor (
    id          integer PRIMARY KEY CHECK (id = 1),
    number      bigint NOT NULL,
    hash        bytea  NOT NULL,
    parent_hash bytea  NOT NULL,
    time        bigint NOT NULL
);

-- Every block applied, for the log poller's ancestor search after a reorg.
CREATE TABLE blocks (
    number      bigint PRIMARY KEY,
    hash        bytea  NOT NULL,
    parent_hash bytea  NOT NULL,
    time        bigint NOT NULL
);

-- Every log of the deployment's contracts, raw, with its timeline columns when it is on one.
-- (block_hash, log_index) is the idempotency key; block_number leads the primary key because a
-- block's hash fixes its number, so the key is the same, and rows arriving in chain order append
-- at the index's end. Rollbacks delete by that prefix.
CREATE TABLE events (
    block_hash     bytea  NOT NULL,
    log_index      bigint NOT NULL,
    block_number   bigint NOT NULL,
    block_time     bigint NOT NULL,
    tx_hash        bytea  NOT NULL,
    tx_index       bigint NOT NULL,
    contract       bytea  NOT NULL,
    topics         bytea  NOT NULL,
    data           bytea  NOT NULL,
    name           text,
    patient        bytea,
    action         text,
    actor          bytea,
    counterpart    bytea,
    record_id      bytea,
    version        bigint NOT NULL DEFAULT 0,
    request_id     bigint NOT NULL DEFAULT 0,
    access_id      bigint NOT NULL DEFAULT 0,
    key_request_id bigint NOT NULL DEFAULT 0,
    purpose        bytea,
    not_before     bigint NOT NULL DEFAULT 0,
    not_after      bigint NOT NULL DEFAULT 0,
    operations     bigint NOT NULL DEFAULT 0,
    reason         bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (block_number, block_hash, log_index)
);

-- A patient's timeline in chain order.
CREATE INDEX events_timeline ON events (patient, block_time, block_number, log_index) WHERE patient IS NOT NULL;

-- Facts timelines are resolved against. Each row remembers its block for rollbacks.
CREATE TABLE participants (
    address      bytea  PRIMARY KEY,
    role         bigint NOT NULL,
    block_number bigint NOT NULL
);

CREATE TABLE requests (
    request_id   bigint PRIMARY KEY,
    record_id    bytea  NOT NULL,
    purpose      bytea  NOT NULL,
    block_number bigint NOT NULL
);

CREATE TABLE grants (
    request_id   bigint PRIMARY KEY,
    version      bigint NOT NULL,
    block_number bigint NOT NULL
);

CREATE TABLE accesses (
    access_id    bigint PRIMARY KEY,
    request_id   bigint NOT NULL,
    version      bigint NOT NULL,
    block_number bigint NOT NULL
);

-- Auditors patients authorized to read their timelines (off chain: see package store). Not
-- touched by rollbacks.
CREATE TABLE auditors (
    patient  bytea     NOT NULL,
    auditor  bytea     NOT NULL,
    added_at bigint    NOT NULL,
    seq      bigserial NOT NULL,
    PRIMARY KEY (patient, auditor)
);
