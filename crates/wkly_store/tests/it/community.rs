use wkly_core::Role;
use wkly_store::Store;
use wkly_store::community::{ReactionOutcome, VoteOutcome};
use wkly_store::users::{NewUser, NewUserOutcome};

use super::{on_both, story, with_taxonomy};

on_both! {
    one_vote_per_reader_and_unknown_options_are_refused => votes;
    hundreds_of_simultaneous_votes_lose_none_and_double_none => concurrent_votes;
    a_reaction_toggles_and_switches => reactions;
    taken_names_and_emails_are_outcomes => users;
}

async fn poll_of(store: &Store, slug: &str) -> (String, Vec<String>) {
    with_taxonomy(store).await;
    let (id, _) =
        store.save_story(&story(slug, "money", "money", "neutral", "2026-11-01T09:00:00Z")).await.expect("save");
    let poll = store.find_poll(&id).await.expect("poll").expect("has poll");
    let options = store.list_poll_results(&poll.id).await.expect("results").into_iter().map(|o| o.id).collect();
    (poll.id, options)
}

async fn votes(store: &Store) {
    let (poll, options) = poll_of(store, "votes").await;
    assert_eq!(store.cast_vote(&poll, &options[0], "b:one", None).await.expect("vote"), VoteOutcome::Counted);
    assert_eq!(store.cast_vote(&poll, &options[1], "b:one", None).await.expect("vote"), VoteOutcome::AlreadyVoted);
    assert_eq!(store.cast_vote(&poll, "not-an-option", "b:two", None).await.expect("vote"), VoteOutcome::UnknownOption);
    let counts: Vec<i64> = store.list_poll_results(&poll).await.expect("results").iter().map(|o| o.votes).collect();
    assert_eq!(counts, vec![1, 0]);
}

async fn concurrent_votes(store: &Store) {
    let (poll, options) = poll_of(store, "busy").await;
    let mut tasks = Vec::new();
    for i in 0..300 {
        let (store, poll, option) = (store.clone(), poll.clone(), options[i % 2].clone());
        tasks.push(tokio::spawn(async move {
            // Each reader clicks twice: the second click must not count.
            let first = store.cast_vote(&poll, &option, &format!("b:{i}"), None).await.expect("vote");
            let second = store.cast_vote(&poll, &option, &format!("b:{i}"), None).await.expect("vote");
            (first, second)
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), (VoteOutcome::Counted, VoteOutcome::AlreadyVoted));
    }
    let counts: Vec<i64> = store.list_poll_results(&poll).await.expect("results").iter().map(|o| o.votes).collect();
    assert_eq!(counts, vec![150, 150]);
}

async fn reactions(store: &Store) {
    with_taxonomy(store).await;
    let (id, _) =
        store.save_story(&story("react", "money", "money", "neutral", "2026-11-01T09:00:00Z")).await.expect("save");
    assert_eq!(store.toggle_reaction(&id, "b:a", "useful", None).await.expect("react"), ReactionOutcome::Set);
    assert_eq!(store.toggle_reaction(&id, "b:b", "useful", None).await.expect("react"), ReactionOutcome::Set);
    assert_eq!(store.toggle_reaction(&id, "b:a", "worrying", None).await.expect("switch"), ReactionOutcome::Set);
    let mut counts = store.reaction_counts(&id).await.expect("counts");
    counts.sort();
    assert_eq!(counts, vec![("useful".to_string(), 1), ("worrying".to_string(), 1)]);
    assert_eq!(store.toggle_reaction(&id, "b:a", "worrying", None).await.expect("remove"), ReactionOutcome::Removed);
    assert_eq!(store.reaction_counts(&id).await.expect("counts"), vec![("useful".to_string(), 1)]);
}

async fn users(store: &Store) {
    let user = |name: &str, email: &str| NewUser {
        name: name.into(),
        email: email.into(),
        password_hash: "!".into(),
        role: Role::Reader,
    };
    assert!(matches!(
        store.insert_user(&user("ana", "ana@example.org")).await.expect("insert"),
        NewUserOutcome::Created(_)
    ));
    assert_eq!(store.insert_user(&user("ana", "other@example.org")).await.expect("insert"), NewUserOutcome::NameTaken);
    assert_eq!(store.insert_user(&user("bob", "ana@example.org")).await.expect("insert"), NewUserOutcome::EmailTaken);
    let found = store.find_user_by_name("ana").await.expect("find").expect("ana");
    store.set_user_goals(&found.id, &["money".into(), "health".into()]).await.expect("goals");
    assert_eq!(store.list_user_goals(&found.id).await.expect("goals"), vec!["health", "money"]);
}
