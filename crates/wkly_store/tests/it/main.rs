//! Store behaviour on real databases: every test runs on a SQLite file and on a
//! PostgreSQL schema of its own.

mod accounts;
mod articles;
mod clusters;
mod comments;
mod community;
mod jobs;
mod limits;
mod mail_outbox;
mod schema;
mod sources;
mod stories;

use wkly_core::{Provenance, Taxonomy, Timestamp};
use wkly_store::Store;
use wkly_store::roadmaps::{NewRoadmap, NewStep};
use wkly_store::stories::{NewArticle, NewImpact, NewPerspective, NewPoll, NewStory};

/// Declares `mod $name { sqlite(); postgres() }` running `$body(store)` on each backend.
macro_rules! on_both {
    ($($name:ident => $body:ident;)*) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = wkly_test_support::TestDb::sqlite().await;
                super::$body(&db.store).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let db = wkly_test_support::TestDb::postgres().await;
                super::$body(&db.store).await;
            }
        }
    )*};
}
pub(crate) use on_both;

pub fn t(s: &str) -> i64 {
    Timestamp::parse_rfc3339(s).expect("time").millis()
}

pub fn article(n: usize, text: &str) -> NewArticle {
    NewArticle {
        url: format!("https://wire.example/{n}"),
        canonical_url: format!("https://wire.example/{n}"),
        outlet: format!("Outlet {n}"),
        title: format!("Article {n}"),
        byline: None,
        lang: Some("en".into()),
        text: text.into(),
        content_hash: wkly_core::fingerprint::content_hash(text),
        simhash: None,
        published_at: Some(t("2026-11-01T08:00:00Z") + n as i64 * 60_000),
    }
}

/// A complete story; `n` varies the coverage URLs so stories do not share articles.
pub fn story(slug: &str, category: &str, goal: &str, sentiment: &str, published: &str) -> NewStory {
    let n = slug.len() * 1000 + usize::from(slug.as_bytes()[0]);
    NewStory {
        slug: slug.into(),
        status: "published".into(),
        title: format!("Title of {slug}"),
        summary: "A neutral summary.".into(),
        teaser: "A teaser.".into(),
        category: category.into(),
        goal: goal.into(),
        sentiment: sentiment.into(),
        sentiment_score: Some(-0.25),
        location: "Tokyo, Japan".into(),
        background: "Some **background**.".into(),
        watch_next: vec!["A vote next week.".into()],
        image_url: None,
        published_at: t(published),
        articles: vec![
            article(n, "Rates rose by 0.25 points on Tuesday."),
            article(n + 1, "\"Expect more,\" said Ana Ruiz."),
        ],
        impacts: vec![NewImpact {
            goal: goal.into(),
            text: "Check your mortgage rate.".into(),
            evidence_text: "Rates rose by 0.25 points on Tuesday.".into(),
            evidence_article: 0,
        }],
        perspectives: vec![NewPerspective {
            speaker: "Ana Ruiz".into(),
            role: "Economist".into(),
            organisation: "Bank".into(),
            quote: "Expect more,".into(),
            article: Some(1),
            generated: false,
        }],
        poll: Some(NewPoll {
            question: "Will you refix?".into(),
            options: vec!["Yes".into(), "No".into()],
            closes_at: None,
        }),
        roadmaps: vec![],
        provenance: Provenance::imported("test", Timestamp::now()),
        actor: "test".into(),
    }
}

pub fn roadmap(slug: &str, steps: usize) -> NewRoadmap {
    NewRoadmap {
        slug: slug.into(),
        title: format!("Roadmap {slug}"),
        summary: "Summary.".into(),
        intro: "Intro.".into(),
        goal: "money".into(),
        category: "money".into(),
        duration: "a week".into(),
        steps: (0..steps)
            .map(|i| NewStep { title: format!("Step {i}"), body: format!("Do {i}."), why: format!("Because {i}.") })
            .collect(),
    }
}

pub async fn with_taxonomy(store: &Store) {
    store.sync_taxonomy(&Taxonomy::default()).await.expect("taxonomy");
}
