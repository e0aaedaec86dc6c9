-- Account mail waiting to be sent. Kept in step with ../sqlite/0006_mail_outbox.sql.
--
-- A request writes a row; a drainer on any node claims due rows for a while
-- (claimed_until), sends them and marks them sent. A row never holds a link: the one-time
-- token is made when the mail is sent, so the database keeps no usable link in plain text.
--
-- kind: 'verify' and 'password_changed' name the account (user_id); 'reset' keeps only the
-- address as typed (its lookup form), so asking for a link does the same work whether or
-- not an account has that address; the drainer looks the account up.
-- state: 'queued' until it is 'sent', 'skipped' (no such account any more, or nothing left
-- to send) or 'failed' (refused for good, or out of attempts; last_error says why).
-- Finished rows stay an hour so the per-hour limit counts them, then they are purged.
CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    address TEXT,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);
-- The drainer's question: what is due.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE state = 'queued';
-- The per-hour limit's questions: what one account or one address was sent lately.
CREATE INDEX mail_outbox_user ON mail_outbox (user_id, kind, created_at);
CREATE INDEX mail_outbox_address ON mail_outbox (address, kind, created_at);
