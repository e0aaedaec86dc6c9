//! The demo newsroom through the whole pipeline: 7 outlets in four feed formats plus article
//! pages become one story per event, exactly as `demo/newsroom/expected_clusters.tsv` says.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use wkly_pipeline::Pipeline;
use wkly_store::sources::NewSource;
use wkly_test_support::TestDb;

use super::fetcher;

fn newsroom() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/newsroom").canonicalize().expect("demo/newsroom")
}

/// Canonical URL → event key, from the newsroom's manifest.
fn expected() -> BTreeMap<String, String> {
    std::fs::read_to_string(newsroom().join("expected_clusters.tsv"))
        .expect("expected_clusters.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (url, event) = l.split_once('\t').expect("url<TAB>event");
            (url.trim().to_string(), event.trim().to_string())
        })
        .collect()
}

async fn the_newsroom_becomes_one_story_per_event(db: TestDb) {
    let outlets = [
        ("meridian-wire", "Meridian Wire"),
        ("harbour-ledger", "Harbour Ledger"),
        ("civic-signal", "Civic Signal"),
        ("copperline-business", "Copperline Business"),
        ("atlas-world-desk", "Atlas World Desk"),
        ("lattice-tech-review", "Lattice Tech Review"),
        ("pulse-health-report", "Pulse Health Report"),
    ];
    for (folder, name) in outlets {
        db.store
            .add_source(&NewSource {
                kind: "folder".into(),
                url: format!("file://{}", newsroom().join(folder).display()),
                name: name.into(),
                category: None,
                review_policy: "auto".into(),
                extra_headers: Vec::new(),
            })
            .await
            .expect("source");
    }
    let p = Pipeline::new(db.store.clone(), fetcher(), "test-worker");
    p.enqueue_due_sources().await.expect("enqueue");
    let summary = p.run_until_idle(10_000, |_| {}).await.expect("run");
    assert_eq!(summary.jobs_failed, 0, "{:?}", summary.failures);

    let expected = expected();
    let mut stories: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (story, url) in db.store.list_placements().await.expect("placements") {
        stories.entry(story).or_default().insert(url);
    }
    // Events as the pipeline grouped them, each story named by the events of its articles.
    let mut got: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    let mut problems = Vec::new();
    for urls in stories.values() {
        let events: BTreeSet<&String> = urls.iter().filter_map(|u| expected.get(u)).collect();
        if events.len() > 1 {
            problems.push(format!("one story mixes events {events:?}: {urls:?}"));
        }
        got.insert(urls.clone());
    }
    let mut by_event: BTreeMap<&String, BTreeSet<String>> = BTreeMap::new();
    for (url, event) in &expected {
        by_event.entry(event).or_default().insert(url.clone());
    }
    // The syndicated copy is stored once, so its second URL has no article of its own;
    // every other article is in a story.
    let stored: BTreeSet<&String> = stories.values().flatten().collect();
    let missing: Vec<&String> = expected.keys().filter(|u| !stored.contains(u)).collect();
    // Whichever of the two was read first is the one kept.
    let syndicated = [
        "https://atlasworld.example/2026/11/23/norway-storm-grounds-flights-power-outages",
        "https://meridianwire.example/2026/11/23/storm-tora-western-norway-power-cuts",
    ];
    assert!(missing.len() == 1 && syndicated.contains(&missing[0].as_str()), "not stored: {missing:?}");
    for (event, urls) in &by_event {
        let present: BTreeSet<String> = urls.iter().filter(|u| stored.contains(u)).cloned().collect();
        if !got.contains(&present) {
            let split: Vec<&BTreeSet<String>> = got.iter().filter(|s| !s.is_disjoint(&present)).collect();
            problems.push(format!("event {event} is split: {split:?}"));
        }
    }
    let s = &summary.stats;
    println!(
        "newsroom: {} articles ({} updated, {} duplicate), {} stories, {} joined",
        s.articles_new, s.articles_updated, s.articles_duplicate, s.stories_new, s.stories_grown
    );
    assert!(problems.is_empty(), "{} clustering problems:\n{}", problems.len(), problems.join("\n"));
    assert_eq!(s.articles_duplicate, 1, "the syndicated copy is recognised as a copy");
    let counts = db.store.count_clusters().await.expect("counts");
    assert_eq!((counts.unplaced, counts.empty_stories), (0, 0));
    assert_eq!(counts.stories as usize, by_event.len(), "{counts:?}");
}

on_both!(the_newsroom_becomes_one_story_per_event);
