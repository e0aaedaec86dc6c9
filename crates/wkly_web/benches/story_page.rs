//! Story-page rendering without the page cache: the database reads and the template, as
//! the first reader after an edit, or any signed-in reader, pays for them. The site holds
//! the demo pack plus enough generated stories to make 500, as a site a few weeks old
//! would. Run: `cargo bench -p wkly_web`.
//!
//! Two states: the usual one keeps the newest stories for "related news" as long as a
//! cached page; the other (`cache.page_ttl_secs = 0`) reads and tokenises them on every
//! render, as every render did before they were kept.

use criterion::{Criterion, criterion_group, criterion_main};
use wkly_core::{Provenance, Timestamp};
use wkly_store::Store;
use wkly_store::stories::{NewArticle, NewStory};
use wkly_test_support::{TestDb, demo_pack, test_config};

const SLUG: &str = "canada-lenders-cut-fixed-mortgage-rates-november";
const SITE_STORIES: usize = 500;

/// Varied made-up headlines for filler stories (bench data, never shown to anyone).
fn filler(n: usize) -> NewStory {
    const PLACES: [&str; 8] = ["Lisbon", "Osaka", "Calgary", "Nairobi", "Tromsø", "Adelaide", "Porto", "Quito"];
    const WHO: [&str; 8] = ["council", "regulator", "union", "airline", "utility", "hospital", "insurer", "retailer"];
    const WHAT: [&str; 8] = ["fares", "tariffs", "wages", "rents", "premiums", "waiting lists", "flights", "prices"];
    const DO: [&str; 4] = ["raises", "freezes", "reviews", "cuts"];
    let (place, who, what, verb) = (PLACES[n % 8], WHO[(n / 8) % 8], WHAT[(n / 64) % 8], DO[n % 4]);
    let title = format!("{place} {who} {verb} {what} in plan number {n}");
    let text = format!("The {who} in {place} {verb} {what}, officials said on Monday. Story {n}.");
    let categories = ["money", "business", "economy", "politics", "health", "travel"];
    NewStory {
        slug: format!("filler-{n}"),
        status: "published".into(),
        title,
        summary: text.clone(),
        teaser: format!("The {who} said the change to {what} takes effect next month."),
        category: categories[n % categories.len()].into(),
        goal: "informed".into(),
        sentiment: "neutral".into(),
        sentiment_score: None,
        location: format!("{place}, Somewhere"),
        background: String::new(),
        watch_next: Vec::new(),
        image_url: None,
        published_at: Timestamp::parse_rfc3339("2026-10-01T00:00:00Z").expect("time").millis() + n as i64 * 3_600_000,
        articles: vec![NewArticle {
            url: format!("https://wire.example/filler/{n}"),
            canonical_url: format!("https://wire.example/filler/{n}"),
            outlet: "Wire".into(),
            title: format!("Filler {n}"),
            byline: None,
            lang: Some("en".into()),
            text: text.clone(),
            content_hash: wkly_core::fingerprint::content_hash(&text),
            simhash: None,
            published_at: None,
        }],
        impacts: Vec::new(),
        perspectives: Vec::new(),
        poll: None,
        roadmaps: Vec::new(),
        provenance: Provenance::imported("bench", Timestamp::now()),
        actor: "bench".into(),
    }
}

async fn site(db: &TestDb) -> Store {
    let config = test_config(db.dir().map(Into::into).unwrap_or_default());
    db.store.sync_taxonomy(&config.taxonomy).await.expect("taxonomy");
    let report = wkly_app::import::import_path(&db.store, &config.taxonomy, &demo_pack()).await.expect("import");
    assert!(report.problems.is_empty());
    let community = std::fs::read_to_string(demo_pack().join("community.toml")).expect("community");
    wkly_app::demo::seed_community(&db.store, &community).await.expect("community");
    for n in report.stories_created..SITE_STORIES {
        db.store.save_story(&filler(n)).await.expect("filler story");
    }
    db.store.clone()
}

fn story_page(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let (db, kept, afresh) = rt.block_on(async {
        let db = TestDb::sqlite().await;
        let store = site(&db).await;
        let mut config = test_config(db.dir().map(Into::into).unwrap_or_default());
        let kept = wkly_web::AppState::new(store.clone(), &config, "http://127.0.0.1:8080".into());
        config.cache.page_ttl_secs = 0;
        let afresh = wkly_web::AppState::new(store, &config, "http://127.0.0.1:8080".into());
        (db, kept, afresh)
    });
    let html = rt.block_on(wkly_web::render_story_page(&kept, SLUG)).expect("the story renders");
    assert_eq!(rt.block_on(wkly_web::render_story_page(&afresh, SLUG)).as_deref(), Some(html.as_str()));
    println!("story page: {} bytes, {SITE_STORIES} stories on the site", html.len());
    c.bench_function("render story page (SQLite, uncached, related kept)", |b| {
        b.iter(|| rt.block_on(wkly_web::render_story_page(&kept, SLUG)).expect("rendered"))
    });
    c.bench_function("render story page (SQLite, uncached, related read afresh)", |b| {
        b.iter(|| rt.block_on(wkly_web::render_story_page(&afresh, SLUG)).expect("rendered"))
    });
    drop(db);
}

criterion_group!(benches, story_page);
criterion_main!(benches);
