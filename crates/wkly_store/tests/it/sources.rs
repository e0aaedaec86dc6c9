use wkly_store::Store;
use wkly_store::sources::{AddSourceOutcome, NewSource};

use super::on_both;

on_both! {
    a_source_url_is_stored_once_and_can_be_removed => add_list_remove;
}

fn source(url: &str, name: &str) -> NewSource {
    NewSource {
        kind: "feed".into(),
        url: url.into(),
        name: name.into(),
        category: Some("money".into()),
        review_policy: "auto".into(),
        extra_headers: Vec::new(),
    }
}

async fn add_list_remove(store: &Store) {
    let id = match store.add_source(&source("https://wire.example/feed.xml", "Wire")).await.expect("add") {
        AddSourceOutcome::Added(id) => id,
        other => panic!("{other:?}"),
    };
    let again = store.add_source(&source("https://wire.example/feed.xml", "Another name")).await.expect("add again");
    assert_eq!(again, AddSourceOutcome::AlreadyExists(id.clone()));
    let mut keyed = source("https://atlas.example/rss", "Atlas");
    keyed.extra_headers = vec![("X-Api-Key".into(), "s3cret; \"quoted\"".into())];
    store.add_source(&keyed).await.expect("add");
    let listed = store.list_sources().await.expect("list");
    let names: Vec<&str> = listed.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Atlas", "Wire"], "sorted by name, the first name kept");
    assert!(listed.iter().all(|s| s.last_fetched_at.is_none() && s.last_error.is_none()));
    assert_eq!(listed[0].headers(), keyed.extra_headers, "headers round-trip");
    assert!(listed[1].headers().is_empty());
    assert!(store.remove_source(&id).await.expect("remove"));
    assert!(!store.remove_source(&id).await.expect("remove twice"));
    assert_eq!(store.list_sources().await.expect("list").len(), 1);
}
