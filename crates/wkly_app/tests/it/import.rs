use wkly_app::import::import_path;
use wkly_core::{Taxonomy, Timestamp};
use wkly_store::stories::StoryFilter;
use wkly_test_support::{TestDb, demo_pack, ingest_demo_newsroom};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_editors_file_takes_over_a_machine_made_storys_poll_with_a_closing_time_and_votes_survive() {
    let db = TestDb::sqlite().await;
    ingest_demo_newsroom(&db.store).await;
    let stories = db.store.list_published(&StoryFilter { limit: 1000, ..StoryFilter::default() }).await.expect("list");
    let card = stories.iter().find(|c| c.title.starts_with("Dublin bus drivers to strike")).expect("the Dublin story");
    let poll = db.store.find_poll(&card.id).await.expect("poll").expect("a machine-drafted poll");
    let options = db.store.list_poll_results(&poll.id).await.expect("options");
    db.store.cast_vote(&poll.id, &options[0].id, "b:reader-1", None).await.expect("vote");

    let kept = &options[0].label;
    let file = format!(
        r#"+++
title = "Dublin bus drivers strike on Saturday"
slug = "{slug}"
category = "world"
goal = "travel"
sentiment = "negative"
published_at = "2026-11-20T08:00:00Z"
teaser = "Services across the city stop for a day."

[[sources]]
id = "wire"
outlet = "Meridian Wire"
url = "https://meridianwire.example/2026/11/20/dublin-bus-strike-editor"
title = "Dublin bus drivers strike on Saturday"
text = """
Bus drivers in Dublin will strike on Saturday over pay.
"""

[poll]
question = "Will Saturday's bus strike change how you get around Dublin?"
options = ["{kept}", "I will walk or cycle", "No change for me"]
closes_at = "2026-11-22T00:00:00Z"
+++

Bus drivers in Dublin will stop work for a day on Saturday in a dispute over pay, the editor's summary says.
"#,
        slug = card.slug
    );
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("dublin.md"), file).expect("write");
    let report = import_path(&db.store, &Taxonomy::default(), dir.path()).await.expect("import");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.stories_updated, 1, "the file updates the machine-made story in place");

    let edited = db.store.find_poll(&card.id).await.expect("poll").expect("the editor's poll");
    assert_eq!(edited.id, poll.id, "the same poll, so its votes stay");
    assert_eq!(edited.question, "Will Saturday's bus strike change how you get around Dublin?");
    assert_eq!(edited.closes_at, Some(Timestamp::parse_rfc3339("2026-11-22T00:00:00Z").expect("time").millis()));
    let results = db.store.list_poll_results(&poll.id).await.expect("results");
    let labels: Vec<(&str, i64)> = results.iter().map(|o| (o.label.as_str(), o.votes)).collect();
    assert_eq!(labels, [(kept.as_str(), 1), ("I will walk or cycle", 0), ("No change for me", 0)]);
    let fields = db.store.list_story_fields(&card.id).await.expect("fields");
    assert!(fields.iter().any(|f| f.field == "poll" && f.overridden), "the poll is the editor's now");
}
