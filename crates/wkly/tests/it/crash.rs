//! Crash safety: `wkly ingest` killed with SIGKILL at several moments, then started again,
//! ends exactly where an uninterrupted run ends: no article, story, placement or job twice,
//! nothing left behind.

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use wkly_store::Store;
use wkly_store::clusters::ClusterCounts;

use super::cli::{run, wkly};

fn newsroom() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/newsroom").canonicalize().expect("demo/newsroom")
}

/// A data dir with the demo newsroom's outlets as sources.
fn data_dir_with_sources() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let newsroom = newsroom();
    for outlet in ["meridian-wire", "harbour-ledger", "civic-signal", "copperline-business", "atlas-world-desk"] {
        let (out, _, stderr) = run(wkly(dir.path()).args([
            "sources",
            "add",
            &newsroom.join(outlet).display().to_string(),
            "--name",
            outlet,
        ]));
        assert!(out.status.success(), "{stderr}");
    }
    dir
}

#[derive(Debug, PartialEq, Eq)]
struct State {
    clusters: ClusterCounts,
    jobs: Vec<(String, i64)>,
}

fn state(dir: &Path) -> State {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let store = Store::open_sqlite(&dir.join("wkly.db"), 1).await.expect("open");
        let s = State {
            clusters: store.count_clusters().await.expect("counts"),
            jobs: store.count_jobs().await.expect("jobs"),
        };
        store.close().await;
        s
    })
}

fn articles_stored(dir: &Path) -> i64 {
    if !dir.join("wkly.db").exists() {
        return 0;
    }
    state(dir).clusters.articles
}

fn ingest(dir: &Path) -> Child {
    wkly(dir).arg("ingest").stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn wkly ingest")
}

/// Waits until at least `n` articles are stored or the run has ended; bounded.
fn wait_for_articles(dir: &Path, child: &mut Child, n: i64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if child.try_wait().expect("poll").is_some() || articles_stored(dir) >= n {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("no progress to {n} articles within a minute");
}

#[test]
fn ingestion_killed_at_any_moment_resumes_without_duplicates() {
    let reference = data_dir_with_sources();
    let (out, stdout, _) = run(wkly(reference.path()).arg("ingest"));
    assert!(out.status.success(), "{stdout}");
    let expected = state(reference.path());
    assert!(expected.clusters.articles > 40 && expected.clusters.stories > 20, "{expected:?}");
    assert_eq!((expected.clusters.unplaced, expected.clusters.empty_stories), (0, 0), "{expected:?}");
    assert_eq!(expected.clusters.placements, expected.clusters.articles, "each article in one story");

    let crashed = data_dir_with_sources();
    // Kill at the first article, then part-way through parsing and clustering, then while
    // enriching: each restart resumes where the last one died.
    let mut interrupted = 0;
    for progress in [1, 8, 25, expected.clusters.articles] {
        let mut child = ingest(crashed.path());
        wait_for_articles(crashed.path(), &mut child, progress);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().expect("wait");
        if !status.success() {
            interrupted += 1;
        }
    }
    assert!(interrupted >= 2, "only {interrupted} run(s) were killed before they finished");
    assert_ne!(state(crashed.path()), expected, "work was left for the last run");
    let (out, stdout, _) = run(wkly(crashed.path()).arg("ingest"));
    assert!(out.status.success(), "the run after the crashes finishes cleanly: {stdout}");
    let after = state(crashed.path());
    assert_eq!(after, expected, "same articles, stories, placements and jobs as a run that never crashed");
}
