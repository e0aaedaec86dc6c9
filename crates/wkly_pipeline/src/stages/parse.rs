//! Turns a fetch's feed into articles. Entries the feed parser skips are counted; each
//! article is stored once (see `Store::save_article`). The fetch's bytes are dropped once
//! parsed, and kept with the error when the document is not a feed.

use wkly_core::fingerprint::content_hash;
use wkly_core::job::Job;
use wkly_nlp::cluster::simhash;
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
        // document that is not a feed and says it is HTML is read as an article page.
        Err(_) if fetch.content_type.as_deref().is_some_and(|t| t.contains("html")) => {
            return parse_page(
                p,
                fetch_id,
                &fetch.url,
                fetch.content_type.as_deref(),
                &body,
                &fetch.source_id,
                &outlet,
            )
            .await;
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
        // The full content when the feed carries it (paragraphs kept), else the summary.
        let content = wkly_feed::html_to_paragraphs(&entry.content_html);
        let text = if content.split_whitespace().count() > entry.summary.split_whitespace().count() {
            content
        } else {
            entry.summary.trim().to_string()
        };
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
            simhash: Some(simhash(&format!("{title}\n{text}"))),
            title,
            byline: entry.author.clone(),
            lang: feed.language.clone(),
            text,
            published_at: entry.published_at.or(entry.updated_at),
        };
        store_article(p, &fetch.source_id, &article, &mut stats).await?;
    }
    p.store.finish_fetch(fetch_id, None).await?;
    Ok(stats)
}

/// Reads one article page: its main text and metadata become an article.
async fn parse_page(
    p: &Pipeline,
    fetch_id: &str,
    url: &str,
    content_type: Option<&str>,
    body: &[u8],
    source_id: &str,
    outlet: &str,
) -> Result<StageStats, PipelineError> {
    let charset = content_type.and_then(|t| t.split(';').find_map(|part| part.trim().strip_prefix("charset=")));
    let (html, _) = wkly_fetch::decode_text(body, charset.map(|c| c.trim_matches('"')));
    let page_url = url.starts_with("http").then_some(url);
    let article = match wkly_extract::extract(&html, page_url) {
        Ok(a) => a,
        Err(e) => {
            let reason = format!("{url}: no article could be read from the page: {e}");
            p.store.finish_fetch(fetch_id, Some(&reason)).await?;
            return Err(PipelineError::Input(reason));
        }
    };
    let title =
        article.title.clone().unwrap_or_else(|| article.text.split_whitespace().take(12).collect::<Vec<_>>().join(" "));
    let canonical_url = article.canonical_url.clone().unwrap_or_else(|| url.to_string());
    // A page saved in a folder is known to readers by its address on the web, not by its path here.
    let public_url = if url.starts_with("file://") { canonical_url.clone() } else { url.to_string() };
    let new = NewArticle {
        url: public_url,
        canonical_url,
        outlet: outlet.to_string(),
        content_hash: content_hash(&format!("{title}\n{}", article.text)),
        simhash: Some(simhash(&format!("{title}\n{}", article.text))),
        title,
        byline: article.byline,
        lang: article.lang,
        text: article.text,
        published_at: article.published_at,
    };
    let mut stats = StageStats::default();
    store_article(p, source_id, &new, &mut stats).await?;
    p.store.finish_fetch(fetch_id, None).await?;
    Ok(stats)
}

/// Stores an article once and queues its placement in a story (once per version of its text).
async fn store_article(
    p: &Pipeline,
    source_id: &str,
    article: &NewArticle,
    stats: &mut StageStats,
) -> Result<(), PipelineError> {
    let outcome = p.store.save_article_checked(Some(source_id), article, &wkly_nlp::cluster::same_article).await?;
    stats.count(&outcome);
    // Unchanged too: a crash between storing the article and queueing its placement must
    // not leave it out of every story. The key makes a repeat a no-op.
    if let ArticleOutcome::New(id) | ArticleOutcome::Updated(id) | ArticleOutcome::Unchanged(id) = outcome {
        let key = format!("cluster:{id}:{}", article.content_hash);
        p.enqueue(&Job::ClusterArticle { article_id: id }, Some(key)).await?;
    }
    Ok(())
}
