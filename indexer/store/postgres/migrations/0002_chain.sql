-- The genesis hash of the chain the store follows. The log poller compares it with the node's
-- before it applies or rolls back anything, so a node on another chain (a development chain that
-- was reset, an RPC URL of another network) is refused instead of wiping the store. One row.
CREATE TABLE chain (
    id      integer PRIMARY KEY CHECK (id = 1),
    genesis bytea   NOT NULL
);
