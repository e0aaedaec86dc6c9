use wkly_store::Store;
use wkly_store::stories::{SaveOutcome, StoryFilter, WatchNext};

use super::{on_both, roadmap, story, with_taxonomy};

on_both! {
    saving_the_same_slug_twice_updates_in_place => saving_twice;
    lists_filter_by_category_goal_and_sentiment => filters;
    held_stories_are_not_public => held;
    story_parts_read_back_in_order => parts;
    a_story_linking_a_missing_roadmap_is_refused_whole => missing_roadmap;
    roadmap_progress_survives_an_edit_of_its_steps => roadmap_progress;
    a_failed_write_leaves_no_lock_behind => failed_write_releases_locks;
}

async fn saving_twice(store: &Store) {
    with_taxonomy(store).await;
    let mut s = story("rates", "money", "money", "negative", "2026-11-01T09:00:00Z");
    let (id, outcome) = store.save_story(&s).await.expect("first save");
    assert_eq!(outcome, SaveOutcome::Created);
    let poll = store.find_poll(&id).await.expect("poll").expect("has poll");
    let yes = store.list_poll_results(&poll.id).await.expect("results")[0].id.clone();
    store.cast_vote(&poll.id, &yes, "b:reader-1", None).await.expect("vote");

    s.title = "Rates rise again".into();
    s.poll.as_mut().expect("poll").options = vec!["Yes".into(), "Maybe".into()];
    let (id2, outcome) = store.save_story(&s).await.expect("second save");
    assert_eq!((id2.as_str(), outcome), (id.as_str(), SaveOutcome::Updated));
    assert_eq!(store.count_content().await.expect("count"), (1, 2, 0), "no duplicate story or article");
    let page = store.find_published_story("rates").await.expect("find").expect("exists");
    assert_eq!(page.title, "Rates rise again");
    let results = store.list_poll_results(&poll.id).await.expect("results");
    let labels: Vec<(&str, i64)> = results.iter().map(|o| (o.label.as_str(), o.votes)).collect();
    assert_eq!(labels, vec![("Yes", 1), ("Maybe", 0)], "an unchanged option keeps its votes");
    let events = store.list_story_events(&id).await.expect("events");
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["created", "updated"]);
}

async fn filters(store: &Store) {
    with_taxonomy(store).await;
    for (slug, cat, goal, sent, at) in [
        ("a", "money", "money", "negative", "2026-11-01T09:00:00Z"),
        ("b", "health", "health", "positive", "2026-11-02T09:00:00Z"),
        ("c", "money", "family", "positive", "2026-11-03T09:00:00Z"),
    ] {
        store.save_story(&story(slug, cat, goal, sent, at)).await.expect("save");
    }
    let list = |category: Option<&str>, goal: Option<&str>, sentiment: Option<&str>| StoryFilter {
        category: category.map(Into::into),
        goal: goal.map(Into::into),
        sentiment: sentiment.map(Into::into),
        limit: 10,
        offset: 0,
    };
    let slugs = |cards: Vec<wkly_store::stories::StoryCard>| cards.into_iter().map(|c| c.slug).collect::<Vec<_>>();
    assert_eq!(slugs(store.list_published(&list(None, None, None)).await.expect("all")), ["c", "b", "a"]);
    assert_eq!(slugs(store.list_published(&list(Some("money"), None, None)).await.expect("money")), ["c", "a"]);
    assert_eq!(slugs(store.list_published(&list(None, Some("health"), None)).await.expect("goal")), ["b"]);
    assert_eq!(slugs(store.list_published(&list(Some("money"), None, Some("positive"))).await.expect("both")), ["c"]);
    assert_eq!(store.count_published(&list(Some("money"), None, None)).await.expect("count"), 2);
    let page2 = StoryFilter { limit: 2, offset: 2, ..list(None, None, None) };
    assert_eq!(slugs(store.list_published(&page2).await.expect("page 2")), ["a"]);
}

async fn held(store: &Store) {
    with_taxonomy(store).await;
    let mut held = story("held", "money", "money", "neutral", "2026-11-05T09:30:00Z");
    held.status = "held".into();
    store.save_story(&held).await.expect("save");
    assert!(store.find_published_story("held").await.expect("find").is_none(), "held stories are not public");
    let all = StoryFilter { limit: 10, ..StoryFilter::default() };
    assert!(store.list_published(&all).await.expect("list").is_empty());
    assert_eq!(store.count_published(&all).await.expect("count"), 0);
}

async fn parts(store: &Store) {
    with_taxonomy(store).await;
    let (id, _) =
        store.save_story(&story("parts", "money", "money", "neutral", "2026-11-05T09:00:00Z")).await.expect("save");
    let coverage = store.list_coverage(&id).await.expect("coverage");
    assert_eq!(coverage.len(), 2);
    assert!(coverage[0].published_at <= coverage[1].published_at, "coverage reads as a timeline");
    let impacts = store.list_impacts(&id).await.expect("impacts");
    assert_eq!(impacts[0].evidence_text, "Rates rose by 0.25 points on Tuesday.");
    assert_eq!(impacts[0].outlet.as_deref(), Some(coverage[0].outlet.as_str()));
    let perspectives = store.list_perspectives(&id).await.expect("perspectives");
    assert_eq!((perspectives[0].speaker.as_str(), perspectives[0].generated), ("Ana Ruiz", false));
    let fields = store.list_story_fields(&id).await.expect("fields");
    assert_eq!(fields.len(), wkly_core::StoryField::ALL.len());
    assert!(fields.iter().all(|f| f.backend == "import" && f.overridden), "an editor's file owns every field");
    let story = store.find_published_story("parts").await.expect("find").expect("story");
    assert_eq!(story.watch_next.0, vec![WatchNext::Written("A vote next week.".into())]);
    assert_eq!(story.sentiment_score, Some(-0.25));
}

async fn missing_roadmap(store: &Store) {
    with_taxonomy(store).await;
    let mut s = story("linked", "money", "money", "neutral", "2026-11-05T09:00:00Z");
    s.roadmaps = vec!["no-such-roadmap".into()];
    assert!(store.save_story(&s).await.is_err());
    assert_eq!(store.count_content().await.expect("count"), (0, 0, 0), "nothing of the story was written");
    store.save_roadmap(&roadmap("no-such-roadmap", 4)).await.expect("roadmap");
    let (id, _) = store.save_story(&s).await.expect("now it saves");
    let linked = store.list_story_roadmaps(&id).await.expect("links");
    assert_eq!((linked.len(), linked[0].card.steps), (1, 4));
    assert_eq!(linked[0].reason, "Chosen by an editor");
}

async fn roadmap_progress(store: &Store) {
    with_taxonomy(store).await;
    let (rid, _) = store.save_roadmap(&roadmap("fund", 5)).await.expect("roadmap");
    let user = match store
        .insert_user(&wkly_store::users::NewUser {
            name: "reader".into(),
            email: "reader@example.org".into(),
            password_hash: "!".into(),
            role: wkly_core::Role::Reader,
        })
        .await
        .expect("user")
    {
        wkly_store::users::NewUserOutcome::Created(id) => id,
        other => panic!("{other:?}"),
    };
    let steps = store.list_steps(&rid).await.expect("steps");
    store.mark_step_done(&user, &steps[1].id).await.expect("done");
    store.mark_step_done(&user, &steps[1].id).await.expect("done twice is fine");
    let mut edited = roadmap("fund", 3);
    edited.steps[1].title = "Reworded step".into();
    store.save_roadmap(&edited).await.expect("edit");
    let steps = store.list_steps(&rid).await.expect("steps");
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[1].title, "Reworded step");
    assert_eq!(store.list_done_steps(&user, &rid).await.expect("progress"), vec![steps[1].id.clone()]);
}

async fn failed_write_releases_locks(store: &Store) {
    with_taxonomy(store).await;
    // Each failure happens mid-transaction, possibly on a different pooled connection.
    for i in 0..4 {
        let mut s = story(&format!("broken-{i}"), "money", "money", "neutral", "2026-11-05T09:00:00Z");
        s.roadmaps = vec!["no-such-roadmap".into()];
        assert!(store.save_story(&s).await.is_err());
    }
    let mut writes = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        writes.push(tokio::spawn(
            async move { store.save_roadmap(&roadmap(&format!("guide-{i}"), 4)).await.map(|_| ()) },
        ));
    }
    for w in writes {
        w.await.expect("task").expect("no write waits on a lock a failed transaction left");
    }
    assert_eq!(store.count_content().await.expect("count"), (0, 0, 8));
}
