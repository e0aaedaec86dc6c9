use wkly_core::{Provenance, Timestamp};
use wkly_store::Store;
use wkly_store::articles::ArticleOutcome;
use wkly_store::clusters::{NewDraftStory, StoryEnrichment};
use wkly_store::stories::WatchNext;

use super::{article, on_both, roadmap, story, t};

on_both! {
    a_near_identical_copy_under_another_url_is_a_duplicate => near_duplicates;
    candidates_share_index_keys_within_the_time_window => candidates;
    an_article_is_placed_in_one_story_only => placement;
    enrichment_fills_a_draft_and_leaves_editor_fields_alone => enrichment;
    an_untouched_story_folds_into_another_and_a_touched_one_does_not => merging;
}

async fn merging(store: &Store) {
    let a = new_article(store, 1, "First report.", None).await;
    let b = new_article(store, 2, "Second report.", None).await;
    let c = new_article(store, 3, "Third report.", None).await;
    let into = draft(store, &a, "first").await.expect("story");
    let from = draft(store, &b, "second").await.expect("story");
    let touched = draft(store, &c, "third").await.expect("story");
    store.toggle_reaction(&touched, "b:reader", "useful", None).await.expect("react");

    assert!(!store.merge_stories(&into, &into).await.expect("self"), "a story does not fold into itself");
    assert!(!store.merge_stories(&into, &touched).await.expect("touched"), "a reader reacted: it stays");
    assert!(store.merge_stories(&into, &from).await.expect("merge"));
    assert!(!store.merge_stories(&into, &from).await.expect("gone"), "folded once");
    let ids: Vec<String> = store.list_story_articles(&into).await.expect("list").into_iter().map(|x| x.id).collect();
    assert_eq!(ids, [a, b]);
    let counts = store.count_clusters().await.expect("counts");
    assert_eq!((counts.stories, counts.placements, counts.unplaced, counts.empty_stories), (2, 3, 0, 0));
}

async fn new_article(store: &Store, n: usize, text: &str, simhash: Option<u64>) -> String {
    let mut a = article(n, text);
    a.simhash = simhash;
    match store.save_article(None, &a).await.expect("save") {
        ArticleOutcome::New(id) => id,
        other => panic!("expected a new article, got {other:?}"),
    }
}

async fn near_duplicates(store: &Store) {
    let h = 0x0f0f_1234_5678_9abc_u64;
    let original = new_article(store, 1, "The port raised its fees by 12% on Monday.", Some(h)).await;
    // Three bits away, in three different bands: still found through the fourth.
    let mut copy = article(2, "The port raised its fees by 12 percent on Monday.");
    copy.simhash = Some(h ^ 1 ^ (1 << 17) ^ (1 << 34));
    assert_eq!(
        store.save_article(None, &copy).await.expect("copy"),
        ArticleOutcome::Duplicate { of: original.clone() }
    );
    // Four bits away: another article.
    let mut other = article(3, "A different text about the port.");
    other.simhash = Some(h ^ 1 ^ (1 << 17) ^ (1 << 34) ^ (1 << 51));
    assert!(matches!(store.save_article(None, &other).await.expect("other"), ArticleOutcome::New(_)));
    // An update of the original under its own URL is an update, not a duplicate of itself.
    let mut updated = article(1, "The port raised its fees by 12% on Monday, the authority said.");
    updated.simhash = Some(h ^ 2);
    assert_eq!(store.save_article(None, &updated).await.expect("update"), ArticleOutcome::Updated(original));
}

async fn draft(store: &Store, article_id: &str, slug: &str) -> Option<String> {
    let d = NewDraftStory {
        slug: slug.into(),
        title: "Port fees rise".into(),
        teaser: "The port raised its fees.".into(),
        published_at: t("2026-11-01T08:00:00Z"),
    };
    store.create_story_for_article(&d, article_id).await.expect("draft")
}

async fn candidates(store: &Store) {
    let a = new_article(store, 1, "Port fees rise at Harwick.", None).await;
    let b = new_article(store, 2, "Harwick port fees, again.", None).await;
    let far = new_article(store, 3, "Harwick port, a year later.", None).await;
    let loose = new_article(store, 4, "Not in a story yet.", None).await;
    let story = draft(store, &a, "port-fees").await.expect("story");
    assert!(store.attach_article(&story, &far).await.expect("attach"));
    let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let day = t("2026-11-01T00:00:00Z");
    store.save_article_features(&a, "{}", &keys(&["org:harwick port", "w:fee"]), day).await.expect("a");
    store
        .save_article_features(&far, "{}", &keys(&["org:harwick port", "w:fee"]), day + 400 * 86_400_000)
        .await
        .expect("far");
    store.save_article_features(&loose, "{}", &keys(&["org:harwick port", "w:fee"]), day).await.expect("loose");
    // Saving again replaces the keys.
    store
        .save_article_features(&a, "{\"v\":2}", &keys(&["org:harwick port", "w:fee", "w:port"]), day)
        .await
        .expect("a2");
    let found = store
        .list_cluster_candidates(
            &keys(&["org:harwick port", "w:fee", "w:port"]),
            day - 86_400_000,
            day + 86_400_000,
            &b,
            10,
        )
        .await
        .expect("candidates");
    assert_eq!(found.len(), 1, "only articles in a story, within the window: {found:?}");
    assert_eq!(found[0].article_id, a);
    assert_eq!(found[0].story_id, story);
    assert_eq!(found[0].shared, 3);
    assert_eq!(found[0].features.as_deref(), Some("{\"v\":2}"));
    assert!(store.list_cluster_candidates(&[], 0, i64::MAX, &b, 10).await.expect("none").is_empty());
    let hostile = keys(&["'; DROP TABLE articles; --", "w:fee"]);
    assert_eq!(store.list_cluster_candidates(&hostile, day - 1, day + 1, &b, 10).await.expect("hostile").len(), 1);
}

async fn placement(store: &Store) {
    let a = new_article(store, 1, "First report.", None).await;
    let b = new_article(store, 2, "Second report.", None).await;
    let story = draft(store, &a, "port-fees").await.expect("story");
    assert_eq!(draft(store, &a, "port-fees").await, None, "a repeated job makes no second story");
    assert!(store.attach_article(&story, &b).await.expect("attach"));
    assert!(!store.attach_article(&story, &b).await.expect("again"), "attached once");
    let other = new_article(store, 3, "Another event.", None).await;
    let second = draft(store, &other, "port-fees").await.expect("same headline, other event");
    assert_ne!(second, story);
    let articles = store.list_story_articles(&story).await.expect("list");
    assert_eq!(articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), [a.as_str(), b.as_str()]);
    assert_eq!(store.get_cluster_article(&b).await.expect("b").story_id.as_deref(), Some(story.as_str()));
    assert!(store.get_cluster_article("missing").await.is_err());
}

async fn enrichment(store: &Store) {
    let a = new_article(store, 1, "\"Fees will rise,\" said Ana Ruiz.", None).await;
    let id = draft(store, &a, "port-fees").await.expect("story");
    assert!(store.find_published_story("port-fees").await.expect("find").is_none(), "a draft is not public");
    let (guide, _) = store.save_roadmap(&roadmap("ship-smarter", 4)).await.expect("roadmap");
    let e = StoryEnrichment {
        title: "Harwick port raises fees by 12%".into(),
        summary: "The port raised fees.".into(),
        teaser: "Fees rise.".into(),
        category: "business".into(),
        goal: "money".into(),
        sentiment: "negative".into(),
        sentiment_score: -0.4,
        location: "Harwick, United Kingdom".into(),
        perspectives: vec![
            ("Ana Ruiz".into(), "".into(), "".into(), "Fees will rise".into(), a.clone()),
            ("Tom Ek".into(), "Chief economist".into(), "Harwick Bank".into(), "Not by much".into(), a.clone()),
        ],
        impacts: vec![(
            "money".into(),
            "Budget for the Harwick port's 12% fee rise.".into(),
            "\"Fees will rise,\" said Ana Ruiz.".into(),
            a.clone(),
        )],
        poll: Some(("Will you change how you ship?".into(), vec!["Yes".into(), "No".into(), "Not sure".into()])),
        roadmaps: vec![
            (guide.clone(), "Because this story is about port fees".into()),
            ("a-roadmap-deleted-since".into(), "Because".into()),
        ],
        watch_next: vec![WatchNext::Extracted {
            text: "\"Fees will rise,\" said Ana Ruiz.".into(),
            article_id: a.clone(),
        }],
        status_when_ready: "published".into(),
    };
    let prov = Provenance {
        backend: "builtin".into(),
        model: None,
        version: "1".into(),
        at: Timestamp::now(),
        overridden: false,
    };
    store.apply_enrichment(&id, &e, &prov).await.expect("enrich");
    let row = store.find_published_story("port-fees").await.expect("find").expect("published");
    assert_eq!(row.title, "Harwick port raises fees by 12%");
    let perspectives = store.list_perspectives(&id).await.expect("p");
    let speakers: Vec<(&str, &str)> =
        perspectives.iter().map(|p| (p.speaker.as_str(), p.organisation.as_str())).collect();
    assert_eq!(speakers, [("Ana Ruiz", ""), ("Tom Ek", "Harwick Bank")]);
    let impacts = store.list_impacts(&id).await.expect("impacts");
    assert_eq!(impacts.len(), 1);
    let linked = store.list_story_roadmaps(&id).await.expect("roadmaps");
    let linked: Vec<(&str, &str)> = linked.iter().map(|r| (r.card.slug.as_str(), r.reason.as_str())).collect();
    assert_eq!(linked, [("ship-smarter", "Because this story is about port fees")], "a missing roadmap is skipped");
    assert_eq!(row.watch_next.0, e.watch_next);
    let poll = store.find_poll(&id).await.expect("poll").expect("a poll");
    assert_eq!(poll.question, "Will you change how you ship?");
    // Enriching again keeps the poll readers may have voted on.
    let mut again = e.clone();
    again.poll = Some(("Another question?".into(), vec!["A".into(), "B".into(), "C".into()]));
    store.apply_enrichment(&id, &again, &prov).await.expect("again");
    assert_eq!(store.find_poll(&id).await.expect("poll").expect("poll").question, "Will you change how you ship?");

    // An editor owns the title (as an imported story owns every field): enrichment leaves it.
    let mut edited = story("edited", "money", "money", "neutral", "2026-11-02T08:00:00Z");
    edited.title = "The editor's title".into();
    let (edited_id, _) = store.save_story(&edited).await.expect("save");
    store.apply_enrichment(&edited_id, &e, &prov).await.expect("enrich edited");
    let row = store.find_published_story("edited").await.expect("find").expect("published");
    assert_eq!(row.title, "The editor's title");
    assert_eq!(row.category, "money");
    assert_eq!(row.watch_next.0, [WatchNext::Written("A vote next week.".into())], "the editor's list stays");
    assert!(store.list_story_roadmaps(&edited_id).await.expect("links").is_empty(), "the editor's links stay");
    let fields = store.list_story_fields(&edited_id).await.expect("fields");
    assert!(fields.iter().all(|f| f.backend == "import"), "provenance of owned fields stays");
}
