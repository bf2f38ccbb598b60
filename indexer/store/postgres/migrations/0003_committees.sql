-- Facts of the trust model's events, for resolving timelines. Each row remembers its block for
-- rollbacks. Events already stored need no change: the fields only some events carry are decoded
-- from each stored log when it is read.

-- Proxy committees as created: members are their 20-byte addresses concatenated, member i first
-- at byte 20(i-1).
CREATE TABLE committees (
    committee_id bigint PRIMARY KEY,
    members      bytea  NOT NULL,
    threshold    bigint NOT NULL,
    block_number bigint NOT NULL
);

-- Attribute full names ("namespace/name"), by id.
CREATE TABLE attribute_names (
    attribute_id bytea  PRIMARY KEY,
    name         text   NOT NULL,
    block_number bigint NOT NULL
);

-- The accesses gates opened (get-access calls, attribute reads, token requests), numbered per
-- gate contract: what the members' answers, which name only the access, are resolved against.
CREATE TABLE gate_accesses (
    contract     bytea  NOT NULL,
    access_id    bigint NOT NULL,
    patient      bytea  NOT NULL,
    requester    bytea  NOT NULL,
    path         text   NOT NULL,
    record_id    bytea,
    version      bigint NOT NULL,
    block_number bigint NOT NULL,
    PRIMARY KEY (contract, access_id)
);

-- Which account committed to an access as which member.
CREATE TABLE answers (
    contract     bytea  NOT NULL,
    access_id    bigint NOT NULL,
    member       bigint NOT NULL,
    node         bytea  NOT NULL,
    block_number bigint NOT NULL,
    PRIMARY KEY (contract, access_id, member)
);

CREATE INDEX committees_block ON committees (block_number);
CREATE INDEX attribute_names_block ON attribute_names (block_number);
CREATE INDEX gate_accesses_block ON gate_accesses (block_number);
CREATE INDEX answers_block ON answers (block_number);
