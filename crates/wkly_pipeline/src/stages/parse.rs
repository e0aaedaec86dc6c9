//! Turns a fetch's feed into articles. Entries the feed parser skips are counted; each
//! article is stored once (see `Store::save_article`). The fetch's bytes are dropped once
//! parsed, and kept with the error when the document is not a feed.

use wkly_core::fingerprint::content_hash;
use wkly_store::articles::ArticleOutcome;
use wkly_store::stories::NewArticle;

use super::StageStats;
use crate::{Pipeline, PipelineError};

pub(crate) async fn parse_fetch(p: &Pipeline, fetch_id: &str) -> Result<StageStats, PipelineError> {
    let fetch = p.store.get_fetch(fetch_id).await?;
    let Some(body) = fetch.body else {
        // Parsed before (the bytes are dropped after success): nothing left to do.
        return Ok(StageStats::default());
    };
    let outlet =
        p.store.find_source(&fetch.source_id).await?.map(|s| s.name).unwrap_or_else(|| "Unknown source".into());
    let base = fetch.url.starts_with("http").then_some(fetch.url.as_str());
    let feed = match wkly_feed::parse_feed(&body, base) {
        Ok(feed) => feed,
        // Servers often label feeds text/html, so the label alone decides nothing: only a
        // document that is not a feed and says it is HTML is treated as a page.
        Err(_) if fetch.content_type.as_deref().is_some_and(|t| t.contains("html")) => {
            let reason = format!(
                "{} is a web page; reading articles from pages arrives with extraction (use the site's feed for now)",
                fetch.url
            );
            p.store.finish_fetch(fetch_id, Some(&reason)).await?;
            return Err(PipelineError::Input(reason));
        }
        Err(e) => {
            let reason = format!("{} is not a readable feed: {e}", fetch.url);
            p.store.finish_fetch(fetch_id, Some(&reason)).await?;
            return Err(PipelineError::Input(reason));
        }
    };
    let mut stats = StageStats {
        entries_skipped: feed.warnings.iter().filter(|w| w.entry_index.is_some()).count(),
        ..StageStats::default()
    };
    for entry in feed.entries {
        let canonical = entry.url.clone().unwrap_or_else(|| format!("{}#{}", fetch.url, entry.id));
        let text = entry.summary.trim().to_string();
        let title = if entry.title.trim().is_empty() {
            text.split_whitespace().take(12).collect::<Vec<_>>().join(" ")
        } else {
            entry.title.trim().to_string()
        };
        let article = NewArticle {
            url: entry.url.clone().unwrap_or_else(|| fetch.url.clone()),
            canonical_url: canonical,
            outlet: outlet.clone(),
            content_hash: content_hash(&format!("{title}\n{text}")),
            title,
            byline: entry.author.clone(),
            lang: feed.language.clone(),
            text,
            published_at: entry.published_at.or(entry.updated_at),
        };
        match p.store.save_article(Some(&fetch.source_id), &article).await? {
            ArticleOutcome::New(_) => stats.articles_new += 1,
            ArticleOutcome::Updated(_) => stats.articles_updated += 1,
            ArticleOutcome::Unchanged(_) => stats.articles_unchanged += 1,
            ArticleOutcome::Duplicate { .. } => stats.articles_duplicate += 1,
        }
    }
    p.store.finish_fetch(fetch_id, None).await?;
    Ok(stats)
}
