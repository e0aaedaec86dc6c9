-- Clustering: what each article is about, indexed so that a new article finds the stories
-- it may belong to, and simhash bands so that a near-identical copy under another URL is
-- found in one indexed lookup. Kept in step with the other backend's 0003_clusters.sql.
ALTER TABLE articles ADD COLUMN features TEXT;

CREATE TABLE article_bands (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    band BIGINT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (article_id, band)
);
CREATE INDEX article_bands_value ON article_bands (band, value);

CREATE TABLE article_keys (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (article_id, key)
);
CREATE INDEX article_keys_key ON article_keys (key, published_at);
