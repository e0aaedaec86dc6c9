//! Comments over real HTTP: post, reply, edit, delete, report; the moderators' queue,
//! hide and pause; hostile comment text that must never become live HTML.

use wkly_core::Role;
use wkly_test_support::TestApp;

use super::DEMO_STORY;
use super::accounts::Reader;

fn story() -> String {
    format!("/s/{DEMO_STORY}")
}

/// Posts a comment (or a reply) from a signed-in reader; the new comment's id.
async fn comment(reader: &mut Reader, body: &str, parent: Option<&str>) -> String {
    let csrf = reader.csrf(&story()).await;
    let mut fields = vec![("csrf", csrf.as_str()), ("body", body)];
    if let Some(p) = parent {
        fields.push(("parent_id", p));
    }
    let r = reader.post(&format!("{}/comments", story()), &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.location().rsplit_once("#comment-").expect("anchor").1.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_comments_replies_edits_and_deletes_and_the_count_follows() {
    let app = TestApp::demo().await;
    let before = super::get(&app.url(&story())).await;
    let count = |t: String| -> usize { t.trim_start_matches("Comments (").trim_end_matches(')').parse().expect("n") };
    let n0 = count(before.text("#comments-h"));
    assert!(before.text(".comments-slot").contains("Sign in"), "strangers are asked to sign in");
    assert!(before.all("#comment-body").is_empty(), "no comment box for strangers");

    let mut mo = Reader::new(&app);
    mo.sign_up("mo_talks").await;
    let first = comment(&mut mo, "Fixed rates *finally* moving. Anyone **locking in** now?", None).await;
    let mut pat = Reader::new(&app);
    pat.sign_up("pat_answers").await;
    let reply = comment(&mut pat, "Waiting one more month here.", Some(&first)).await;

    let page = mo.get(&story()).await.page();
    assert_eq!(count(page.text("#comments-h")), n0 + 2);
    let mine = page.one(&format!("#comment-{first}"));
    let html = mine.html();
    assert!(html.contains("<em>finally</em>") && html.contains("<strong>locking in</strong>"), "{html}");
    assert!(page.one(&format!("#comment-{reply}")).value().attr("class").expect("class").contains("depth-1"));
    // The author sees edit and delete on their comment, a report link on others'.
    let actions = |id: &str| page.texts(&format!("#comment-{id} .comment-actions summary"));
    assert_eq!(actions(&first), ["Reply", "Edit", "Delete"]);
    assert_eq!(actions(&reply), ["Reply", "Report"]);
    // The profile lists the comment publicly.
    let profile = super::get(&app.url("/u/mo_talks")).await;
    assert!(profile.text("#pcomments-h").contains('1'));

    let csrf = mo.csrf(&story()).await;
    let back = story();
    let edited = mo
        .post(&format!("/comments/{first}/edit"), &[("csrf", &csrf), ("back", &back), ("body", "Locking in today.")])
        .await;
    assert_eq!(edited.status, 303);
    let page = mo.get(&story()).await.page();
    assert_eq!(page.text(&format!("#comment-{first} .comment-body")), "Locking in today.");
    assert!(page.text(&format!("#comment-{first} .comment-meta")).ends_with("· edited"));
    // Someone else cannot edit it.
    let csrf_pat = pat.csrf(&story()).await;
    let theft = pat
        .post(&format!("/comments/{first}/edit"), &[("csrf", &csrf_pat), ("back", &back), ("body", "hijacked")])
        .await;
    assert_eq!(theft.status, 403);

    let deleted = mo.post(&format!("/comments/{first}/delete"), &[("csrf", &csrf), ("back", &back)]).await;
    assert_eq!(deleted.status, 303);
    let page = super::get(&app.url(&story())).await;
    assert_eq!(count(page.text("#comments-h")), n0 + 1, "a deleted comment no longer counts");
    assert_eq!(page.text(&format!("#comment-{first}")), "This comment was deleted.");
    assert!(page.text(&format!("#comment-{reply}")).contains("Waiting one more month"), "its reply keeps its place");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_comments_never_become_live_html() {
    let app = TestApp::demo().await;
    let mut x = Reader::new(&app);
    x.sign_up("xss_tester").await;
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<svg onload=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<p style=\"position:fixed\">cover</p>",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "\"><script>alert(2)</script>",
    ];
    // Three comments of three payloads each: the per-account comment limit (6 a minute)
    // has its own test.
    for group in payloads.chunks(3) {
        comment(&mut x, &group.join("\n\n"), None).await;
    }
    let page = x.get(&story()).await.page();
    assert!(
        page.all(".comments-slot script, .comments-slot img, .comments-slot svg, .comments-slot iframe").is_empty()
    );
    for el in page.all(".comment-body *") {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on") && name != "style", "attribute {name} survived");
            if name == "href" {
                assert!(
                    value.starts_with("http://") || value.starts_with("https://") || value.starts_with("mailto:"),
                    "{value}"
                );
            }
        }
    }
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the text is shown, escaped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_reports_hold_a_comment_for_the_moderators_who_hide_it_and_pause_its_author() {
    let app = TestApp::demo().await;
    let mut troll = Reader::new(&app);
    troll.sign_up("loud_troll").await;
    let bad = comment(&mut troll, "Everyone here is an idiot.", None).await;
    for name in ["rep_one", "rep_two", "rep_three"] {
        let mut r = Reader::new(&app);
        r.sign_up(name).await;
        let csrf = r.csrf(&story()).await;
        let res = r
            .post(&format!("/comments/{bad}/report"), &[("csrf", &csrf), ("back", &story()), ("reason", "abuse")])
            .await;
        assert_eq!(res.status, 303);
    }
    let page = super::get(&app.url(&story())).await;
    assert!(
        page.all(&format!("#comment-{bad}")).is_empty() || page.text(&format!("#comment-{bad}")).contains("hidden")
    );
    assert!(!page.body.contains("Everyone here is an idiot"), "a held comment's words are gone from the page");

    // Readers cannot open the queue; an editor can.
    let mut ed = Reader::new(&app);
    ed.sign_up("ed_moderates").await;
    assert_eq!(ed.get("/admin/moderation").await.status, 404);
    let account = app.store.find_account_by_name("ed_moderates").await.expect("find").expect("exists");
    app.store.set_role(&account.id, Role::Editor).await.expect("promote");
    let queue = ed.get("/admin/moderation").await.page();
    assert_eq!(queue.status, 200);
    assert!(queue.text(&format!("#q-{bad}")).contains("3 open reports"));
    assert!(queue.text(&format!("#q-{bad}")).contains("held"));

    let csrf = queue.attr("input[name=csrf]", "value");
    let hide = ed
        .post(
            &format!("/admin/comments/{bad}/hide"),
            &[("csrf", &csrf), ("reason", "insults"), ("back", "/admin/moderation")],
        )
        .await;
    assert_eq!((hide.status, hide.location()), (303, "/admin/moderation?n=done"));
    let troll_account = app.store.find_account_by_name("loud_troll").await.expect("find").expect("exists");
    let ban = ed
        .post(
            &format!("/admin/users/{}/ban", troll_account.id),
            &[("csrf", &csrf), ("days", "7"), ("reason", "insults")],
        )
        .await;
    assert_eq!(ban.status, 303);
    let log = ed.get("/admin/moderation/log").await.page();
    let actions = log.texts("table.log tbody td:nth-child(3)");
    for a in ["auto_hold", "hide", "ban"] {
        assert!(actions.iter().any(|x| x == a), "{a} is logged: {actions:?}");
    }

    // The paused author is told so, and what they typed comes back to them.
    let page = troll.get(&story()).await.page();
    assert!(page.text(".comments-slot").contains("paused your commenting"));
    assert!(page.all("#comment-body").is_empty());
    let csrf = troll.csrf("/settings").await;
    let refused = troll.post(&format!("{}/comments", story()), &[("csrf", &csrf), ("body", "Still here!")]).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.page().text("textarea#body"), "Still here!");
    // A reader cannot moderate, even with a valid session.
    let mut r = Reader::new(&app);
    r.sign_up("not_an_editor").await;
    let csrf = r.csrf("/settings").await;
    assert_eq!(r.post(&format!("/admin/comments/{bad}/restore"), &[("csrf", &csrf)]).await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_gets_the_comments_block_back_in_place() {
    let app = TestApp::demo().await;
    let mut q = Reader::new(&app);
    q.sign_up("quinn_inplace").await;
    let csrf = q.csrf(&story()).await;
    let base = q.base.clone();
    let r = q
        .post_with(
            &format!("{}/comments", story()),
            &[("csrf", &csrf), ("body", "Posted without leaving the page.")],
            &[("origin", &base), ("x-wkly-fragment", "1")],
        )
        .await;
    assert_eq!(r.status, 200);
    let frag = r.page();
    assert!(frag.text("#comments-h").starts_with("Comments ("));
    assert!(frag.text(".notice").contains("posted"));
    assert!(frag.body.contains("Posted without leaving the page."));
    // An empty comment is refused with the reason, and nothing is stored.
    let empty = q.post(&format!("{}/comments", story()), &[("csrf", &csrf), ("body", "   ")]).await;
    assert_eq!(empty.status, 422);
    assert_eq!(empty.page().text(".form-problems"), "Write something before posting.");
}
