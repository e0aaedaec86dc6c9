use wkly_store::Store;
use wkly_store::articles::{ArticleOutcome, FetchInsert, NewFetch, SourceFetch};
use wkly_store::sources::{AddSourceOutcome, NewSource};

use super::{article, on_both};

on_both! {
    an_article_is_stored_once_updated_in_place_and_duplicates_are_recognised => articles;
    raw_fetches_are_kept_until_processed_and_stored_once => fetches;
    sources_come_due_by_their_next_fetch_time => due_sources;
}

async fn source(store: &Store, url: &str) -> String {
    let new = NewSource {
        kind: "feed".into(),
        url: url.into(),
        name: url.into(),
        category: None,
        review_policy: "auto".into(),
        extra_headers: Vec::new(),
    };
    match store.add_source(&new).await.expect("source") {
        AddSourceOutcome::Added(id) | AddSourceOutcome::AlreadyExists(id) => id,
    }
}

async fn articles(store: &Store) {
    let src = source(store, "https://wire.example/feed").await;
    let a = article(1, "The port raised its fees by 12% on Monday.");
    let ArticleOutcome::New(id) = store.save_article(Some(&src), &a).await.expect("save") else { panic!("new") };
    assert_eq!(store.save_article(Some(&src), &a).await.expect("again"), ArticleOutcome::Unchanged(id.clone()));
    let mut retitled = a.clone();
    retitled.title = "Port fees rise 12%".into();
    assert_eq!(store.save_article(Some(&src), &retitled).await.expect("retitled"), ArticleOutcome::Updated(id.clone()));
    let mut elsewhere = a.clone();
    elsewhere.url = "https://mirror.example/copy".into();
    elsewhere.canonical_url = "https://mirror.example/copy".into();
    assert_eq!(store.save_article(Some(&src), &elsewhere).await.expect("copy"), ArticleOutcome::Duplicate { of: id });
    assert_eq!(store.count_source_articles(&src).await.expect("count"), 1);
}

async fn fetches(store: &Store) {
    let src = source(store, "https://wire.example/feed").await;
    let f = NewFetch {
        source_id: src.clone(),
        url: "https://wire.example/feed".into(),
        status: 200,
        content_type: Some("application/rss+xml".into()),
        content_hash: "abc".into(),
        body: b"<rss/>".to_vec(),
    };
    let FetchInsert::New(id) = store.insert_fetch(&f).await.expect("insert") else { panic!("new") };
    assert_eq!(store.insert_fetch(&f).await.expect("again"), FetchInsert::Seen(id.clone()));
    let row = store.get_fetch(&id).await.expect("get");
    assert_eq!(row.body.as_deref(), Some(&b"<rss/>"[..]));
    store.finish_fetch(&id, Some("not a feed")).await.expect("failed");
    assert!(store.get_fetch(&id).await.expect("get").body.is_some(), "a failed fetch keeps its bytes");
    store.finish_fetch(&id, None).await.expect("done");
    let row = store.get_fetch(&id).await.expect("get");
    assert!(row.body.is_none() && row.processed_at.is_some(), "a processed fetch drops its bytes");
}

async fn due_sources(store: &Store) {
    let a = source(store, "https://a.example/feed").await;
    let b = source(store, "https://b.example/feed").await;
    assert_eq!(store.list_due_sources(1_000).await.expect("due").len(), 2, "never fetched is due");
    let later = SourceFetch {
        at: 1_000,
        status: Some(200),
        next_fetch_at: 5_000,
        etag: Some("\"v1\"".into()),
        ..SourceFetch::default()
    };
    store.record_source_fetch(&a, &later).await.expect("record");
    let failed = SourceFetch {
        at: 1_000,
        status: Some(503),
        error: Some("the server answered 503".into()),
        next_fetch_at: 2_000,
        ..SourceFetch::default()
    };
    store.record_source_fetch(&b, &failed).await.expect("record");
    let due: Vec<String> = store.list_due_sources(3_000).await.expect("due").into_iter().map(|s| s.id).collect();
    assert_eq!(due, vec![b.clone()]);
    let listed = store.list_sources().await.expect("list");
    let b_row = listed.iter().find(|s| s.id == b).expect("b");
    assert_eq!((b_row.last_status, b_row.last_error.as_deref()), (Some(503), Some("the server answered 503")));
}
