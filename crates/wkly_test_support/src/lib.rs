//! Test-only helpers: a real SQLite file or a real PostgreSQL schema per test, the demo
//! pack's path, a wkly server spawned on a loopback port, and an SMTP server that keeps
//! what it receives ([`smtp::SmtpSink`]).
//!
//! PostgreSQL is the server at `WKLY_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`). Tests fail, never skip, when it is not
//! there: `.ci/run` starts it. Each [`TestDb`] removes its schema or file when dropped.

pub mod smtp;

use std::net::SocketAddr;
use std::path::PathBuf;

use tempfile::TempDir;
use wkly_config::Config;
use wkly_store::Store;

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub fn postgres_url() -> String {
    std::env::var("WKLY_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_string())
}

/// A migrated, empty database that disappears with the value.
pub struct TestDb {
    pub store: Store,
    dir: Option<TempDir>,
    schema: Option<String>,
}

impl TestDb {
    /// A fresh SQLite file in a temporary directory.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_sqlite(&dir.path().join("wkly.db"), 4).await.expect("open sqlite");
        TestDb { store, dir: Some(dir), schema: None }
    }

    /// A fresh schema on the test PostgreSQL server.
    pub async fn postgres() -> TestDb {
        let url = postgres_url();
        let schema = format!("wkly_test_{}", uuid::Uuid::now_v7().simple());
        wkly_store::create_postgres_schema(&url, &schema)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL must be running for the tests ({url}): {e}. `.ci/run` starts it."));
        let store = Store::open_postgres(&url, 4, Some(&schema)).await.expect("open postgres schema");
        TestDb { store, dir: None, schema: Some(schema) }
    }

    /// Where a SQLite test database keeps its files (None on PostgreSQL).
    pub fn dir(&self) -> Option<&std::path::Path> {
        self.dir.as_ref().map(|d| d.path())
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(schema) = self.schema.take() {
            // Drop runs inside the test's runtime, which cannot be blocked on: clean up on
            // a thread with a runtime of its own and wait for it. The test's own pool is
            // idle by now and holds no locks, so it cannot block the DROP.
            let cleanup = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                rt.block_on(async {
                    if let Err(e) = wkly_store::drop_postgres_schema(&postgres_url(), &schema).await {
                        eprintln!("could not drop test schema {schema}: {e}");
                    }
                });
            });
            let _ = cleanup.join();
        }
    }
}

/// The repository's demo pack (`demo/`).
pub fn demo_pack() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../demo")
}

/// Imports the demo pack's roadmaps, and none of its stories, into `store`.
pub async fn import_demo_roadmaps(store: &Store) {
    let taxonomy = wkly_core::Taxonomy::default();
    store.sync_taxonomy(&taxonomy).await.expect("taxonomy");
    let report =
        wkly_app::import::import_path(store, &taxonomy, &demo_pack().join("roadmaps")).await.expect("import roadmaps");
    assert!(report.problems.is_empty(), "the demo roadmaps import cleanly: {:?}", report.problems);
}

/// Runs the demo newsroom (`demo/newsroom`, seven outlets) through the whole pipeline into
/// `store`, as `wkly demo` does: its outlets as folder sources, every job until idle.
pub async fn ingest_demo_newsroom(store: &Store) -> wkly_pipeline::Summary {
    let taxonomy = wkly_core::Taxonomy::default();
    let dir = demo_pack().join("newsroom").canonicalize().expect("demo/newsroom");
    wkly_app::demo::add_newsroom_sources(store, &taxonomy, &dir).await.expect("newsroom sources");
    let fetcher = wkly_fetch::Fetcher::new(wkly_fetch::FetchPolicy {
        per_host_min_delay: std::time::Duration::ZERO,
        ..wkly_fetch::FetchPolicy::default()
    })
    .expect("fetcher");
    let pipeline = wkly_pipeline::Pipeline::new(store.clone(), fetcher, "test-newsroom");
    pipeline.enqueue_due_sources().await.expect("enqueue");
    let summary = pipeline.run_until_idle(10_000, |_| {}).await.expect("ingest the newsroom");
    assert_eq!(summary.jobs_failed, 0, "{:?}", summary.failures);
    summary
}

/// A configuration for tests: defaults with the given data dir.
pub fn test_config(data_dir: PathBuf) -> Config {
    Config { data_dir, ..Config::default() }
}

/// A wkly web server on 127.0.0.1 with an OS-chosen port, serving `store`.
pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Store,
    /// Where the app's account mail lands (the default `file` mail backend).
    pub mail_dir: PathBuf,
    handle: tokio::task::JoinHandle<()>,
    outbox: tokio::task::JoinHandle<()>,
    _db: Option<TestDb>,
}

impl TestApp {
    /// The demo newsroom (stories, roadmaps, readers) on a fresh SQLite file.
    pub async fn demo() -> TestApp {
        let db = TestDb::sqlite().await;
        let config = test_config(db.dir().map(Into::into).unwrap_or_default());
        db.store.sync_taxonomy(&config.taxonomy).await.expect("taxonomy");
        let report = wkly_app::import::import_path(&db.store, &config.taxonomy, &demo_pack()).await.expect("import");
        assert!(report.problems.is_empty(), "the demo pack imports cleanly: {:?}", report.problems);
        let community = std::fs::read_to_string(demo_pack().join("community.toml")).expect("community.toml");
        wkly_app::demo::seed_community(&db.store, &community).await.expect("seed readers");
        let mut app = TestApp::spawn(db.store.clone(), config).await;
        app._db = Some(db);
        app
    }

    /// The demo as `wkly demo` serves it: the pack, its readers, and the newsroom's
    /// machine-made stories.
    pub async fn demo_with_newsroom() -> TestApp {
        let app = TestApp::demo().await;
        ingest_demo_newsroom(&app.store).await;
        app
    }

    /// Serves `db`'s store with the default configuration; the app keeps `db` alive.
    pub async fn with_db(db: TestDb) -> TestApp {
        let config = test_config(db.dir().map(Into::into).unwrap_or_default());
        db.store.sync_taxonomy(&config.taxonomy).await.expect("taxonomy");
        let mut app = TestApp::spawn(db.store.clone(), config).await;
        app._db = Some(db);
        app
    }

    pub async fn spawn(store: Store, mut config: Config) -> TestApp {
        config.server.bind = "127.0.0.1:0".into();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        let state = wkly_web::AppState::new(store.clone(), &config, format!("http://{addr}"));
        // As `wkly serve` does: this node's outbox drainer sends the account mail.
        let outbox = tokio::spawn(wkly_app::accounts::mail::run_outbox(store.clone(), state.mail_context()));
        let handle = tokio::spawn(async move {
            if let Err(e) = wkly_web::serve(listener, state, std::future::pending()).await {
                eprintln!("test server stopped: {e}");
            }
        });
        let mail_dir =
            if config.mail.dir.is_empty() { config.data_dir.join("mail") } else { PathBuf::from(&config.mail.dir) };
        TestApp { addr, store, mail_dir, handle, outbox, _db: None }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Waits (at most 10 s) until `count` mails sit in [`TestApp::mail_dir`], and returns
    /// them as text, oldest first. The app's outbox drainer sends account mail after the
    /// request, so a test asks for what it expects and fails if it does not come.
    pub async fn mails(&self, count: usize) -> Vec<String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&self.mail_dir)
                .map(|d| {
                    d.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                        .collect()
                })
                .unwrap_or_default();
            if files.len() >= count {
                files.sort();
                return files.iter().map(|p| std::fs::read_to_string(p).expect("mail file")).collect();
            }
            assert!(std::time::Instant::now() < deadline, "{count} mails within 10 s; found {}", files.len());
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// Waits (at most 10 s) until the outbox holds no queued mail: everything asked for
    /// so far was sent or found not to be needed. Then [`TestApp::mails`] shows all of it.
    pub async fn outbox_drained(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while self.store.next_mail_due().await.expect("outbox").is_some() {
            assert!(std::time::Instant::now() < deadline, "the outbox drained within 10 s");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.handle.abort();
        self.outbox.abort();
    }
}
