-- Comment moderation. Kept in step with ../postgres/0005_moderation.sql.
--
-- A report stays open until a moderator decides on its comment (hide or restore); only
-- open reports count toward holding a comment and put it in the moderation queue. The
-- reporter's row stays afterwards, so the same reader cannot report the comment again.
ALTER TABLE comment_reports ADD COLUMN resolved_at INTEGER;
CREATE INDEX comment_reports_open ON comment_reports (comment_id) WHERE resolved_at IS NULL;

-- Held comments wait in the queue oldest first.
CREATE INDEX comments_status ON comments (status, created_at);

-- A reader's comments, newest first, for their profile.
DROP INDEX comments_user;
CREATE INDEX comments_user ON comments (user_id, created_at);

CREATE INDEX moderation_log_at ON moderation_log (at);
