use wkly_app::import::import_path;
use wkly_core::Taxonomy;
use wkly_test_support::{TestDb, demo_pack};

async fn imports_the_demo_pack_twice_without_duplicates(db: TestDb) {
    let taxonomy = Taxonomy::default();
    db.store.sync_taxonomy(&taxonomy).await.expect("taxonomy");
    let first = import_path(&db.store, &taxonomy, &demo_pack()).await.expect("import");
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    assert!(first.stories_created >= 40 && first.roadmaps_created >= 10);
    let counts = db.store.count_content().await.expect("count");
    let again = import_path(&db.store, &taxonomy, &demo_pack()).await.expect("import again");
    assert_eq!((again.stories_created, again.stories_updated), (0, first.stories_created));
    assert_eq!((again.roadmaps_created, again.roadmaps_updated), (0, first.roadmaps_created));
    assert_eq!(db.store.count_content().await.expect("count"), counts, "re-import duplicates nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reimporting_the_demo_pack_updates_in_place_on_sqlite() {
    imports_the_demo_pack_twice_without_duplicates(TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reimporting_the_demo_pack_updates_in_place_on_postgres() {
    imports_the_demo_pack_twice_without_duplicates(TestDb::postgres().await).await;
}

#[tokio::test]
async fn a_story_with_an_unknown_category_goal_or_roadmap_is_reported_and_skipped() {
    let db = TestDb::sqlite().await;
    let dir = tempfile::tempdir().expect("tmp");
    let good = std::fs::read_to_string(demo_pack().join("stories/canada-central-bank-cuts-rate-to-2-5-percent.md"))
        .expect("story");
    std::fs::write(dir.path().join("a.md"), good.replace("category = \"economy\"", "category = \"astrology\""))
        .expect("write");
    std::fs::write(dir.path().join("b.md"), good.replace("goal = \"money\"", "goal = \"fame\"")).expect("write");
    let report = import_path(&db.store, &Taxonomy::default(), dir.path()).await.expect("import");
    assert_eq!(report.stories_created, 0);
    let messages: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|m| m.contains("a.md:") && m.contains("category \"astrology\" is not one of")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("b.md:") && m.contains("goal \"fame\"")), "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("does not exist")),
        "roadmaps of another import are unknown here: {messages:?}"
    );
}
