-- wkly's initial schema. Kept in step with ../postgres/0001_initial.sql: same tables, same
-- columns; only the type names differ (INTEGER/BOOLEAN/TEXT for JSON/REAL here).
-- Times are unix milliseconds; ids are generated in Rust.

CREATE TABLE categories (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE goals (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    badge TEXT NOT NULL,
    description TEXT NOT NULL,
    icon TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    url TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    category TEXT,
    review_policy TEXT NOT NULL,
    extra_headers TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_fetched_at INTEGER,
    last_status INTEGER,
    last_error TEXT,
    next_fetch_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    source_id TEXT REFERENCES sources(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL UNIQUE,
    outlet TEXT NOT NULL,
    title TEXT NOT NULL,
    byline TEXT,
    lang TEXT,
    image_url TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    simhash INTEGER,
    published_at INTEGER,
    fetched_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_source ON articles (source_id, published_at);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    teaser TEXT NOT NULL,
    category TEXT NOT NULL,
    goal TEXT NOT NULL,
    sentiment TEXT NOT NULL,
    sentiment_score REAL,
    location TEXT NOT NULL,
    background TEXT NOT NULL,
    watch_next TEXT NOT NULL,
    image_url TEXT,
    published_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX stories_published ON stories (status, published_at);
CREATE INDEX stories_category ON stories (category, published_at);
CREATE INDEX stories_goal ON stories (goal, published_at);

CREATE TABLE story_articles (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles (article_id);

CREATE TABLE story_fields (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    backend TEXT NOT NULL,
    model TEXT,
    version TEXT NOT NULL,
    generated_at INTEGER NOT NULL,
    overridden BOOLEAN NOT NULL,
    PRIMARY KEY (story_id, field)
);

CREATE TABLE story_events (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    field TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX story_events_story ON story_events (story_id, at);

CREATE TABLE impacts (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    goal TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    evidence_text TEXT NOT NULL,
    evidence_article_id TEXT REFERENCES articles(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX impacts_story ON impacts (story_id, position);

CREATE TABLE perspectives (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    role TEXT NOT NULL,
    organisation TEXT NOT NULL,
    quote TEXT NOT NULL,
    article_id TEXT REFERENCES articles(id) ON DELETE SET NULL,
    generated BOOLEAN NOT NULL
);
CREATE INDEX perspectives_story ON perspectives (story_id, position);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    status TEXT NOT NULL,
    email_verified_at INTEGER,
    banned_until INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE user_goals (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    goal TEXT NOT NULL,
    PRIMARY KEY (user_id, goal)
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE auth_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);

CREATE TABLE polls (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL UNIQUE REFERENCES stories(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    closes_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE poll_options (
    id TEXT PRIMARY KEY,
    poll_id TEXT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX poll_options_poll ON poll_options (poll_id, position);

CREATE TABLE votes (
    poll_id TEXT NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    voter TEXT NOT NULL,
    option_id TEXT NOT NULL REFERENCES poll_options(id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (poll_id, voter)
);
CREATE INDEX votes_option ON votes (option_id);
CREATE INDEX votes_user ON votes (user_id);

CREATE TABLE reactions (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    voter TEXT NOT NULL,
    kind TEXT NOT NULL,
    user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (story_id, voter)
);
CREATE INDEX reactions_user ON reactions (user_id);

CREATE TABLE comments (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES comments(id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    depth INTEGER NOT NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at INTEGER
);
CREATE INDEX comments_story ON comments (story_id, created_at);
CREATE INDEX comments_user ON comments (user_id);

CREATE TABLE comment_reports (
    comment_id TEXT NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    reporter TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, reporter)
);

CREATE TABLE moderation_log (
    id TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    moderator_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    reason TEXT NOT NULL
);

CREATE TABLE roadmaps (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    intro TEXT NOT NULL,
    goal TEXT NOT NULL,
    category TEXT NOT NULL,
    duration TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE roadmap_steps (
    id TEXT PRIMARY KEY,
    roadmap_id TEXT NOT NULL REFERENCES roadmaps(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    why TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX roadmap_steps_position ON roadmap_steps (roadmap_id, position);

CREATE TABLE roadmap_progress (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    step_id TEXT NOT NULL REFERENCES roadmap_steps(id) ON DELETE CASCADE,
    done_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, step_id)
);

CREATE TABLE story_roadmaps (
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    roadmap_id TEXT NOT NULL REFERENCES roadmaps(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (story_id, roadmap_id)
);
CREATE INDEX story_roadmaps_roadmap ON story_roadmaps (roadmap_id);

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    dedupe_key TEXT UNIQUE,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    run_at INTEGER NOT NULL,
    locked_by TEXT,
    locked_at INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);
