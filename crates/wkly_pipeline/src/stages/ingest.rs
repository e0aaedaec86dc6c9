//! Reads a source and keeps what it holds as fetches (raw bytes), one parse job each.
//!
//! A folder source is read from disk: its feed files (`.xml`, `.rss`, `.atom`, `.rdf`,
//! `.json`) and article pages (`.html`, `.htm`), bounded in depth, count and size. A feed or page URL is fetched through
//! `wkly_fetch` with the validators of the last read (ETag, Last-Modified), so an unchanged
//! feed costs a 304. Either way the source's last fetch, error and next fetch are recorded.

use std::path::{Path, PathBuf};

use wkly_core::Timestamp;
use wkly_core::fingerprint::content_hash;
use wkly_core::job::Job;
use wkly_fetch::{FetchOutcome, FetchRequest};
use wkly_store::articles::{FetchInsert, NewFetch, SourceFetch};
use wkly_store::sources::SourceRow;

use super::StageStats;
use crate::{Pipeline, PipelineError, REFRESH_AFTER_MS, RETRY_SOURCE_AFTER_MS};

const MAX_DEPTH: usize = 4;
const MAX_FILES: usize = 10_000;
const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

const FEED_EXTENSIONS: &[&str] = &["xml", "rss", "atom", "rdf", "json"];
const PAGE_EXTENSIONS: &[&str] = &["html", "htm"];

pub(crate) async fn ingest_source(p: &Pipeline, source_id: &str) -> Result<StageStats, PipelineError> {
    let Some(source) = p.store.find_source(source_id).await? else {
        // Removed since the job was queued: nothing to do.
        return Ok(StageStats::default());
    };
    let now = Timestamp::now().millis();
    let (result, mut record) = match source.kind.as_str() {
        "folder" => (read_folder(p, &source.id, &source.url).await, SourceFetch::default()),
        _ => fetch_url(p, &source).await,
    };
    record.at = now;
    match &result {
        Ok(_) => record.next_fetch_at = now + REFRESH_AFTER_MS,
        Err(e) => {
            record.error = Some(e.to_string());
            record.next_fetch_at = now + RETRY_SOURCE_AFTER_MS;
        }
    }
    p.store.record_source_fetch(&source.id, &record).await?;
    result
}

/// Reads a feed or page URL; the record carries the status and validators to keep.
async fn fetch_url(p: &Pipeline, source: &SourceRow) -> (Result<StageStats, PipelineError>, SourceFetch) {
    let request = FetchRequest {
        url: source.url.clone(),
        etag: source.etag.clone(),
        last_modified: source.last_modified.clone(),
        extra_headers: source.headers(),
    };
    let mut record = SourceFetch::default();
    let body = match p.fetcher.fetch(&request).await {
        Ok(FetchOutcome::NotModified) => {
            record.status = Some(304);
            return (Ok(StageStats { not_modified: 1, ..StageStats::default() }), record);
        }
        Ok(FetchOutcome::Fetched(body)) => body,
        Err(e) => {
            if let wkly_fetch::FetchError::Http { status, .. } = &e {
                record.status = Some(i64::from(*status));
            }
            return (Err(PipelineError::Input(e.to_string())), record);
        }
    };
    record.status = Some(i64::from(body.status));
    record.etag = body.etag.clone();
    record.last_modified = body.last_modified.clone();
    let fetch = NewFetch {
        source_id: source.id.clone(),
        url: body.final_url.clone(),
        status: i64::from(body.status),
        content_type: body.content_type.clone(),
        content_hash: content_hash(&String::from_utf8_lossy(&body.body)),
        body: body.body,
    };
    (keep(p, &fetch).await, record)
}

/// Stores a fetch's bytes once and queues their parse.
async fn keep(p: &Pipeline, fetch: &NewFetch) -> Result<StageStats, PipelineError> {
    let mut stats = StageStats::default();
    match p.store.insert_fetch(fetch).await? {
        FetchInsert::New(id) => {
            stats.fetches_new += 1;
            p.enqueue(&Job::ParseFetch { fetch_id: id.clone() }, Some(format!("parse:{id}"))).await?;
        }
        FetchInsert::Seen(id) => {
            stats.fetches_seen += 1;
            // A crash between keeping the bytes and queueing their parse must not strand
            // them: queue it again; the key makes this a no-op when it was queued before.
            p.enqueue(&Job::ParseFetch { fetch_id: id.clone() }, Some(format!("parse:{id}"))).await?;
        }
    }
    Ok(stats)
}

async fn read_folder(p: &Pipeline, source_id: &str, url: &str) -> Result<StageStats, PipelineError> {
    let dir = PathBuf::from(url.strip_prefix("file://").unwrap_or(url));
    let files = tokio::task::spawn_blocking(move || list_files(&dir))
        .await
        .map_err(|e| PipelineError::Input(format!("reading the folder stopped: {e}")))??;
    let mut stats = StageStats::default();
    for path in files {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        let content_type = if FEED_EXTENSIONS.contains(&ext.as_str()) {
            if ext == "json" { "application/feed+json" } else { "application/xml" }
        } else if PAGE_EXTENSIONS.contains(&ext.as_str()) {
            "text/html"
        } else {
            continue;
        };
        let size = tokio::fs::metadata(&path).await.map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            tracing::warn!(file = %path.display(), size, "skipping a file larger than the cap");
            stats.files_skipped += 1;
            continue;
        }
        let body = tokio::fs::read(&path)
            .await
            .map_err(|e| PipelineError::Input(format!("cannot read {}: {e}", path.display())))?;
        let fetch = NewFetch {
            source_id: source_id.into(),
            url: format!("file://{}", path.display()),
            status: 200,
            content_type: Some(content_type.into()),
            content_hash: content_hash(&String::from_utf8_lossy(&body)),
            body,
        };
        stats.add(&keep(p, &fetch).await?);
    }
    Ok(stats)
}

/// The folder's files, sorted, bounded in depth and count; links are not followed.
fn list_files(dir: &Path) -> Result<Vec<PathBuf>, PipelineError> {
    if !dir.is_dir() {
        return Err(PipelineError::Input(format!("the folder {} does not exist (any more)", dir.display())));
    }
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| PipelineError::Input(format!("cannot read {}: {e}", d.display())))?;
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() && depth < MAX_DEPTH {
                stack.push((entry.path(), depth + 1));
            } else if kind.is_file() {
                out.push(entry.path());
                if out.len() >= MAX_FILES {
                    return Err(PipelineError::Input(format!("{} holds more than {MAX_FILES} files", dir.display())));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}
