use std::collections::BTreeSet;

use wkly_core::{Role, Timestamp};
use wkly_store::Store;
use wkly_store::community::{NewComment, VoteOutcome};
use wkly_store::sessions::NewSession;
use wkly_store::users::{NewUser, NewUserOutcome, TokenOutcome, TokenPurpose};

use super::{on_both, story, with_taxonomy};

on_both! {
    a_session_is_found_until_it_expires_and_can_be_extended_and_ended => sessions;
    a_new_password_or_a_disabled_account_ends_every_session_of_that_account => sessions_end_with_the_account;
    accounts_are_found_by_name_or_email_and_their_role_and_status_change => account_lookups;
    a_one_time_token_works_once_for_its_purpose_until_it_expires => tokens;
    a_new_token_voids_the_unused_one_of_the_same_purpose_only => tokens_replace_each_other;
    two_simultaneous_uses_of_one_token_spend_it_exactly_once => concurrent_token_use;
    simultaneous_accounts_with_one_name_or_one_email_create_one_and_name_the_taken_field => concurrent_users;
    browser_votes_and_reactions_move_into_the_account_and_the_account_choice_wins => claim;
    claiming_twice_or_claiming_an_unknown_browser_moves_nothing => claim_is_idempotent;
    an_account_voting_while_its_browser_is_claimed_keeps_one_vote_and_no_error => claim_while_voting;
    a_deleted_account_leaves_deleted_comments_and_its_votes_and_reactions_counted => delete_account;
    a_reader_votes_and_reactions_are_listed_newest_first_with_their_story => lists_of_a_reader;
}

const HOUR: i64 = 3600 * 1000;

pub(crate) async fn user(store: &Store, name: &str) -> String {
    let new = NewUser {
        name: name.into(),
        email: format!("{name}@example.org"),
        password_hash: format!("hash-of-{name}"),
        role: Role::Reader,
    };
    match store.insert_user(&new).await.expect("insert user") {
        NewUserOutcome::Created(id) => id,
        other => panic!("{name}: {other:?}"),
    }
}

fn session(id_hash: &str, user_id: &str, expires_at: i64) -> NewSession {
    NewSession {
        id_hash: id_hash.into(),
        user_id: user_id.into(),
        csrf_token: format!("csrf-{id_hash}"),
        created_at: expires_at - 24 * HOUR,
        expires_at,
    }
}

async fn sessions(store: &Store) {
    let ana = user(store, "ana").await;
    let now = Timestamp::now().millis();
    store.insert_session(&session("s1", &ana, now + HOUR)).await.expect("insert");

    let found = store.find_session("s1", now).await.expect("find").expect("live session");
    assert_eq!((found.account.id.as_str(), found.account.name.as_str()), (ana.as_str(), "ana"));
    assert_eq!((found.csrf_token.as_str(), found.expires_at), ("csrf-s1", now + HOUR));
    assert_eq!(found.account.status, "active");
    assert!(store.find_session("s2", now).await.expect("find").is_none(), "an unknown id finds nothing");
    assert!(store.find_session("s1", now + HOUR).await.expect("find").is_none(), "a session ends at its expiry");
    assert!(store.find_session("s1", now + 2 * HOUR).await.expect("find").is_none());

    store.extend_session("s1", now + 3 * HOUR).await.expect("extend");
    let extended = store.find_session("s1", now + 2 * HOUR).await.expect("find").expect("extended session");
    assert_eq!(extended.expires_at, now + 3 * HOUR);

    store.delete_session("s1").await.expect("delete");
    assert!(store.find_session("s1", now).await.expect("find").is_none(), "a deleted session is gone");
    store.delete_session("s1").await.expect("deleting twice is harmless");

    store.insert_session(&session("old", &ana, now - HOUR)).await.expect("insert");
    store.insert_session(&session("edge", &ana, now)).await.expect("insert");
    store.insert_session(&session("live", &ana, now + HOUR)).await.expect("insert");
    assert_eq!(store.delete_expired_sessions(now).await.expect("prune"), 2, "sessions ending by now go");
    assert!(store.find_session("live", now).await.expect("find").is_some(), "a live session stays");
    assert_eq!(store.delete_expired_sessions(now).await.expect("prune"), 0);
}

async fn sessions_end_with_the_account(store: &Store) {
    let ana = user(store, "ana").await;
    let bob = user(store, "bob").await;
    let now = Timestamp::now().millis();
    for (hash, owner) in [("ana-laptop", &ana), ("ana-phone", &ana), ("bob-laptop", &bob)] {
        store.insert_session(&session(hash, owner, now + HOUR)).await.expect("insert");
    }

    assert!(store.set_password_hash(&ana, "new-hash").await.expect("set"));
    assert!(store.find_session("ana-laptop", now).await.expect("find").is_none());
    assert!(store.find_session("ana-phone", now).await.expect("find").is_none());
    assert!(store.find_session("bob-laptop", now).await.expect("find").is_some(), "other accounts stay signed in");
    let creds = store.find_credentials("ana").await.expect("find").expect("ana");
    assert_eq!(creds.password_hash, "new-hash");
    assert!(!store.set_password_hash("no-such-id", "x").await.expect("set"), "no such account");

    assert!(store.set_user_status(&bob, "disabled").await.expect("disable"));
    assert!(store.find_session("bob-laptop", now).await.expect("find").is_none(), "disabling signs out");
    assert_eq!(store.find_credentials("bob").await.expect("find").expect("bob").status, "disabled");
    assert!(store.set_user_status(&bob, "active").await.expect("enable"));
    store.insert_session(&session("bob-again", &bob, now + HOUR)).await.expect("insert");
    assert!(store.set_user_status(&bob, "active").await.expect("enable again"));
    assert!(store.find_session("bob-again", now).await.expect("find").is_some(), "enabling keeps sessions");
    assert!(!store.set_user_status("no-such-id", "disabled").await.expect("disable"));

    assert_eq!(store.delete_sessions_of(&bob).await.expect("sign out everywhere"), 1);
    assert!(store.find_session("bob-again", now).await.expect("find").is_none());
}

async fn account_lookups(store: &Store) {
    let ana = user(store, "ana").await;
    let by_name = store.find_credentials("ana").await.expect("find").expect("by name");
    let by_email = store.find_credentials("ana@example.org").await.expect("find").expect("by email");
    assert_eq!((by_name.id.as_str(), by_email.id.as_str()), (ana.as_str(), ana.as_str()));
    assert_eq!((by_name.name.as_str(), by_name.status.as_str()), ("ana", "active"));
    assert!(store.find_credentials("nobody").await.expect("find").is_none());
    assert!(store.find_credentials("").await.expect("find").is_none());
    assert!(store.find_credentials("' OR 1=1 --").await.expect("find").is_none(), "input is bound, never spliced");

    let account = store.find_account(&ana).await.expect("find").expect("ana");
    assert_eq!((account.role.as_str(), account.email.as_str()), ("reader", "ana@example.org"));
    assert_eq!((account.email_verified_at, account.banned_until), (None, None));
    assert_eq!(store.find_account_by_email("ana@example.org").await.expect("find").map(|a| a.id), Some(ana.clone()));
    assert_eq!(store.find_account_by_name("ana").await.expect("find").map(|a| a.id), Some(ana.clone()));
    assert!(store.find_account("no-such-id").await.expect("find").is_none());

    assert!(store.set_role(&ana, Role::Editor).await.expect("promote"));
    assert!(!store.set_role("no-such-id", Role::Editor).await.expect("promote"));
    store.mark_email_verified(&ana).await.expect("verify");
    let first = store.find_account(&ana).await.expect("find").expect("ana");
    assert_eq!(first.role, "editor");
    let verified_at = first.email_verified_at.expect("verified");
    store.mark_email_verified(&ana).await.expect("verify again");
    let again = store.find_account(&ana).await.expect("find").expect("ana");
    assert_eq!(again.email_verified_at, Some(verified_at), "the first confirmation's time is kept");

    let bob = user(store, "bob").await;
    let listed: Vec<String> = store.list_accounts(10).await.expect("list").into_iter().map(|a| a.id).collect();
    assert_eq!(listed.len(), 2);
    assert!(listed.contains(&ana) && listed.contains(&bob));
    assert_eq!(store.list_accounts(1).await.expect("list").len(), 1);
}

async fn tokens(store: &Store) {
    let ana = user(store, "ana").await;
    let now = Timestamp::now().millis();
    store.insert_auth_token("reset-1", &ana, TokenPurpose::ResetPassword, now + HOUR).await.expect("insert");
    assert_eq!(
        store.use_auth_token("reset-1", TokenPurpose::VerifyEmail).await.expect("use"),
        TokenOutcome::Invalid,
        "a reset token does not verify an address"
    );
    assert_eq!(
        store.use_auth_token("reset-1", TokenPurpose::ResetPassword).await.expect("use"),
        TokenOutcome::Used { user_id: ana.clone() },
        "the wrong purpose did not spend it"
    );
    assert_eq!(
        store.use_auth_token("reset-1", TokenPurpose::ResetPassword).await.expect("use"),
        TokenOutcome::Invalid,
        "a token works once"
    );
    assert_eq!(
        store.use_auth_token("never-issued", TokenPurpose::ResetPassword).await.expect("use"),
        TokenOutcome::Invalid
    );

    store.insert_auth_token("verify-late", &ana, TokenPurpose::VerifyEmail, now - 1).await.expect("insert");
    assert_eq!(
        store.use_auth_token("verify-late", TokenPurpose::VerifyEmail).await.expect("use"),
        TokenOutcome::Invalid,
        "an expired token does not work"
    );
    assert_eq!(store.count_recent_tokens(&ana, TokenPurpose::ResetPassword, now - HOUR).await.expect("count"), 1);
    assert_eq!(store.count_recent_tokens(&ana, TokenPurpose::VerifyEmail, now - HOUR).await.expect("count"), 1);
    assert_eq!(store.count_recent_tokens(&ana, TokenPurpose::VerifyEmail, now + HOUR).await.expect("count"), 0);
}

async fn tokens_replace_each_other(store: &Store) {
    let ana = user(store, "ana").await;
    let bob = user(store, "bob").await;
    let later = Timestamp::now().millis() + HOUR;
    store.insert_auth_token("verify", &ana, TokenPurpose::VerifyEmail, later).await.expect("insert");
    store.insert_auth_token("bob-reset", &bob, TokenPurpose::ResetPassword, later).await.expect("insert");
    store.insert_auth_token("first", &ana, TokenPurpose::ResetPassword, later).await.expect("insert");
    store.insert_auth_token("second", &ana, TokenPurpose::ResetPassword, later).await.expect("insert");

    let use_reset = |hash: &'static str| store.use_auth_token(hash, TokenPurpose::ResetPassword);
    assert_eq!(use_reset("first").await.expect("use"), TokenOutcome::Invalid, "the newer link replaces it");
    assert_eq!(use_reset("second").await.expect("use"), TokenOutcome::Used { user_id: ana.clone() });
    assert_eq!(use_reset("bob-reset").await.expect("use"), TokenOutcome::Used { user_id: bob }, "per account");
    assert_eq!(
        store.use_auth_token("verify", TokenPurpose::VerifyEmail).await.expect("use"),
        TokenOutcome::Used { user_id: ana.clone() },
        "a reset link leaves the verification link alone"
    );
    // A spent token is not "unused": issuing again leaves its record (and the count) be.
    store.insert_auth_token("third", &ana, TokenPurpose::ResetPassword, later).await.expect("insert");
    assert_eq!(store.count_recent_tokens(&ana, TokenPurpose::ResetPassword, 0).await.expect("count"), 2);
}

async fn concurrent_token_use(store: &Store) {
    let ana = user(store, "ana").await;
    let later = Timestamp::now().millis() + HOUR;
    for round in 0..10 {
        let hash = format!("token-{round}");
        store.insert_auth_token(&hash, &ana, TokenPurpose::ResetPassword, later).await.expect("insert");
        let spend = |store: Store, hash: String| {
            tokio::spawn(async move { store.use_auth_token(&hash, TokenPurpose::ResetPassword).await.expect("use") })
        };
        let a = spend(store.clone(), hash.clone());
        let b = spend(store.clone(), hash.clone());
        let outcomes = [a.await.expect("task"), b.await.expect("task")];
        let used = outcomes.iter().filter(|o| matches!(o, TokenOutcome::Used { .. })).count();
        assert_eq!(used, 1, "round {round}: {outcomes:?}");
        assert!(outcomes.contains(&TokenOutcome::Invalid), "round {round}: {outcomes:?}");
    }
}

async fn concurrent_users(store: &Store) {
    let attempt = |store: Store, name: String, email: String| {
        tokio::spawn(async move {
            let new = NewUser { name, email, password_hash: "!".into(), role: Role::Reader };
            store.insert_user(&new).await.expect("insert user")
        })
    };
    let same_name: Vec<_> =
        (0..20).map(|i| attempt(store.clone(), "same".into(), format!("same{i}@example.org"))).collect();
    let same_email: Vec<_> =
        (0..20).map(|i| attempt(store.clone(), format!("other{i}"), "shared@example.org".into())).collect();
    let mut outcomes = Vec::new();
    for task in same_name {
        outcomes.push(task.await.expect("task"));
    }
    let created = outcomes.iter().filter(|o| matches!(o, NewUserOutcome::Created(_))).count();
    assert_eq!(created, 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|o| **o == NewUserOutcome::NameTaken).count(), 19, "{outcomes:?}");

    let mut outcomes = Vec::new();
    for task in same_email {
        outcomes.push(task.await.expect("task"));
    }
    let created = outcomes.iter().filter(|o| matches!(o, NewUserOutcome::Created(_))).count();
    assert_eq!(created, 1, "{outcomes:?}");
    assert_eq!(outcomes.iter().filter(|o| **o == NewUserOutcome::EmailTaken).count(), 19, "{outcomes:?}");
    assert_eq!(store.list_accounts(100).await.expect("list").len(), 2);
}

/// Saves a story with a two-option poll; its id, the poll's id and the option ids.
async fn story_with_poll(store: &Store, slug: &str) -> (String, String, Vec<String>) {
    let (story_id, _) =
        store.save_story(&story(slug, "money", "money", "neutral", "2026-11-01T09:00:00Z")).await.expect("save");
    let poll = store.find_poll(&story_id).await.expect("poll").expect("has a poll");
    let options = store.list_poll_results(&poll.id).await.expect("results").into_iter().map(|o| o.id).collect();
    (story_id, poll.id, options)
}

async fn counts(store: &Store, poll_id: &str) -> Vec<i64> {
    store.list_poll_results(poll_id).await.expect("results").iter().map(|o| o.votes).collect()
}

async fn sorted_reactions(store: &Store, story_id: &str) -> Vec<(String, i64)> {
    let mut counts = store.reaction_counts(story_id).await.expect("counts");
    counts.sort();
    counts
}

async fn claim(store: &Store) {
    with_taxonomy(store).await;
    let ana = user(store, "ana").await;
    let me = format!("u:{ana}");
    let (a, poll_a, opts_a) = story_with_poll(store, "alpha").await;
    let (b, poll_b, opts_b) = story_with_poll(store, "beta").await;
    let (c, _, _) = story_with_poll(store, "gamma").await;

    // Signed out on this browser: a vote in both polls, a reaction on all three stories.
    assert_eq!(store.cast_vote(&poll_a, &opts_a[0], "b:mine", None).await.expect("vote"), VoteOutcome::Counted);
    assert_eq!(store.cast_vote(&poll_b, &opts_b[1], "b:mine", None).await.expect("vote"), VoteOutcome::Counted);
    store.toggle_reaction(&a, "b:mine", "useful", None).await.expect("react");
    store.toggle_reaction(&b, "b:mine", "worrying", None).await.expect("react");
    store.toggle_reaction(&c, "b:mine", "angry", None).await.expect("react");
    // Signed in elsewhere earlier: the account already voted in poll b and reacted to c.
    assert_eq!(store.cast_vote(&poll_b, &opts_b[0], &me, Some(&ana)).await.expect("vote"), VoteOutcome::Counted);
    store.toggle_reaction(&c, &me, "hopeful", Some(&ana)).await.expect("react");
    // Someone else's browser is not touched.
    store.cast_vote(&poll_a, &opts_a[1], "b:theirs", None).await.expect("vote");
    store.toggle_reaction(&a, "b:theirs", "useful", None).await.expect("react");

    let before_a = counts(store, &poll_a).await;
    let before_reactions_a = sorted_reactions(store, &a).await;
    let before_reactions_b = sorted_reactions(store, &b).await;
    assert_eq!(before_a, vec![1, 1]);
    assert_eq!(counts(store, &poll_b).await, vec![1, 1], "the same person, counted twice for now");

    assert_eq!(store.claim_browser_actions("b:mine", &ana).await.expect("claim"), (1, 2));

    assert_eq!(store.find_vote(&poll_a, &me).await.expect("find"), Some(opts_a[0].clone()), "moved");
    assert_eq!(store.find_vote(&poll_a, "b:mine").await.expect("find"), None);
    assert_eq!(store.find_vote(&poll_b, &me).await.expect("find"), Some(opts_b[0].clone()), "the account's stands");
    assert_eq!(store.find_vote(&poll_b, "b:mine").await.expect("find"), None);
    assert_eq!(store.find_vote(&poll_a, "b:theirs").await.expect("find"), Some(opts_a[1].clone()));
    assert_eq!(counts(store, &poll_a).await, before_a, "moving a vote changes no count");
    assert_eq!(counts(store, &poll_b).await, vec![1, 0], "the browser's duplicate is dropped, the reader counts once");

    assert_eq!(store.find_reaction(&a, &me).await.expect("find").as_deref(), Some("useful"));
    assert_eq!(store.find_reaction(&b, &me).await.expect("find").as_deref(), Some("worrying"));
    assert_eq!(store.find_reaction(&c, &me).await.expect("find").as_deref(), Some("hopeful"), "the account's stands");
    for story_id in [&a, &b, &c] {
        assert_eq!(store.find_reaction(story_id, "b:mine").await.expect("find"), None);
    }
    assert_eq!(sorted_reactions(store, &a).await, before_reactions_a);
    assert_eq!(sorted_reactions(store, &b).await, before_reactions_b);
    assert_eq!(sorted_reactions(store, &c).await, vec![("hopeful".to_string(), 1)]);

    let votes: BTreeSet<(String, String)> =
        store.list_votes_of_user(&ana).await.expect("list").into_iter().map(|v| (v.story_slug, v.answer)).collect();
    assert_eq!(votes, BTreeSet::from([("alpha".into(), "Yes".into()), ("beta".into(), "Yes".into())]));
    assert_eq!(store.list_reactions_of_user(&ana).await.expect("list").len(), 3, "moved reactions join the profile");
}

async fn claim_while_voting(store: &Store) {
    with_taxonomy(store).await;
    // Round after round, a browser's votes and reactions are claimed at the instant the
    // account votes and reacts on the same stories from another device.
    for round in 0..20 {
        let ana = user(store, &format!("ana{round}")).await;
        let me = format!("u:{ana}");
        let browser = format!("b:{round}");
        let (a, poll_a, opts_a) = story_with_poll(store, &format!("alpha{round}")).await;
        store.cast_vote(&poll_a, &opts_a[0], &browser, None).await.expect("browser vote");
        store.toggle_reaction(&a, &browser, "useful", None).await.expect("browser reaction");
        let claim = {
            let (store, browser, ana) = (store.clone(), browser.clone(), ana.clone());
            tokio::spawn(async move { store.claim_browser_actions(&browser, &ana).await })
        };
        let vote = {
            let (store, poll_a, option, me, ana) =
                (store.clone(), poll_a.clone(), opts_a[1].clone(), me.clone(), ana.clone());
            tokio::spawn(async move { store.cast_vote(&poll_a, &option, &me, Some(&ana)).await })
        };
        let react = {
            let (store, a, me, ana) = (store.clone(), a.clone(), me.clone(), ana.clone());
            tokio::spawn(async move { store.toggle_reaction(&a, &me, "hopeful", Some(&ana)).await })
        };
        claim.await.expect("task").expect("the claim never fails");
        vote.await.expect("task").expect("the vote never fails");
        react.await.expect("task").expect("the reaction never fails");
        assert_eq!(counts(store, &poll_a).await.iter().sum::<i64>(), 1, "one reader, one vote (round {round})");
        assert!(store.find_vote(&poll_a, &me).await.expect("find").is_some());
        assert_eq!(store.find_vote(&poll_a, &browser).await.expect("find"), None);
        let reactions = sorted_reactions(store, &a).await;
        assert_eq!(reactions.iter().map(|(_, n)| n).sum::<i64>(), 1, "one reaction (round {round}): {reactions:?}");
    }
}

async fn claim_is_idempotent(store: &Store) {
    with_taxonomy(store).await;
    let ana = user(store, "ana").await;
    let (a, poll_a, opts_a) = story_with_poll(store, "alpha").await;
    store.cast_vote(&poll_a, &opts_a[1], "b:mine", None).await.expect("vote");
    store.toggle_reaction(&a, "b:mine", "surprising", None).await.expect("react");
    assert_eq!(store.claim_browser_actions("b:mine", &ana).await.expect("claim"), (1, 1));
    assert_eq!(store.claim_browser_actions("b:mine", &ana).await.expect("claim again"), (0, 0));
    assert_eq!(store.claim_browser_actions("b:never-seen", &ana).await.expect("claim"), (0, 0));
    assert_eq!(counts(store, &poll_a).await, vec![0, 1]);
    assert_eq!(sorted_reactions(store, &a).await, vec![("surprising".to_string(), 1)]);
}

async fn delete_account(store: &Store) {
    with_taxonomy(store).await;
    let ana = user(store, "ana").await;
    let bob = user(store, "bob").await;
    let me = format!("u:{ana}");
    let (a, poll_a, opts_a) = story_with_poll(store, "alpha").await;
    store.cast_vote(&poll_a, &opts_a[0], &me, Some(&ana)).await.expect("vote");
    store.cast_vote(&poll_a, &opts_a[1], &format!("u:{bob}"), Some(&bob)).await.expect("vote");
    store.toggle_reaction(&a, &me, "insightful", Some(&ana)).await.expect("react");
    store.set_user_goals(&ana, &["money".into()]).await.expect("goals");
    let now = Timestamp::now().millis();
    store.insert_session(&session("ana-session", &ana, now + HOUR)).await.expect("session");
    store.insert_auth_token("ana-reset", &ana, TokenPurpose::ResetPassword, now + HOUR).await.expect("token");
    let comment = |user: &str, parent: Option<&str>, body: &str, at: i64| NewComment {
        story_id: a.clone(),
        parent_id: parent.map(Into::into),
        user_id: Some(user.into()),
        body: body.into(),
        body_html: format!("<p>{body}</p>"),
        status: "visible".into(),
        created_at: at,
    };
    let mine = store.insert_comment(&comment(&ana, None, "My secret opinion", now)).await.expect("comment");
    store.insert_comment(&comment(&bob, Some(&mine), "A reply", now + 1)).await.expect("reply");

    assert!(store.delete_account(&ana).await.expect("delete"));

    let gone = store.find_comment(&mine).await.expect("find").expect("the placeholder stays");
    assert_eq!(
        (gone.status.as_str(), gone.body.as_str(), gone.body_html.as_str(), gone.author, gone.user_id),
        ("deleted", "", "", None, None),
        "nothing of the deleted reader stays readable, even in the database"
    );
    let thread = store.list_comment_thread(&a).await.expect("thread");
    let shown: Vec<(&str, &str, Option<&str>, Option<&str>)> = thread
        .iter()
        .map(|c| (c.status.as_str(), c.body.as_str(), c.author.as_deref(), c.parent_id.as_deref()))
        .collect();
    assert_eq!(
        shown,
        vec![("deleted", "", None, None), ("visible", "A reply", Some("bob"), Some(mine.as_str()))],
        "the thread keeps its shape"
    );
    assert_eq!(counts(store, &poll_a).await, vec![1, 1], "votes stay counted");
    assert_eq!(sorted_reactions(store, &a).await, vec![("insightful".to_string(), 1)], "reactions stay counted");
    assert!(store.list_votes_of_user(&ana).await.expect("list").is_empty(), "no longer linked to anyone");
    assert!(store.list_reactions_of_user(&ana).await.expect("list").is_empty());
    assert!(store.find_account(&ana).await.expect("find").is_none());
    assert!(store.find_credentials("ana@example.org").await.expect("find").is_none());
    assert!(store.find_session("ana-session", now).await.expect("find").is_none(), "its sessions went with it");
    assert_eq!(
        store.use_auth_token("ana-reset", TokenPurpose::ResetPassword).await.expect("use"),
        TokenOutcome::Invalid,
        "its links went with it"
    );
    assert!(store.list_user_goals(&ana).await.expect("goals").is_empty());
    assert!(store.find_account(&bob).await.expect("find").is_some(), "other accounts stay");
    assert!(!store.delete_account(&ana).await.expect("delete again"), "nothing left to delete");
}

async fn lists_of_a_reader(store: &Store) {
    with_taxonomy(store).await;
    let ana = user(store, "ana").await;
    let me = format!("u:{ana}");
    let (a, poll_a, opts_a) = story_with_poll(store, "alpha").await;
    let (b, poll_b, opts_b) = story_with_poll(store, "beta").await;
    let (c, _, _) = story_with_poll(store, "gamma").await;
    assert!(store.list_votes_of_user(&ana).await.expect("list").is_empty());
    assert!(store.list_reactions_of_user(&ana).await.expect("list").is_empty());

    store.cast_vote(&poll_a, &opts_a[1], &me, Some(&ana)).await.expect("vote");
    store.cast_vote(&poll_b, &opts_b[0], &me, Some(&ana)).await.expect("vote");
    store.cast_vote(&poll_a, &opts_a[0], "b:stranger", None).await.expect("someone else");
    store.toggle_reaction(&a, &me, "useful", Some(&ana)).await.expect("react");
    store.toggle_reaction(&b, &me, "useful", Some(&ana)).await.expect("react");
    store.toggle_reaction(&b, &me, "hopeful", Some(&ana)).await.expect("switch");
    store.toggle_reaction(&c, &me, "angry", Some(&ana)).await.expect("react");
    store.toggle_reaction(&c, &me, "angry", Some(&ana)).await.expect("remove");
    store.toggle_reaction(&c, "b:stranger", "angry", None).await.expect("someone else");

    let votes = store.list_votes_of_user(&ana).await.expect("list");
    assert!(votes.windows(2).all(|w| w[0].created_at >= w[1].created_at), "newest first");
    let mut seen: Vec<(&str, &str, &str, &str)> = votes
        .iter()
        .map(|v| (v.story_slug.as_str(), v.story_title.as_str(), v.question.as_str(), v.answer.as_str()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        vec![("alpha", "Title of alpha", "Will you refix?", "No"), ("beta", "Title of beta", "Will you refix?", "Yes"),]
    );

    let reactions = store.list_reactions_of_user(&ana).await.expect("list");
    assert!(reactions.windows(2).all(|w| w[0].created_at >= w[1].created_at), "newest first");
    let mut seen: Vec<(&str, &str, &str)> =
        reactions.iter().map(|r| (r.story_slug.as_str(), r.story_title.as_str(), r.kind.as_str())).collect();
    seen.sort();
    assert_eq!(
        seen,
        vec![("alpha", "Title of alpha", "useful"), ("beta", "Title of beta", "hopeful")],
        "a switched reaction shows its new kind, a removed one is gone"
    );
    let at = |slug: &str| reactions.iter().find(|r| r.story_slug == slug).map(|r| r.created_at);
    assert!(at("beta") >= at("alpha"), "switching makes a reaction new again");

    // A story taken down stays in the reader's lists, marked so the page does not link it.
    let mut draft = story("alpha", "money", "money", "neutral", "2026-11-01T09:00:00Z");
    draft.status = "draft".into();
    store.save_story(&draft).await.expect("unpublish");
    let published = |slugs: Vec<(String, bool)>| {
        let mut slugs = slugs;
        slugs.sort();
        slugs
    };
    let votes = store.list_votes_of_user(&ana).await.expect("list");
    assert_eq!(
        published(votes.into_iter().map(|v| (v.story_slug, v.story_published)).collect()),
        vec![("alpha".to_string(), false), ("beta".to_string(), true)]
    );
    let reactions = store.list_reactions_of_user(&ana).await.expect("list");
    assert_eq!(
        published(reactions.into_iter().map(|r| (r.story_slug, r.story_published)).collect()),
        vec![("alpha".to_string(), false), ("beta".to_string(), true)]
    );
}
