-- Raw bytes of every fetch, kept until a parse job has processed them, so a crash or a
-- parser bug loses nothing. Kept in step with ../sqlite/0002_fetches.sql.
CREATE TABLE fetches (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    fetched_at BIGINT NOT NULL,
    status BIGINT NOT NULL,
    content_type TEXT,
    content_hash TEXT NOT NULL,
    body BYTEA,
    processed_at BIGINT,
    error TEXT
);
CREATE UNIQUE INDEX fetches_content ON fetches (source_id, url, content_hash);
CREATE INDEX fetches_pending ON fetches (processed_at);
CREATE INDEX sources_due ON sources (next_fetch_at);
