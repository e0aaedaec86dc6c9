//! Story-page rendering without the page cache: the database reads and the template, as
//! the first reader after an edit pays for them. Run: `cargo bench -p wkly_web`.

use criterion::{Criterion, criterion_group, criterion_main};
use wkly_test_support::{TestDb, demo_pack, test_config};

const SLUG: &str = "canada-lenders-cut-fixed-mortgage-rates-november";

fn story_page(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let (db, state) = rt.block_on(async {
        let db = TestDb::sqlite().await;
        let config = test_config(db.dir().map(Into::into).unwrap_or_default());
        db.store.sync_taxonomy(&config.taxonomy).await.expect("taxonomy");
        let report = wkly_app::import::import_path(&db.store, &config.taxonomy, &demo_pack()).await.expect("import");
        assert!(report.problems.is_empty());
        let community = std::fs::read_to_string(demo_pack().join("community.toml")).expect("community");
        wkly_app::demo::seed_community(&db.store, &community).await.expect("community");
        let state = wkly_web::AppState::new(db.store.clone(), &config, "http://127.0.0.1:8080".into());
        (db, state)
    });
    let html = rt.block_on(wkly_web::render_story_page(&state, SLUG)).expect("the story renders");
    println!("story page: {} bytes", html.len());
    c.bench_function("render story page (SQLite, uncached)", |b| {
        b.iter(|| rt.block_on(wkly_web::render_story_page(&state, SLUG)).expect("rendered"))
    });
    drop(db);
}

criterion_group!(benches, story_page);
criterion_main!(benches);
