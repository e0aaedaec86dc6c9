use wkly_core::Role;
use wkly_store::comments::NewComment;
use wkly_store::moderation::{ModerateOutcome, NewReport, ReportOutcome};
use wkly_store::users::{NewUser, NewUserOutcome};
use wkly_store::{Store, StoreError};

use super::{on_both, story, t, with_taxonomy};

on_both! {
    comments_thread_and_replies_need_a_parent_on_the_same_story => comments;
    only_the_author_edits_a_visible_comment_inside_the_window => edits;
    a_deleted_comment_keeps_its_replies_and_leaves_the_count => deletes;
    a_reader_reports_a_comment_once_and_three_reports_hold_it => reports;
    concurrent_reports_hold_a_comment_exactly_once => concurrent_reports;
    hide_and_restore_are_logged_and_close_the_reports => hide_and_restore;
    the_queue_lists_held_and_reported_comments_longest_waiting_first => queue;
    bans_are_set_lifted_and_logged => bans;
    a_profile_lists_a_readers_visible_comments_newest_first => by_user;
}

async fn story_id(store: &Store, slug: &str) -> String {
    with_taxonomy(store).await;
    store.save_story(&story(slug, "money", "money", "neutral", "2026-11-01T09:00:00Z")).await.expect("save").0
}

async fn user(store: &Store, name: &str) -> String {
    let new = NewUser {
        name: name.into(),
        email: format!("{name}@example.org"),
        password_hash: "!".into(),
        role: Role::Reader,
    };
    match store.insert_user(&new).await.expect("user") {
        NewUserOutcome::Created(id) => id,
        other => panic!("{other:?}"),
    }
}

fn comment(story: &str, parent: Option<&str>, user: Option<&str>, body: &str, at: i64) -> NewComment {
    NewComment {
        story_id: story.into(),
        parent_id: parent.map(Into::into),
        user_id: user.map(Into::into),
        body: body.into(),
        body_html: format!("<p>{body}</p>"),
        status: "visible".into(),
        created_at: at,
    }
}

fn report(comment: &str, reporter: &str, reason: &str) -> NewReport {
    NewReport {
        comment_id: comment.into(),
        reporter: reporter.into(),
        reason: reason.into(),
        created_at: t("2026-11-01T12:00:00Z"),
        hold_at: 3,
    }
}

async fn comments(store: &Store) {
    let a = story_id(store, "talk").await;
    let b = story_id(store, "other").await;
    let now = t("2026-11-01T10:00:00Z");
    let root = store.insert_comment(&comment(&a, None, None, "First", now)).await.expect("root");
    let reply = store.insert_comment(&comment(&a, Some(&root), None, "Reply", now + 1)).await.expect("reply");
    store.insert_comment(&comment(&a, Some(&reply), None, "Reply to reply", now + 2)).await.expect("nested");
    let mut hidden = comment(&a, None, None, "Hidden by a moderator", now + 3);
    hidden.status = "hidden".into();
    store.insert_comment(&hidden).await.expect("hidden");
    let err = store.insert_comment(&comment(&b, Some(&root), None, "Cross-story reply", now + 4)).await;
    assert!(matches!(err, Err(StoreError::NotFound(_))), "{err:?}");
    let rows = store.list_comment_thread(&a).await.expect("list");
    let seen: Vec<(&str, &str, i64)> = rows.iter().map(|r| (r.body.as_str(), r.status.as_str(), r.depth)).collect();
    assert_eq!(
        seen,
        vec![("First", "visible", 0), ("Reply", "visible", 1), ("Reply to reply", "visible", 2), ("", "hidden", 0)],
        "a hidden comment comes without its words"
    );
    assert!(rows[3].body_html.is_empty() && rows[3].author.is_none());
    assert_eq!(store.count_visible_comments(&a).await.expect("count"), 3);
}

async fn edits(store: &Store) {
    let s = story_id(store, "edits").await;
    let (ana, bob) = (user(store, "ana").await, user(store, "bob").await);
    let posted = t("2026-11-01T10:00:00Z");
    let id = store.insert_comment(&comment(&s, None, Some(&ana), "Typo", posted)).await.expect("insert");
    let later = posted + 60_000;
    assert!(!store.update_comment_body(&id, &bob, "Mine now", "<p>x</p>", later, posted).await.expect("edit"));
    assert!(!store.update_comment_body(&id, &ana, "Too late", "<p>x</p>", later, posted + 1).await.expect("edit"));
    assert!(store.update_comment_body(&id, &ana, "Fixed", "<p>Fixed</p>", later, posted).await.expect("edit"));
    let row = store.find_comment(&id).await.expect("find").expect("comment");
    assert_eq!((row.body.as_str(), row.body_html.as_str(), row.edited_at), ("Fixed", "<p>Fixed</p>", Some(later)));
    assert_eq!(row.author.as_deref(), Some("ana"));
}

async fn deletes(store: &Store) {
    let s = story_id(store, "deletes").await;
    let ana = user(store, "ana").await;
    let at = t("2026-11-01T10:00:00Z");
    let root = store.insert_comment(&comment(&s, None, Some(&ana), "Regrettable", at)).await.expect("root");
    store.insert_comment(&comment(&s, Some(&root), None, "A reply", at + 1)).await.expect("reply");
    store.insert_comment_report(&report(&root, "u:x", "rude")).await.expect("report");
    assert!(!store.mark_comment_deleted(&root, "someone-else", at + 2).await.expect("delete"));
    assert!(store.mark_comment_deleted(&root, &ana, at + 2).await.expect("delete"));
    assert!(!store.mark_comment_deleted(&root, &ana, at + 3).await.expect("twice"), "already deleted");
    let row = store.find_comment(&root).await.expect("find").expect("row kept");
    assert_eq!((row.status.as_str(), row.body.as_str(), row.body_html.as_str()), ("deleted", "", ""));
    let thread = store.list_comment_thread(&s).await.expect("thread");
    assert_eq!(thread.len(), 2);
    assert_eq!(thread[1].parent_id.as_deref(), Some(root.as_str()), "the reply keeps its parent");
    assert_eq!(store.count_visible_comments(&s).await.expect("count"), 1);
    assert_eq!(store.count_moderation_queue().await.expect("queue"), 0, "its report is closed");
}

async fn reports(store: &Store) {
    let s = story_id(store, "reports").await;
    let id = store.insert_comment(&comment(&s, None, None, "Spam", t("2026-11-01T10:00:00Z"))).await.expect("c");
    assert_eq!(store.insert_comment_report(&report(&id, "u:1", "spam")).await.expect("r"), ReportOutcome::Reported);
    assert_eq!(
        store.insert_comment_report(&report(&id, "u:1", "spam again")).await.expect("r"),
        ReportOutcome::AlreadyReported
    );
    assert_eq!(store.list_open_reports(&id).await.expect("reports").len(), 1, "the repeat is not a second report");
    assert_eq!(store.insert_comment_report(&report(&id, "u:2", "ads")).await.expect("r"), ReportOutcome::Reported);
    assert_eq!(store.find_comment(&id).await.expect("find").expect("c").status, "visible");
    assert_eq!(
        store.insert_comment_report(&report(&id, "u:3", "more ads")).await.expect("r"),
        ReportOutcome::ReportedAndHeld
    );
    assert_eq!(store.find_comment(&id).await.expect("find").expect("c").status, "held");
    assert_eq!(
        store.insert_comment_report(&report(&id, "u:4", "late")).await.expect("r"),
        ReportOutcome::NotReportable,
        "a held comment is not shown, so it cannot be reported"
    );
    assert_eq!(
        store.insert_comment_report(&report("no-such-comment", "u:1", "x")).await.expect("r"),
        ReportOutcome::NotReportable
    );
    let log = store.list_moderation_log(10, 0).await.expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].action.as_str(), log[0].target_id.as_str(), log[0].moderator_id.as_deref()),
        ("auto_hold", id.as_str(), None)
    );
    assert_eq!(log[0].reason, "3 open reports");
}

async fn concurrent_reports(store: &Store) {
    let s = story_id(store, "piled-on").await;
    let id = store.insert_comment(&comment(&s, None, None, "Bait", t("2026-11-01T10:00:00Z"))).await.expect("c");
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let (store, id) = (store.clone(), id.clone());
            tokio::spawn(async move { store.insert_comment_report(&report(&id, &format!("u:{i}"), "bait")).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("task").expect("report"));
    }
    let count = |o: ReportOutcome| outcomes.iter().filter(|x| **x == o).count();
    assert_eq!(count(ReportOutcome::ReportedAndHeld), 1, "{outcomes:?}");
    assert_eq!(count(ReportOutcome::Reported), 2, "{outcomes:?}");
    assert_eq!(count(ReportOutcome::NotReportable), 9, "{outcomes:?}");
    assert_eq!(store.list_open_reports(&id).await.expect("reports").len(), 3);
    assert_eq!(store.count_moderation_log().await.expect("log"), 1);
}

async fn hide_and_restore(store: &Store) {
    let s = story_id(store, "moderated").await;
    let moderator = user(store, "mod").await;
    let id = store.insert_comment(&comment(&s, None, None, "Rude", t("2026-11-01T10:00:00Z"))).await.expect("c");
    store.insert_comment_report(&report(&id, "u:1", "rude")).await.expect("report");
    let at = t("2026-11-01T13:00:00Z");
    assert_eq!(store.hide_comment(&id, &moderator, "insults", at).await.expect("hide"), ModerateOutcome::Done);
    assert_eq!(store.find_comment(&id).await.expect("find").expect("c").status, "hidden");
    assert!(store.list_open_reports(&id).await.expect("reports").is_empty(), "the decision closes the reports");
    assert_eq!(store.hide_comment(&id, &moderator, "again", at + 1).await.expect("hide"), ModerateOutcome::Unchanged);
    assert_eq!(
        store.restore_comment(&id, &moderator, "on reflection", at + 2).await.expect("restore"),
        ModerateOutcome::Done
    );
    assert_eq!(store.find_comment(&id).await.expect("find").expect("c").status, "visible");
    assert_eq!(store.restore_comment(&id, &moderator, "", at + 3).await.expect("restore"), ModerateOutcome::Unchanged);
    assert_eq!(
        store.insert_comment_report(&report(&id, "u:1", "still rude")).await.expect("report"),
        ReportOutcome::AlreadyReported,
        "a reader's report stays theirs after a decision"
    );
    store.insert_comment_report(&report(&id, "u:2", "rude")).await.expect("report");
    assert_eq!(
        store.restore_comment(&id, &moderator, "fine as it is", at + 4).await.expect("keep"),
        ModerateOutcome::Done,
        "restoring a reported visible comment dismisses its reports"
    );
    assert_eq!(store.hide_comment("missing", &moderator, "", at).await.expect("hide"), ModerateOutcome::NotFound);
    let log: Vec<(String, Option<String>, String)> = store
        .list_moderation_log(10, 0)
        .await
        .expect("log")
        .into_iter()
        .map(|l| (l.action, l.moderator, l.reason))
        .collect();
    let m = Some("mod".to_string());
    assert_eq!(
        log,
        vec![
            ("restore".into(), m.clone(), "fine as it is".into()),
            ("restore".into(), m.clone(), "on reflection".into()),
            ("hide".into(), m, "insults".into()),
        ],
        "newest first; nothing logged for requests that changed nothing"
    );
}

async fn queue(store: &Store) {
    let s = story_id(store, "queued").await;
    let at = t("2026-11-01T10:00:00Z");
    let old = store.insert_comment(&comment(&s, None, None, "Old, reported late", at)).await.expect("c");
    let new = store.insert_comment(&comment(&s, None, None, "New, reported early", at + 10)).await.expect("c");
    let mut held = comment(&s, None, None, "Held on arrival", at + 20);
    held.status = "held".into();
    let held = store.insert_comment(&held).await.expect("c");
    store.insert_comment(&comment(&s, None, None, "Nobody minds", at + 30)).await.expect("c");
    let mut r = report(&new, "u:1", "off topic");
    r.created_at = at + 100;
    store.insert_comment_report(&r).await.expect("report");
    let mut r = report(&new, "u:2", "spam");
    r.created_at = at + 300;
    store.insert_comment_report(&r).await.expect("report");
    let mut r = report(&old, "u:1", "rude");
    r.created_at = at + 200;
    store.insert_comment_report(&r).await.expect("report");

    assert_eq!(store.count_moderation_queue().await.expect("count"), 3);
    let rows = store.list_moderation_queue(10, 0).await.expect("queue");
    let seen: Vec<(&str, i64, i64)> = rows.iter().map(|r| (r.id.as_str(), r.reports, r.flagged_at)).collect();
    assert_eq!(seen, vec![(held.as_str(), 0, at + 20), (new.as_str(), 2, at + 100), (old.as_str(), 1, at + 200)]);
    assert_eq!(rows[1].story_slug, "queued");
    assert_eq!(rows[1].body, "New, reported early");
    let reasons: Vec<String> =
        store.list_open_reports(&new).await.expect("reports").into_iter().map(|r| r.reason).collect();
    assert_eq!(reasons, vec!["off topic", "spam"]);
    let page2 = store.list_moderation_queue(2, 2).await.expect("page 2");
    assert_eq!(page2.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec![old.as_str()]);
}

async fn bans(store: &Store) {
    let moderator = user(store, "mod").await;
    let troll = user(store, "troll").await;
    let at = t("2026-11-01T10:00:00Z");
    let until = t("2026-11-08T10:00:00Z");
    assert!(store.set_user_ban(&troll, Some(until), &moderator, "a week off", at).await.expect("ban"));
    assert_eq!(store.find_account(&troll).await.expect("find").expect("user").banned_until, Some(until));
    assert!(store.set_user_ban(&troll, None, &moderator, "appeal", at + 1).await.expect("unban"));
    let standing = store.find_account(&troll).await.expect("find").expect("user");
    assert_eq!((standing.name.as_str(), standing.role.as_str(), standing.banned_until), ("troll", "reader", None));
    assert!(!store.set_user_ban("nobody", Some(until), &moderator, "x", at).await.expect("ban"));
    let log: Vec<(String, String, String)> = store
        .list_moderation_log(10, 0)
        .await
        .expect("log")
        .into_iter()
        .map(|l| (l.action, l.target_kind, l.target_id))
        .collect();
    assert_eq!(log, vec![("unban".into(), "user".into(), troll.clone()), ("ban".into(), "user".into(), troll)]);
}

async fn by_user(store: &Store) {
    let s = story_id(store, "profile").await;
    let ana = user(store, "ana").await;
    let at = t("2026-11-01T10:00:00Z");
    let first = store.insert_comment(&comment(&s, None, Some(&ana), "First", at)).await.expect("c");
    let second = store.insert_comment(&comment(&s, Some(&first), Some(&ana), "Second", at + 1)).await.expect("c");
    let gone = store.insert_comment(&comment(&s, None, Some(&ana), "Gone", at + 2)).await.expect("c");
    store.mark_comment_deleted(&gone, &ana, at + 3).await.expect("delete");
    store.insert_comment(&comment(&s, None, None, "Someone else", at + 4)).await.expect("c");
    let rows = store.list_comments_by_user(&ana, 10, 0).await.expect("list");
    let seen: Vec<(&str, &str, &str)> =
        rows.iter().map(|r| (r.id.as_str(), r.story_slug.as_str(), r.body_html.as_str())).collect();
    assert_eq!(seen, vec![(second.as_str(), "profile", "<p>Second</p>"), (first.as_str(), "profile", "<p>First</p>")]);
    assert_eq!(rows[0].story_title, "Title of profile");
    assert_eq!(store.count_comments_by_user(&ana).await.expect("count"), 2);
    assert_eq!(store.list_comments_by_user(&ana, 1, 1).await.expect("page").len(), 1);
}
