//! Comments and moderation through the use cases, on SQLite and PostgreSQL.

use wkly_app::comment_html;
use wkly_app::comments::{
    CommentAuthor, CommentError, EDIT_WINDOW_MINUTES, MAX_BODY_CHARS, MAX_DEPTH, ReportOutcome, delete_comment,
    edit_comment, load_author, post_comment, report_comment,
};
use wkly_app::moderation::{
    Decision, ban_user, hide_comment, moderation_log, moderation_queue, restore_comment, unban_user,
};
use wkly_app::pages::{CommentView, RecentStories, story_page};
use wkly_core::{CommentStatus, Provenance, Role, Taxonomy, Timestamp};
use wkly_store::Store;
use wkly_store::stories::NewStory;
use wkly_store::users::{NewUser, NewUserOutcome};

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

on_both! {
    replies_follow_their_parents_in_reading_order => threading;
    a_reply_to_the_deepest_level_is_posted_beside_it => depth_limit;
    bodies_stories_and_parents_are_checked_before_anything_is_stored => refusals;
    authors_edit_their_own_comment_only_inside_the_edit_window => edit_window;
    a_deleted_comment_keeps_its_replies_in_place_and_leaves_the_count => delete_keeps_replies;
    reporting_twice_is_one_report_and_three_readers_hold_a_comment => reports_hold;
    a_hidden_comment_leaves_a_placeholder_only_above_visible_replies => hidden_placeholders;
    a_ban_blocks_posting_until_its_end => bans;
    only_moderators_moderate_and_only_readers_below_them => moderation_rights;
    every_moderation_action_is_in_the_log => log_everything;
    hostile_comments_are_stored_as_inert_html => hostile_posts;
    two_hundred_readers_commenting_at_once_are_all_stored => concurrent_posts;
}

const SLUG: &str = "rates-rise";

fn t0() -> Timestamp {
    Timestamp::parse_rfc3339("2026-11-01T10:00:00Z").expect("time")
}

fn at(minutes: i64) -> Timestamp {
    Timestamp(t0().millis() + minutes * 60_000)
}

fn new_story(slug: &str, status: &str) -> NewStory {
    NewStory {
        slug: slug.into(),
        status: status.into(),
        title: format!("Title of {slug}"),
        summary: "A summary.".into(),
        teaser: "A teaser.".into(),
        category: "money".into(),
        goal: "money".into(),
        sentiment: "neutral".into(),
        sentiment_score: None,
        location: "Oslo, Norway".into(),
        background: String::new(),
        watch_next: vec![],
        image_url: None,
        published_at: t0().millis() - 3_600_000,
        articles: vec![],
        impacts: vec![],
        perspectives: vec![],
        poll: None,
        roadmaps: vec![],
        provenance: Provenance::imported("test", t0()),
        actor: "test".into(),
    }
}

async fn setup(store: &Store) {
    store.sync_taxonomy(&Taxonomy::default()).await.expect("taxonomy");
    store.save_story(&new_story(SLUG, "published")).await.expect("story");
}

async fn account(store: &Store, name: &str, role: Role) -> CommentAuthor {
    let new = NewUser { name: name.into(), email: format!("{name}@example.org"), password_hash: "!".into(), role };
    let NewUserOutcome::Created(id) = store.insert_user(&new).await.expect("user") else { panic!("{name} taken") };
    load_author(store, &id).await.expect("load").expect("active account")
}

async fn post(store: &Store, who: &CommentAuthor, parent: Option<&str>, body: &str, when: Timestamp) -> String {
    post_comment(store, who, SLUG, parent, body, when).await.expect("post").id
}

async fn thread(store: &Store) -> (Vec<CommentView>, usize) {
    let page = story_page(store, &Taxonomy::default(), &RecentStories::new(std::time::Duration::ZERO), SLUG)
        .await
        .expect("page")
        .expect("published");
    (page.comments, page.comment_count)
}

async fn threading(store: &Store) {
    setup(store).await;
    let (ana, bob) = (account(store, "ana", Role::Reader).await, account(store, "bob", Role::Reader).await);
    let a = post(store, &ana, None, "A", at(0)).await;
    let b = post(store, &bob, None, "B", at(1)).await;
    let a1 = post(store, &bob, Some(&a), "A1", at(2)).await;
    let a1a = post(store, &ana, Some(&a1), "A1a", at(3)).await;
    let a2 = post(store, &ana, Some(&a), "A2 with **bold**", at(4)).await;
    let b1 = post(store, &ana, Some(&b), "B1", at(5)).await;
    let (comments, count) = thread(store).await;
    let seen: Vec<(&str, i64, Option<&str>)> =
        comments.iter().map(|c| (c.id.as_str(), c.depth, c.parent_id.as_deref())).collect();
    assert_eq!(
        seen,
        vec![
            (a.as_str(), 0, None),
            (a1.as_str(), 1, Some(a.as_str())),
            (a1a.as_str(), 2, Some(a1.as_str())),
            (a2.as_str(), 1, Some(a.as_str())),
            (b.as_str(), 0, None),
            (b1.as_str(), 1, Some(b.as_str())),
        ]
    );
    assert_eq!(count, 6);
    assert_eq!(comments[3].body_html, "<p>A2 with <strong>bold</strong></p>\n");
    assert_eq!((comments[3].author.as_str(), comments[3].author_id.as_deref()), ("ana", Some(ana.user_id.as_str())));
    assert!(comments.iter().all(|c| !c.is_placeholder() && !c.edited));
}

async fn depth_limit(store: &Store) {
    setup(store).await;
    let ana = account(store, "ana", Role::Reader).await;
    let mut chain = vec![post(store, &ana, None, "level 0", at(0)).await];
    for level in 1..=MAX_DEPTH {
        let parent = chain.last().cloned();
        chain.push(post(store, &ana, parent.as_deref(), &format!("level {level}"), at(level)).await);
    }
    let deepest = chain[MAX_DEPTH as usize].clone();
    let later = post(store, &ana, None, "a later top-level comment", at(10)).await;
    let posted = post_comment(store, &ana, SLUG, Some(&deepest), "one level too deep", at(11)).await.expect("post");
    assert_eq!(posted.depth, MAX_DEPTH);
    assert_eq!(posted.parent_id.as_deref(), Some(chain[MAX_DEPTH as usize - 1].as_str()), "posted beside the deepest");
    assert_eq!(posted.status, CommentStatus::Visible);
    let (comments, _) = thread(store).await;
    let order: Vec<&str> = comments.iter().map(|c| c.id.as_str()).collect();
    let expected: Vec<&str> = chain.iter().map(String::as_str).chain([posted.id.as_str(), later.as_str()]).collect();
    assert_eq!(order, expected, "right after the comment it answers, before later threads");
    assert!(comments.iter().all(|c| c.depth <= MAX_DEPTH));
}

async fn refusals(store: &Store) {
    setup(store).await;
    store.save_story(&new_story("still-held", "held")).await.expect("held story");
    store.save_story(&new_story("elsewhere", "published")).await.expect("other story");
    let ana = account(store, "ana", Role::Reader).await;
    let refused = |r: Result<wkly_app::comments::Posted, CommentError>| r.expect_err("refused");
    for empty in ["", "   \n\t  ", "\0\0\u{202E}", "\r\n\r\n"] {
        let err = refused(post_comment(store, &ana, SLUG, None, empty, at(0)).await);
        assert!(matches!(err, CommentError::Empty), "{empty:?}: {err:?}");
    }
    let at_limit = "é".repeat(MAX_BODY_CHARS);
    post_comment(store, &ana, SLUG, None, &format!("  {at_limit}\n"), at(0)).await.expect("exactly at the limit");
    for long in ["é".repeat(MAX_BODY_CHARS + 1), "a".repeat(1 << 20)] {
        let err = refused(post_comment(store, &ana, SLUG, None, &long, at(0)).await);
        assert!(matches!(err, CommentError::TooLong { max: MAX_BODY_CHARS }), "{err:?}");
    }
    for slug in ["no-such-story", "still-held", "../rates-rise"] {
        let err = refused(post_comment(store, &ana, slug, None, "Hello", at(0)).await);
        assert!(matches!(err, CommentError::StoryNotFound), "{slug}: {err:?}");
    }
    let elsewhere = post_comment(store, &ana, "elsewhere", None, "On another story", at(0)).await.expect("post").id;
    let moderator = account(store, "mod", Role::Editor).await;
    let hidden = post(store, &ana, None, "To be hidden", at(1)).await;
    hide_comment(store, &moderator, &hidden, "", at(2)).await.expect("hide");
    for parent in [elsewhere.as_str(), hidden.as_str(), "no-such-comment"] {
        let err = refused(post_comment(store, &ana, SLUG, Some(parent), "Reply", at(3)).await);
        assert!(matches!(err, CommentError::ParentGone), "{parent}: {err:?}");
    }
    let (_, count) = thread(store).await;
    assert_eq!(count, 1, "only the comment at the limit was stored here");
    assert!(!CommentError::TooLong { max: MAX_BODY_CHARS }.to_string().is_empty());
}

async fn edit_window(store: &Store) {
    setup(store).await;
    let ana = account(store, "ana", Role::Reader).await;
    let bob = account(store, "bob", Role::Reader).await;
    let moderator = account(store, "mod", Role::Admin).await;
    let id = post(store, &ana, None, "Teh first", at(0)).await;
    assert!(matches!(edit_comment(store, &bob, &id, "Hijacked", at(1)).await, Err(CommentError::NotAllowed)));
    assert!(matches!(edit_comment(store, &moderator, &id, "Tidied", at(1)).await, Err(CommentError::NotAllowed)));
    assert!(matches!(edit_comment(store, &ana, &id, "  ", at(1)).await, Err(CommentError::Empty)));
    edit_comment(store, &ana, &id, "The *first*", at(EDIT_WINDOW_MINUTES - 1)).await.expect("inside the window");
    edit_comment(store, &ana, &id, "The *first*!", at(EDIT_WINDOW_MINUTES)).await.expect("at its last instant");
    let err = edit_comment(store, &ana, &id, "Rewritten history", Timestamp(at(EDIT_WINDOW_MINUTES).millis() + 1))
        .await
        .expect_err("window over");
    assert!(matches!(err, CommentError::EditWindowOver { minutes: EDIT_WINDOW_MINUTES }), "{err:?}");
    assert!(matches!(edit_comment(store, &ana, "missing", "x", at(1)).await, Err(CommentError::NotFound)));
    let (comments, _) = thread(store).await;
    assert_eq!(comments[0].body_html, "<p>The <em>first</em>!</p>\n");
    assert!(comments[0].edited);
    assert_eq!(comments[0].created_at, at(0), "an edit keeps the comment's place");
}

async fn delete_keeps_replies(store: &Store) {
    setup(store).await;
    let ana = account(store, "ana", Role::Reader).await;
    let bob = account(store, "bob", Role::Reader).await;
    let parent = post(store, &ana, None, "Something I regret", at(0)).await;
    let reply = post(store, &bob, Some(&parent), "A fair reply", at(1)).await;
    let lonely = post(store, &ana, None, "Nobody answered this", at(2)).await;
    assert!(matches!(delete_comment(store, &bob, &parent, at(3)).await, Err(CommentError::NotAllowed)));
    delete_comment(store, &ana, &parent, at(3)).await.expect("delete");
    delete_comment(store, &ana, &lonely, at(3)).await.expect("delete");
    assert!(matches!(delete_comment(store, &ana, &parent, at(4)).await, Err(CommentError::NotFound)));
    assert!(matches!(edit_comment(store, &ana, &parent, "Back", at(4)).await, Err(CommentError::NotFound)));
    let (comments, count) = thread(store).await;
    assert_eq!(comments.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec![parent.as_str(), reply.as_str()]);
    let placeholder = &comments[0];
    assert!(placeholder.deleted && !placeholder.hidden);
    assert!(placeholder.author.is_empty() && placeholder.body_html.is_empty() && placeholder.body.is_empty());
    assert_eq!((comments[1].depth, comments[1].parent_id.as_deref()), (1, Some(parent.as_str())));
    assert_eq!(count, 1, "only the reply counts");
    let story_id = store.find_comment(&reply).await.expect("find").expect("reply").story_id;
    assert_eq!(store.count_visible_comments(&story_id).await.expect("count"), 1, "the store agrees");
}

async fn reports_hold(store: &Store) {
    setup(store).await;
    let ana = account(store, "ana", Role::Reader).await;
    let readers = [
        account(store, "r1", Role::Reader).await,
        account(store, "r2", Role::Reader).await,
        account(store, "r3", Role::Reader).await,
    ];
    let moderator = account(store, "mod", Role::Editor).await;
    let id = post(store, &ana, None, "Buy cheap watches at example.com", at(0)).await;
    post(store, &ana, None, "An ordinary comment", at(1)).await;
    assert!(matches!(report_comment(store, &ana, &id, "spam", at(2)).await, Err(CommentError::NotAllowed)));
    assert!(matches!(report_comment(store, &readers[0], &id, "  ", at(2)).await, Err(CommentError::Reason { .. })));
    let too_long = "x".repeat(501);
    assert!(matches!(
        report_comment(store, &readers[0], &id, &too_long, at(2)).await,
        Err(CommentError::Reason { .. })
    ));
    assert_eq!(report_comment(store, &readers[0], &id, "spam", at(3)).await.expect("r"), ReportOutcome::Reported);
    assert_eq!(
        report_comment(store, &readers[0], &id, "spam!", at(4)).await.expect("r"),
        ReportOutcome::AlreadyReported
    );
    assert_eq!(report_comment(store, &readers[1], &id, "advert", at(5)).await.expect("r"), ReportOutcome::Reported);
    let queue = moderation_queue(store, &moderator, 1).await.expect("queue");
    assert_eq!((queue.total, queue.items[0].status, queue.items[0].reports.len()), (1, CommentStatus::Visible, 2));
    assert_eq!(thread(store).await.1, 2, "reported but not yet held: still shown");
    assert_eq!(
        report_comment(store, &readers[2], &id, "<b>scam</b>", at(6)).await.expect("r"),
        ReportOutcome::ReportedAndHeld
    );
    let (comments, count) = thread(store).await;
    assert_eq!((comments.len(), count), (1, 1), "the held comment is gone from the page");
    assert!(matches!(report_comment(store, &ana, &id, "x", at(7)).await, Err(CommentError::NotFound)));

    let queue = moderation_queue(store, &moderator, 1).await.expect("queue");
    assert_eq!(queue.total, 1);
    let item = &queue.items[0];
    assert_eq!((item.id.as_str(), item.status, item.author.as_str()), (id.as_str(), CommentStatus::Held, "ana"));
    assert_eq!((item.story_slug.as_str(), item.flagged_at), (SLUG, at(3)));
    let reasons: Vec<&str> = item.reports.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, vec!["spam", "advert", "<b>scam</b>"], "reasons are plain text for the template to escape");
    assert_eq!(restore_comment(store, &moderator, &id, "not spam", at(8)).await.expect("restore"), Decision::Done);
    assert_eq!(thread(store).await.1, 2);
    assert_eq!(moderation_queue(store, &moderator, 1).await.expect("queue").total, 0);
    let actions: Vec<String> =
        moderation_log(store, &moderator, 1).await.expect("log").entries.into_iter().map(|e| e.action).collect();
    assert_eq!(actions, vec!["restore", "auto_hold"]);
}

async fn hidden_placeholders(store: &Store) {
    setup(store).await;
    let ana = account(store, "ana", Role::Reader).await;
    let bob = account(store, "bob", Role::Reader).await;
    let moderator = account(store, "mod", Role::Editor).await;
    let rude = post(store, &ana, None, "Something rude", at(0)).await;
    let reply = post(store, &bob, Some(&rude), "Please keep it civil", at(1)).await;
    let rude_leaf = post(store, &ana, None, "Rude and unanswered", at(2)).await;
    assert_eq!(hide_comment(store, &moderator, &rude, "insults", at(3)).await.expect("hide"), Decision::Done);
    assert_eq!(hide_comment(store, &moderator, &rude_leaf, "", at(3)).await.expect("hide"), Decision::Done);
    assert_eq!(hide_comment(store, &moderator, &rude, "again", at(4)).await.expect("hide"), Decision::Unchanged);
    let (comments, count) = thread(store).await;
    assert_eq!(comments.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec![rude.as_str(), reply.as_str()]);
    assert!(comments[0].hidden && !comments[0].deleted);
    assert!(comments[0].author.is_empty() && comments[0].author_id.is_none() && comments[0].body_html.is_empty());
    assert_eq!(count, 1);
    assert!(matches!(delete_comment(store, &ana, &rude, at(5)).await, Err(CommentError::NotAllowed)));
    assert!(matches!(edit_comment(store, &ana, &rude, "Sorry", at(5)).await, Err(CommentError::NotAllowed)));
}

async fn bans(store: &Store) {
    setup(store).await;
    let moderator = account(store, "mod", Role::Editor).await;
    let troll = account(store, "troll", Role::Reader).await;
    let bob = account(store, "bob", Role::Reader).await;
    let own = post(store, &troll, None, "Before the ban", at(0)).await;
    let other = post(store, &bob, None, "Bob's comment", at(0)).await;
    let until = at(24 * 60);
    assert_eq!(
        ban_user(store, &moderator, &troll.user_id, until, "a day off", at(1)).await.expect("ban"),
        Decision::Done
    );
    let troll = load_author(store, &troll.user_id).await.expect("load").expect("still active");
    assert_eq!((troll.banned_until, troll.banned_at(at(2))), (Some(until), Some(until)));
    let err = post_comment(store, &troll, SLUG, None, "Let me in", at(2)).await.expect_err("banned");
    assert!(matches!(err, CommentError::Banned { until: u } if u == until), "{err:?}");
    assert!(err.to_string().contains("2026-11-02T10:00:00Z"), "the message says until when: {err}");
    assert!(matches!(edit_comment(store, &troll, &own, "Edited", at(3)).await, Err(CommentError::Banned { .. })));
    assert!(matches!(report_comment(store, &troll, &other, "revenge", at(3)).await, Err(CommentError::Banned { .. })));
    delete_comment(store, &troll, &own, at(3)).await.expect("a banned reader may still delete their own words");
    post_comment(store, &troll, SLUG, None, "Back, and calmer", Timestamp(until.millis() + 1)).await.expect("after");

    assert_eq!(
        ban_user(store, &moderator, &troll.user_id, at(100), "again", at(4)).await.expect("ban"),
        Decision::Done
    );
    let troll = load_author(store, &troll.user_id).await.expect("load").expect("active");
    assert!(post_comment(store, &troll, SLUG, None, "Hm", at(5)).await.is_err());
    assert_eq!(unban_user(store, &moderator, &troll.user_id, "appeal", at(6)).await.expect("unban"), Decision::Done);
    assert_eq!(unban_user(store, &moderator, &troll.user_id, "", at(7)).await.expect("unban"), Decision::Unchanged);
    let troll = load_author(store, &troll.user_id).await.expect("load").expect("active");
    post_comment(store, &troll, SLUG, None, "Thanks", at(8)).await.expect("unbanned");
}

async fn moderation_rights(store: &Store) {
    setup(store).await;
    let reader = account(store, "reader", Role::Reader).await;
    let editor = account(store, "editor", Role::Editor).await;
    let other_editor = account(store, "editor2", Role::Editor).await;
    let admin = account(store, "admin", Role::Admin).await;
    let id = post(store, &reader, None, "Hello", at(0)).await;
    let later = at(60);
    let not_allowed = |r: Result<Decision, CommentError>| matches!(r, Err(CommentError::NotAllowed));
    assert!(not_allowed(hide_comment(store, &reader, &id, "", at(1)).await));
    assert!(not_allowed(restore_comment(store, &reader, &id, "", at(1)).await));
    assert!(not_allowed(ban_user(store, &reader, &editor.user_id, later, "coup", at(1)).await));
    assert!(matches!(moderation_queue(store, &reader, 1).await, Err(CommentError::NotAllowed)));
    assert!(matches!(moderation_log(store, &reader, 1).await, Err(CommentError::NotAllowed)));
    assert!(not_allowed(ban_user(store, &editor, &other_editor.user_id, later, "rival", at(1)).await));
    assert!(not_allowed(ban_user(store, &editor, &admin.user_id, later, "boss", at(1)).await));
    assert!(not_allowed(ban_user(store, &admin, &admin.user_id, later, "self", at(1)).await));
    assert!(matches!(
        ban_user(store, &admin, &reader.user_id, at(0), "past", at(1)).await,
        Err(CommentError::BanNotInFuture)
    ));
    assert!(matches!(
        ban_user(store, &admin, &reader.user_id, later, " ", at(1)).await,
        Err(CommentError::Reason { .. })
    ));
    assert!(matches!(
        ban_user(store, &admin, "no-such-user", later, "x", at(1)).await,
        Err(CommentError::UserNotFound)
    ));
    assert!(matches!(hide_comment(store, &editor, "no-such-comment", "", at(1)).await, Err(CommentError::NotFound)));
    assert_eq!(ban_user(store, &admin, &editor.user_id, later, "holiday", at(1)).await.expect("ban"), Decision::Done);
    assert_eq!(moderation_log(store, &admin, 1).await.expect("log").total, 1, "refusals log nothing");
}

async fn log_everything(store: &Store) {
    setup(store).await;
    let moderator = account(store, "mod", Role::Editor).await;
    let ana = account(store, "ana", Role::Reader).await;
    let reporters = [
        account(store, "r1", Role::Reader).await,
        account(store, "r2", Role::Reader).await,
        account(store, "r3", Role::Reader).await,
    ];
    let id = post(store, &ana, None, "Contested", at(0)).await;
    for (i, r) in reporters.iter().enumerate() {
        report_comment(store, r, &id, "wrong", at(1 + i as i64)).await.expect("report");
    }
    restore_comment(store, &moderator, &id, "it is fine", at(10)).await.expect("restore");
    hide_comment(store, &moderator, &id, "it is not fine", at(11)).await.expect("hide");
    ban_user(store, &moderator, &ana.user_id, at(100), "cool off", at(12)).await.expect("ban");
    unban_user(store, &moderator, &ana.user_id, "cooled", at(13)).await.expect("unban");
    let log = moderation_log(store, &moderator, 1).await.expect("log");
    assert_eq!((log.total, log.page, log.pages), (5, 1, 1));
    let seen: Vec<(Timestamp, &str, &str, &str, &str, &str)> = log
        .entries
        .iter()
        .map(|e| {
            (
                e.at,
                e.moderator.as_str(),
                e.action.as_str(),
                e.target_kind.as_str(),
                e.target_id.as_str(),
                e.reason.as_str(),
            )
        })
        .collect();
    let (c, u) = (id.as_str(), ana.user_id.as_str());
    assert_eq!(
        seen,
        vec![
            (at(13), "mod", "unban", "user", u, "cooled"),
            (at(12), "mod", "ban", "user", u, "cool off"),
            (at(11), "mod", "hide", "comment", c, "it is not fine"),
            (at(10), "mod", "restore", "comment", c, "it is fine"),
            (at(3), "automatic", "auto_hold", "comment", c, "3 open reports"),
        ]
    );
}

/// Tags and attributes a sanitised comment may contain; anything else fails the test.
#[track_caller]
fn assert_inert(html: &str, input: &str) {
    if let Some(problem) = live_html(html) {
        panic!("{problem} came out of {:?}: {html}", input.chars().take(80).collect::<String>());
    }
}

/// The first tag or attribute in `html` that the comment allow-list does not permit.
fn live_html(html: &str) -> Option<String> {
    const TAGS: [&str; 11] = ["p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"];
    let doc = scraper::Html::parse_fragment(html);
    for node in doc.root_element().descendants().skip(1) {
        let Some(el) = node.value().as_element() else { continue };
        if !TAGS.contains(&el.name()) {
            return Some(format!("<{}>", el.name()));
        }
        for (name, value) in el.attrs() {
            let lower = value.trim().to_ascii_lowercase();
            let allowed = match (el.name(), name) {
                ("a", "href") => ["http://", "https://", "mailto:"].iter().any(|s| lower.starts_with(s)),
                ("a", "rel") => value == "nofollow ugc noopener",
                ("ol", "start") => value.bytes().all(|b| b.is_ascii_digit()),
                _ => false,
            };
            if !allowed {
                return Some(format!("{name}={value:?} on <{}>", el.name()));
            }
        }
    }
    None
}

#[test]
fn the_inert_check_catches_live_html() {
    for live in [
        "<img src=x onerror=alert(1)>",
        "<p onclick=\"alert(1)\">x</p>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" JAVASCRIPT:alert(1)\">x</a>",
        "<a href=\"/relative\">x</a>",
        "<a href=\"https://ok.example\" rel=\"opener\">x</a>",
        "<svg></svg>",
        "<p style=\"color:red\">x</p>",
    ] {
        assert!(live_html(live).is_some(), "{live} passed the check");
    }
    assert_eq!(live_html("<p><a href=\"https://ok.example\" rel=\"nofollow ugc noopener\">ok</a></p>"), None);
}

fn hostile_inputs() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">ok</a>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<p style=\"background:url(javascript:alert(1))\">styled</p>",
        "<style>body{display:none}</style>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<form action=\"https://evil.example\"><input name=p></form>",
        "<object data=\"javascript:alert(1)\"></object><embed src=x>",
        "<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<!--<script>alert(1)</script>--><![CDATA[<script>alert(1)</script>]]>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](  javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](java&#x09;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox(1))",
        "[x](//evil.example/path)",
        "[x](/relative/path)",
        "[x](https://ok.example \"title\\\" onmouseover=\\\"alert(1)\")",
        "[x]: javascript:alert(1)\n\n[x]",
        "<javascript:alert(1)>",
        "<https://example.org/ok> and <mailto:someone@example.org> and <someone@example.org>",
        "![x](javascript:alert(1))",
        "![x\" onerror=\"alert(1)](https://example.org/y.png)",
        "&lt;script&gt;alert(1)&lt;/script&gt; &#60;script&#62; &#x3C;img src=x onerror=alert(1)&#x3E;",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "    <img src=x onerror=alert(1)>",
        "**[x](javascript:alert(1)**)",
        "[[x](javascript:alert(1))](https://ok.example)",
        "> > > <script>alert(1)</script>\n> *unclosed **mixed* emphasis**",
        "- a\n  - b\n    - <img src=x onerror=alert(1)>\n1. one\n3. <svg onload=alert(1)>",
        "# <img src=x onerror=alert(1)>\n---\n| a | b |\n|---|---|\n| <script> | x |",
        "<scr\0ipt>alert(1)</scr\0ipt> <a href=\"java\0script:alert(1)\">x</a>",
        "\u{202E}gnp.exe <a href=\"https://ok.example/\u{202E}gpj.exe\">file</a>",
        "<a href=\"https://ok.example\"><a href=\"javascript:alert(1)\">nested</a></a>",
        "<<script>script>alert(1)<</script>/script>",
        "<div onmouseover=\"alert(1)\">hover</div><span style=\"x\">s</span>",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    inputs.push(">".repeat(2000) + " deep");
    inputs.push((0..60).map(|i| format!("{}- level {i}\n", "  ".repeat(i))).collect());
    inputs.push("[".repeat(2000) + &"](javascript:alert(1))".repeat(100));
    inputs.push(format!("{}<script>alert(1)</script>", "a".repeat(1 << 20)));
    inputs
}

#[test]
fn hostile_markdown_never_renders_a_live_tag_or_attribute() {
    for input in hostile_inputs() {
        assert_inert(&comment_html::render(&input), &input);
        assert_inert(&comment_html::render(&comment_html::clean_text(&input)), &input);
    }
    let out = comment_html::render("<script>alert(1)</script>");
    assert!(out.contains("&lt;script&gt;"), "raw HTML shows as text: {out}");
    let out = comment_html::render("see [the rules](https://example.org/rules) or <https://example.org>");
    assert_eq!(out.matches("rel=\"nofollow ugc noopener\"").count(), 2, "{out}");
    let out = comment_html::render("[x](javascript:alert(1)) [y](data:text/html,hi) [z](/local) <javascript:x>");
    assert_eq!(out, "<p>x y z javascript:x</p>\n", "refused targets leave the words without a link");
}

async fn hostile_posts(store: &Store) {
    setup(store).await;
    let ana = account(store, "ana", Role::Reader).await;
    let mut stored = 0;
    for (i, input) in hostile_inputs().iter().enumerate() {
        match post_comment(store, &ana, SLUG, None, input, at(i as i64)).await {
            Ok(_) => stored += 1,
            Err(CommentError::TooLong { .. }) => assert!(input.len() > MAX_BODY_CHARS, "{input:?}"),
            Err(e) => panic!("{input:?}: {e:?}"),
        }
    }
    let (comments, count) = thread(store).await;
    assert_eq!(count, stored);
    assert!(stored >= hostile_inputs().len() - 2, "only the oversized ones are refused");
    for c in &comments {
        assert_inert(&c.body_html, &c.id);
        let row = store.find_comment(&c.id).await.expect("find").expect("row");
        assert!(!row.body.contains(['\0', '\u{202E}']), "NUL and direction overrides are not stored");
    }
}

async fn concurrent_posts(store: &Store) {
    setup(store).await;
    let mut authors = Vec::new();
    for i in 0..200 {
        authors.push(account(store, &format!("reader{i}"), Role::Reader).await);
    }
    let tasks: Vec<_> = authors
        .into_iter()
        .enumerate()
        .map(|(i, author)| {
            let store = store.clone();
            tokio::spawn(async move {
                post_comment(&store, &author, SLUG, None, &format!("Comment number {i}"), at(i as i64)).await
            })
        })
        .collect();
    let mut ids = std::collections::HashSet::new();
    for task in tasks {
        ids.insert(task.await.expect("task").expect("posted").id);
    }
    assert_eq!(ids.len(), 200);
    let (comments, count) = thread(store).await;
    assert_eq!((comments.len(), count), (200, 200));
    assert!(comments.iter().all(|c| ids.contains(&c.id)));
}
