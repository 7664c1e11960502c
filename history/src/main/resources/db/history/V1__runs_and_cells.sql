-- The first schema: one row per recorded run, holding its run.json text (the lossless record), and one row per cell
-- with the coordinates and figures that lists and trends filter on. Plain SQL that SQLite and PostgreSQL both run
-- as it is: TEXT, INTEGER, BIGINT and DOUBLE PRECISION only, booleans as 0/1.

-- Run ids: the two databases share no auto-increment syntax, so ids come from this counter. A recording updates its
-- row first, which also makes concurrent recorders take turns (PostgreSQL locks the row until the commit).
CREATE TABLE id_counters (
    name TEXT NOT NULL PRIMARY KEY,
    last_value BIGINT NOT NULL
);
INSERT INTO id_counters (name, last_value) VALUES ('runs', 0);

-- A run is the same run when its id, start and host are: recording it again changes nothing.
CREATE TABLE runs (
    id BIGINT NOT NULL PRIMARY KEY,
    run_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- created_at as a number: ISO-8601 texts with and without fractions of a second do not sort as the instants do
    created_epoch_ms BIGINT NOT NULL,
    completed_at TEXT,
    branch TEXT NOT NULL,
    commit_sha TEXT,
    hostname TEXT NOT NULL,
    cpu_model TEXT NOT NULL,
    logical_cores INTEGER NOT NULL,
    cell_count INTEGER NOT NULL,
    ok_cells INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    record_json TEXT NOT NULL,
    CONSTRAINT runs_identity UNIQUE (run_id, created_at, hostname)
);
CREATE INDEX runs_by_branch ON runs (branch, created_epoch_ms);

-- One row per cell of a run, in the run's order. The headline figures are null where the cell was not measured ok.
CREATE TABLE cells (
    run BIGINT NOT NULL REFERENCES runs (id),
    position INTEGER NOT NULL,
    cell_key TEXT NOT NULL,
    backend TEXT NOT NULL,
    variant TEXT NOT NULL,
    device TEXT NOT NULL,
    precision TEXT NOT NULL,
    kind TEXT NOT NULL,
    seq_len INTEGER NOT NULL,
    batch INTEGER NOT NULL,
    hidden_size INTEGER NOT NULL,
    layers INTEGER NOT NULL,
    threads INTEGER NOT NULL,
    input_size INTEGER NOT NULL,
    heads INTEGER NOT NULL,
    ffn_size INTEGER NOT NULL,
    output_size INTEGER NOT NULL,
    bidirectional INTEGER NOT NULL,
    status TEXT NOT NULL,
    headline_ms DOUBLE PRECISION,
    headline_low_ms DOUBLE PRECISION,
    headline_high_ms DOUBLE PRECISION,
    p50_ms DOUBLE PRECISION,
    trials INTEGER NOT NULL,
    disturbed INTEGER NOT NULL,
    PRIMARY KEY (run, position)
);
CREATE INDEX cells_by_key ON cells (cell_key);
