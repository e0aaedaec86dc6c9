//! Use cases on a real database, and the demo pack's promises.

mod accounts;
mod comments;
mod community;
mod demo_pack;
mod import;
mod mail;

use wkly_core::{Provenance, Taxonomy, Timestamp};
use wkly_store::Store;
use wkly_store::stories::{NewPoll, NewStory};

/// Declares `mod $name { sqlite(); postgres() }` running `$body(store)` on each backend,
/// with the default taxonomy in place.
macro_rules! on_both {
    ($($name:ident => $body:ident;)*) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = wkly_test_support::TestDb::sqlite().await;
                super::super::with_taxonomy(&db.store).await;
                super::$body(&db.store).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let db = wkly_test_support::TestDb::postgres().await;
                super::super::with_taxonomy(&db.store).await;
                super::$body(&db.store).await;
            }
        }
    )*};
}
pub(crate) use on_both;

pub async fn with_taxonomy(store: &Store) {
    store.sync_taxonomy(&Taxonomy::default()).await.expect("taxonomy");
}

/// A published story with a "Yes"/"No" poll closing at `closes_at` (none when `poll` is false).
pub fn story(slug: &str, poll: bool, closes_at: Option<i64>) -> NewStory {
    NewStory {
        slug: slug.into(),
        status: "published".into(),
        title: format!("Title of {slug}"),
        summary: "A neutral summary.".into(),
        teaser: "A teaser.".into(),
        category: "money".into(),
        goal: "money".into(),
        sentiment: "neutral".into(),
        sentiment_score: None,
        location: "Lisbon, Portugal".into(),
        background: String::new(),
        watch_next: vec![],
        image_url: None,
        published_at: Timestamp::now().millis(),
        articles: vec![],
        impacts: vec![],
        perspectives: vec![],
        poll: poll.then(|| NewPoll {
            question: format!("What about {slug}?"),
            options: vec!["Yes".into(), "No".into()],
            closes_at,
        }),
        roadmaps: vec![],
        provenance: Provenance::imported("test", Timestamp::now()),
        actor: "test".into(),
    }
}

/// Saves `story(slug, true, None)`; the story's id and its poll's option ids.
pub async fn story_with_poll(store: &Store, slug: &str) -> (String, Vec<String>) {
    let (id, _) = store.save_story(&story(slug, true, None)).await.expect("save story");
    let poll = store.find_poll(&id).await.expect("poll").expect("has a poll");
    let options = store.list_poll_results(&poll.id).await.expect("results").into_iter().map(|o| o.id).collect();
    (id, options)
}
