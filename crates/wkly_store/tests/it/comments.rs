use wkly_store::comments::NewComment;
use wkly_store::{Store, StoreError};

use super::{on_both, story, with_taxonomy};

on_both! {
    comments_thread_and_replies_need_a_parent_on_the_same_story => comments;
}

async fn comments(store: &Store) {
    with_taxonomy(store).await;
    let (a, _) =
        store.save_story(&story("talk", "money", "money", "neutral", "2026-11-01T09:00:00Z")).await.expect("save");
    let (b, _) =
        store.save_story(&story("other", "money", "money", "neutral", "2026-11-01T09:00:00Z")).await.expect("save");
    let comment = |story: &str, parent: Option<&str>, body: &str| NewComment {
        story_id: story.into(),
        parent_id: parent.map(Into::into),
        user_id: None,
        body: body.into(),
        body_html: String::new(),
        status: "visible".into(),
        created_at: wkly_core::Timestamp::now().millis(),
    };
    let root = store.insert_comment(&comment(&a, None, "First")).await.expect("root");
    let reply = store.insert_comment(&comment(&a, Some(&root), "Reply")).await.expect("reply");
    store.insert_comment(&comment(&a, Some(&reply), "Reply to reply")).await.expect("nested");
    let mut hidden = comment(&a, None, "Hidden by a moderator");
    hidden.status = "hidden".into();
    store.insert_comment(&hidden).await.expect("hidden");
    let err = store.insert_comment(&comment(&b, Some(&root), "Cross-story reply")).await;
    assert!(matches!(err, Err(StoreError::NotFound(_))), "{err:?}");
    let rows = store.list_comments(&a).await.expect("list");
    let depths: Vec<(&str, i64)> = rows.iter().map(|r| (r.body.as_str(), r.depth)).collect();
    assert_eq!(depths, vec![("First", 0), ("Reply", 1), ("Reply to reply", 2)], "hidden comments are not listed");
}
