-- Abuse limits every node shares (sign-in, sign-up, reset). Kept in step with
-- ../postgres/0007_rate_limits.sql.
--
-- One row per rule and key: the instant, in unix milliseconds, at which the key's next
-- action is due under a generic cell rate algorithm. The key is a SHA-256 of the address
-- or account it limits, so the table holds no addresses. Rows whose instant has passed
-- carry no information and are swept.
CREATE TABLE rate_limits (
    rule TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    PRIMARY KEY (rule, key_hash)
);
CREATE INDEX rate_limits_due ON rate_limits (due_at);
