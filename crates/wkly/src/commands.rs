//! One function per subcommand.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use wkly_app::demo::seed_community;
use wkly_app::import::{ImportReport, import_files, import_path};
use wkly_config::{Config, DatabaseTarget};
use wkly_core::Timestamp;
use wkly_pipeline::Pipeline;
use wkly_store::Store;
use wkly_store::sources::AddSourceOutcome;

include!(concat!(env!("OUT_DIR"), "/demo_pack.rs"));

/// Fictional readers and their comments for the demo.
const DEMO_COMMUNITY: &str = include_str!("../../../demo/community.toml");

pub(crate) fn load_config(file: Option<&Path>) -> anyhow::Result<Config> {
    let default = Path::new("wkly.toml");
    let file = file.or_else(|| default.is_file().then_some(default));
    Ok(Config::load(file)?)
}

pub(crate) async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let target = config.database_target().map_err(anyhow::Error::msg)?;
    let store = match target {
        DatabaseTarget::Sqlite(path) => Store::open_sqlite(&path, config.database.max_connections)
            .await
            .with_context(|| format!("open the SQLite database {}", path.display()))?,
        DatabaseTarget::Postgres(url) => Store::open_postgres(&url, config.database.max_connections, None)
            .await
            .context("open the PostgreSQL database")?,
    };
    store.sync_taxonomy(&config.taxonomy).await.context("store the configured categories and goals")?;
    Ok(store)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing open requests");
}

async fn run_server(store: Store, config: &Config, started: Instant, banner: &str) -> anyhow::Result<ExitCode> {
    let listener = tokio::net::TcpListener::bind(&config.server.bind)
        .await
        .with_context(|| format!("listen on {} (server.bind); is another program using it?", config.server.bind))?;
    let addr = listener.local_addr().context("read the listening address")?;
    let url = format!("http://{addr}");
    // The web builds its own mailer from the same settings; checking them here turns a
    // bad [mail] section into a start-up error instead of silently missing mail.
    let mailer = wkly_mail::Mailer::from_config(&config.mail, &config.site.name, &config.data_dir)
        .context("the [mail] settings")?;
    let state = wkly_web::AppState::new(store.clone(), config, url.clone());
    tokio::spawn(sweep_sessions(store.clone()));
    // Every node drains the shared outbox; leases keep two nodes from sending one mail.
    tokio::spawn(wkly_app::accounts::mail::run_outbox(store.clone(), state.mail_context()));
    println!("account mail: {mailer}");
    println!("{banner} {url}/  (ready in {} ms; press Ctrl+C to stop)", started.elapsed().as_millis());
    wkly_web::serve(listener, state, shutdown_signal()).await.context("serve HTTP")?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// An editor account for trying the moderation queue, with a password made for this run
/// and printed once (the demo's other readers cannot sign in).
async fn demo_editor(store: &Store) -> anyhow::Result<()> {
    let password = wkly_app::accounts::secrets::random_token().map_err(|e| anyhow::anyhow!("{e}"))?[..20].to_string();
    let made = wkly_app::accounts::create_account(
        store,
        "demo_editor",
        "demo-editor@wkly-demo.example",
        &password,
        wkly_core::Role::Editor,
    )
    .await?;
    match made {
        Ok(_) => {
            println!("demo editor: sign in as demo_editor with password {password} (moderation at /admin/moderation)")
        }
        // A kept demo already has the account; its password was printed when it was made.
        Err(_) => println!("demo editor: demo_editor (password as printed when this demo was first made)"),
    }
    Ok(())
}

/// Ended sessions and spent rate-limit rows are removed once an hour (every node may do
/// it; the deletes are idempotent), so those tables hold only what still matters.
async fn sweep_sessions(store: Store) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let now = Timestamp::now().millis();
        match store.delete_expired_sessions(now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sessions = n, "removed ended sessions"),
            Err(e) => tracing::warn!(error = %e, "could not remove ended sessions"),
        }
        if let Err(e) = store.sweep_limits(now).await {
            tracing::warn!(error = %e, "could not sweep rate limits");
        }
    }
}

pub async fn serve(config_file: Option<&Path>, bind: Option<String>, with_worker: bool) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut config = load_config(config_file)?;
    if let Some(bind) = bind {
        config.server.bind = bind;
        config.validate()?;
    }
    let store = open_store(&config).await?;
    if with_worker {
        let pipeline = start_pipeline(&store, &config, "serve").await?;
        tokio::spawn(async move { pipeline.run_forever(WORKER_IDLE, std::future::pending()).await });
    }
    let banner = format!("{} is serving at", config.site.name);
    run_server(store, &config, started, &banner).await
}

/// How long an idle worker waits before looking at the queue again.
const WORKER_IDLE: std::time::Duration = std::time::Duration::from_secs(5);

/// The one HTTP client of this process, with the operator's fetch policy.
fn fetcher(config: &Config) -> anyhow::Result<wkly_fetch::Fetcher> {
    let policy = wkly_fetch::FetchPolicy {
        allow_private_addresses: config.fetch.allow_private_addresses,
        user_agent: config.fetch.user_agent.clone(),
        ..wkly_fetch::FetchPolicy::default()
    };
    wkly_fetch::Fetcher::new(policy).context("set up the HTTP client")
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "local".into())
}

/// `role@host:pid`: enough for a later process on the same host to tell that this one is gone.
fn worker_name(role: &str) -> String {
    format!("{role}@{}:{}", host_name(), std::process::id())
}

/// Whether the worker named `holder` was a process of this host that has exited (killed,
/// crashed). Workers of other hosts are never judged here: their jobs come back when
/// their lease runs out.
fn worker_is_gone(holder: &str) -> bool {
    let Some((_, place)) = holder.split_once('@') else { return false };
    let Some((host, pid)) = place.rsplit_once(':') else { return false };
    let proc = Path::new("/proc");
    host == host_name()
        && proc.join("self").exists()
        && pid.parse::<u32>().is_ok_and(|pid| pid != std::process::id() && !proc.join(pid.to_string()).exists())
}

/// Starts a pipeline, first taking back the jobs of workers of this host that died.
async fn start_pipeline(store: &Store, config: &Config, role: &str) -> anyhow::Result<Pipeline> {
    let pipeline =
        Pipeline::new(store.clone(), fetcher(config)?, worker_name(role)).with_taxonomy(config.taxonomy.clone());
    pipeline.recover_abandoned_jobs(worker_is_gone).await.context("requeue abandoned jobs")?;
    Ok(pipeline)
}

pub async fn worker(config_file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let pipeline = start_pipeline(&store, &config, "worker").await?;
    println!("wkly worker is running (press Ctrl+C to stop)");
    pipeline.run_forever(WORKER_IDLE, shutdown_signal()).await;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Upper bound on jobs one `wkly ingest` runs, so a misbehaving source cannot keep it busy forever.
const INGEST_MAX_JOBS: usize = 100_000;

pub async fn ingest(config_file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let pipeline = start_pipeline(&store, &config, "ingest").await?;
    let queued = pipeline.enqueue_due_sources().await.context("enqueue the due sources")?;
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(format!("reading {queued} due source(s)"));
    let mut done = 0usize;
    let summary = pipeline
        .run_until_idle(INGEST_MAX_JOBS, |r| {
            done += 1;
            bar.set_message(format!("{done} job(s) done; last: {}", r.kind));
            bar.tick();
        })
        .await
        .context("run the pipeline")?;
    bar.finish_and_clear();
    store.close().await;
    let s = &summary.stats;
    println!(
        "ingest: {queued} source(s) read; articles: {} new, {} updated, {} unchanged, {} duplicate(s) of stored ones",
        s.articles_new, s.articles_updated, s.articles_unchanged, s.articles_duplicate
    );
    println!(
        "stories: {} new, {} grown by another outlet's report, {} folded into another, {} enriched",
        s.stories_new, s.stories_grown, s.stories_merged, s.stories_enriched
    );
    if s.entries_skipped > 0 || s.files_skipped > 0 {
        println!("skipped: {} broken feed entries, {} files too large to read", s.entries_skipped, s.files_skipped);
    }
    for f in &summary.failures {
        println!("failed: {f}");
    }
    Ok(if summary.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub struct DemoOptions {
    pub data_dir: PathBuf,
    pub keep: bool,
    pub bind: String,
    pub pack: Option<PathBuf>,
}

pub async fn demo(config_file: Option<&Path>, o: DemoOptions) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut config = load_config(config_file)?;
    config.data_dir = o.data_dir.clone();
    config.database.url = String::new();
    config.server.bind = o.bind;
    config.site.demo_notice = true;
    config.validate()?;
    let db_path = config.data_dir.join("wkly.db");
    if !o.keep {
        reset_demo_dir(&config.data_dir)?;
    }
    let store = open_store(&config).await?;
    let report = match &o.pack {
        Some(dir) => import_path(&store, &config.taxonomy, dir).await?,
        None => {
            let files =
                DEMO_PACK.iter().map(|(path, bytes)| (PathBuf::from("demo").join(path), bytes.to_vec())).collect();
            import_files(&store, &config.taxonomy, files).await?
        }
    };
    print_report(&report);
    if !report.problems.is_empty() {
        bail!("the demo pack has {} problem(s); fix them and start again", report.problems.len());
    }
    // Readers, comments, votes and reactions go into a fresh demo only: seeding twice
    // would double them.
    if report.stories_created > 0 {
        let community = match &o.pack {
            Some(dir) => std::fs::read_to_string(dir.join("community.toml")).ok(),
            None => Some(DEMO_COMMUNITY.to_string()),
        };
        if let Some(text) = community {
            let c = seed_community(&store, &text).await?;
            println!(
                "demo readers: {} readers, {} comments, {} votes, {} reactions",
                c.readers, c.comments, c.votes, c.reactions
            );
        }
    }
    ingest_newsroom(&store, &config, o.pack.as_deref()).await?;
    demo_editor(&store).await?;
    println!("demo data: {}", db_path.display());
    run_server(store, &config, started, "wkly demo is running at").await
}

/// Starts the demo from nothing, refusing to delete a folder that is not a wkly data dir.
fn reset_demo_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let ours = |p: &PathBuf| {
        // The database, the newsroom's copy, and the account mail the demo's file backend wrote.
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("wkly.db") || n == NEWSROOM_DIR || n == "mail")
    };
    if let Some(stranger) = entries.iter().find(|p| !ours(p)) {
        bail!(
            "{} holds {}, which is not demo data; choose another --data-dir or move it away",
            dir.display(),
            stranger.display()
        );
    }
    for p in entries {
        if p.is_dir() {
            std::fs::remove_dir_all(&p).with_context(|| format!("remove {}", p.display()))?;
        } else {
            std::fs::remove_file(&p).with_context(|| format!("remove {}", p.display()))?;
        }
    }
    Ok(())
}

/// Where the demo writes its newsroom's feeds and pages inside the data dir.
const NEWSROOM_DIR: &str = "newsroom";

/// Upper bound on jobs the demo runs to ingest its newsroom.
const DEMO_MAX_JOBS: usize = 20_000;

/// Writes the bundled newsroom (or takes `pack/newsroom`), adds its outlets as sources and
/// runs the pipeline over them until it is idle.
async fn ingest_newsroom(store: &Store, config: &Config, pack: Option<&Path>) -> anyhow::Result<()> {
    let dir = match pack {
        Some(pack) => {
            let dir = pack.join(NEWSROOM_DIR);
            if !dir.is_dir() {
                return Ok(());
            }
            dir
        }
        None => {
            let dir = config.data_dir.join(NEWSROOM_DIR);
            for (path, bytes) in DEMO_NEWSROOM {
                let target = dir.join(path);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).with_context(|| format!("create {}", parent.display()))?;
                }
                std::fs::write(&target, bytes).with_context(|| format!("write {}", target.display()))?;
            }
            dir
        }
    };
    let outlets = wkly_app::demo::add_newsroom_sources(store, &config.taxonomy, &dir).await?;
    let pipeline = start_pipeline(store, config, "demo").await?;
    pipeline.enqueue_due_sources().await.context("enqueue the newsroom")?;
    let summary = pipeline.run_until_idle(DEMO_MAX_JOBS, |_| {}).await.context("ingest the newsroom")?;
    let s = &summary.stats;
    println!(
        "demo newsroom: {outlets} outlets, {} articles ({} updated by their pages, {} duplicate), {} stories ({} reports joined an earlier one)",
        s.articles_new,
        s.articles_updated,
        s.articles_duplicate,
        s.stories_new - s.stories_merged,
        s.stories_grown + s.stories_merged
    );
    for f in &summary.failures {
        eprintln!("demo newsroom: {f}");
    }
    Ok(())
}

pub async fn import(config_file: Option<&Path>, path: &Path) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let report = import_path(&store, &config.taxonomy, path).await?;
    store.close().await;
    print_report(&report);
    Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn print_report(r: &ImportReport) {
    for p in &r.problems {
        eprintln!("{p}");
    }
    println!(
        "imported: {} stories ({} new, {} updated), {} roadmaps ({} new, {} updated){}",
        r.stories_created + r.stories_updated,
        r.stories_created,
        r.stories_updated,
        r.roadmaps_created + r.roadmaps_updated,
        r.roadmaps_created,
        r.roadmaps_updated,
        if r.problems.is_empty() {
            String::new()
        } else {
            format!("; {} problem(s) above, those files were skipped", r.problems.len())
        }
    );
}

pub async fn sources_add(
    config_file: Option<&Path>,
    input: wkly_app::sources::SourceInput,
) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let result = wkly_app::sources::add_source(&store, &config.taxonomy, &input).await;
    store.close().await;
    match result? {
        (AddSourceOutcome::Added(id), s) => {
            println!("added {} \"{}\" ({}, review {}) as {id}", s.url, s.name, s.kind, s.review_policy)
        }
        (AddSourceOutcome::AlreadyExists(id), s) => println!("{} is already a source ({id}); nothing changed", s.url),
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn sources_list(config_file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let sources = wkly_app::sources::list_sources(&store).await;
    store.close().await;
    let sources = sources?;
    if sources.is_empty() {
        println!("no sources yet: add one with `wkly sources add URL`");
        return Ok(ExitCode::SUCCESS);
    }
    let when = |t: Option<i64>, none: &str| t.map(|t| Timestamp(t).to_rfc3339()).unwrap_or_else(|| none.to_string());
    for s in sources {
        println!("{}  {}", s.id, s.name);
        println!(
            "    {} {}  category {}  review {}",
            s.kind,
            s.url,
            s.category.as_deref().unwrap_or("-"),
            s.review_policy
        );
        let headers = s.headers();
        if !headers.is_empty() {
            // Values are often secrets (API keys, cookies): show names only.
            let names: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
            println!("    headers {} (values hidden)", names.join(", "));
        }
        let error = match (&s.last_error, s.last_status) {
            (Some(e), _) => e.clone(),
            (None, Some(status)) => format!("none (HTTP {status})"),
            (None, None) => "none".into(),
        };
        println!(
            "    last fetch {}  last error {}  next fetch {}",
            when(s.last_fetched_at, "never"),
            error,
            when(s.next_fetch_at, "due now")
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn sources_remove(config_file: Option<&Path>, id: &str) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let removed = wkly_app::sources::remove_source(&store, id).await;
    store.close().await;
    if removed? {
        println!("removed {id}");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("no source has the id or URL {id}; `wkly sources list` shows them");
        Ok(ExitCode::from(1))
    }
}

/// Largest OPML file accepted: subscription lists are small; this refuses junk early.
const MAX_OPML_BYTES: u64 = 16 * 1024 * 1024;

pub async fn sources_import(config_file: Option<&Path>, file: &Path) -> anyhow::Result<ExitCode> {
    let size = std::fs::metadata(file).with_context(|| format!("read {}", file.display()))?.len();
    if size > MAX_OPML_BYTES {
        bail!("{} is larger than {} MiB; is it really an OPML file?", file.display(), MAX_OPML_BYTES / 1024 / 1024);
    }
    let bytes = std::fs::read(file).with_context(|| format!("read {}", file.display()))?;
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let report = wkly_app::sources::import_opml(&store, &config.taxonomy, &bytes).await;
    store.close().await;
    let report = report?;
    for p in &report.problems {
        eprintln!("skipped {p}");
    }
    println!(
        "sources: {} added, {} already present{}",
        report.added,
        report.already_present,
        if report.problems.is_empty() { String::new() } else { format!(", {} skipped (above)", report.problems.len()) }
    );
    Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub async fn sources_export(config_file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let opml = wkly_app::sources::export_opml(&store, &format!("{} sources", config.site.name)).await;
    store.close().await;
    print!("{}", opml?);
    Ok(ExitCode::SUCCESS)
}

/// Largest page `wkly extract` reads (the extractor refuses more anyway).
const MAX_PAGE_BYTES: u64 = 8 * 1024 * 1024;

/// `wkly extract`: one JSON line per readable file on standard output, a plain-words line
/// per unreadable one on standard error; exit code 1 when any file could not be read.
pub fn extract(url: Option<&str>, files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for path in files {
        let result = std::fs::metadata(path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|m| {
                if m.len() > MAX_PAGE_BYTES { Err(format!("larger than {MAX_PAGE_BYTES} bytes")) } else { Ok(()) }
            })
            .and_then(|()| std::fs::read(path).map_err(|e| format!("cannot read: {e}")))
            .and_then(|bytes| {
                let (html, _) = wkly_fetch::decode_text(&bytes, None);
                wkly_extract::extract(&html, url).map_err(|e| e.to_string())
            });
        match result {
            Ok(a) => {
                let line = serde_json::json!({
                    "path": path.display().to_string(),
                    "title": a.title,
                    "byline": a.byline,
                    "published_at": a.published_at.map(|t| Timestamp(t).to_rfc3339()),
                    "image": a.image,
                    "lang": a.lang,
                    "canonical_url": a.canonical_url,
                    "dateline": a.dateline,
                    "text": a.text,
                });
                println!("{line}");
            }
            Err(e) => {
                failed = true;
                eprintln!("{}: {e}", path.display());
            }
        }
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

const JOB_STATUSES: [&str; 4] = ["queued", "running", "done", "dead"];

pub async fn jobs_list(config_file: Option<&Path>, status: &str, limit: i64) -> anyhow::Result<ExitCode> {
    if !JOB_STATUSES.contains(&status) {
        bail!("status {status:?} is not one of {}", JOB_STATUSES.join(", "));
    }
    if !(1..=1000).contains(&limit) {
        bail!("--limit must be between 1 and 1000");
    }
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let counts = store.count_jobs().await;
    let jobs = store.list_jobs(status, limit).await;
    store.close().await;
    let (counts, jobs) = (counts?, jobs?);
    let count = |s: &str| counts.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n);
    println!("jobs: {}", JOB_STATUSES.map(|s| format!("{} {s}", count(s))).join(", "));
    if jobs.is_empty() {
        println!("no {status} jobs");
    }
    for j in jobs {
        println!(
            "{}  {}  attempt {}/{}  updated {}",
            j.id,
            j.kind,
            j.attempts,
            j.max_attempts,
            Timestamp(j.updated_at).to_rfc3339()
        );
        println!("    {}", j.payload.0);
        if let Some(e) = &j.last_error {
            println!("    error: {e}");
        }
    }
    if status == "dead" && count("dead") > 0 {
        println!("retry with `wkly jobs retry ID` or `wkly jobs retry --all-dead`");
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn jobs_retry(config_file: Option<&Path>, ids: &[String], all_dead: bool) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let mut missing = Vec::new();
    let mut retried = 0u64;
    if all_dead {
        retried += store.retry_dead_jobs().await?;
    }
    for id in ids {
        if store.retry_job(id).await? {
            retried += 1;
        } else {
            missing.push(id.as_str());
        }
    }
    store.close().await;
    println!("retried {retried} job(s); the worker runs them next");
    for id in &missing {
        eprintln!("no dead or queued job has the id {id:?}");
    }
    Ok(if missing.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub fn analyze(config_file: Option<&Path>, file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr().lock();
    let bad = match file {
        Some(path) => {
            let f = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
            let mut input = std::io::BufReader::new(f);
            crate::analyze::analyze(&wkly_nlp::Builtin, &config.taxonomy, &mut input, &mut out, &mut err)?
        }
        None => {
            let mut input = std::io::stdin().lock();
            crate::analyze::analyze(&wkly_nlp::Builtin, &config.taxonomy, &mut input, &mut out, &mut err)?
        }
    };
    Ok(if bad == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exited_processes_of_this_host_count_as_gone_workers() {
        let host = host_name();
        assert!(!worker_is_gone(&worker_name("ingest")), "this process is alive");
        assert!(!worker_is_gone(&format!("ingest@{host}:1")), "pid 1 is alive");
        assert!(!worker_is_gone("ingest@another-host.example:999999999"), "other hosts are judged by lease");
        for garbage in ["", "no-at-sign", "x@", "x@host", "x@host:notapid", "x@host:-1"] {
            assert!(!worker_is_gone(garbage), "{garbage:?}");
        }
        if Path::new("/proc/self").exists() {
            // Above the kernel's largest pid (2^22), so never a live process.
            assert!(worker_is_gone(&format!("ingest@{host}:4194400")));
        }
    }
}
