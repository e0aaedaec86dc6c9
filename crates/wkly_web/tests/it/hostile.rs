use wkly_core::{Provenance, Timestamp};
use wkly_store::community::NewComment;
use wkly_store::stories::{NewArticle, NewImpact, NewPerspective, NewPoll, NewStory};
use wkly_test_support::{TestApp, TestDb};

use super::get;

const XSS: &str = "<script>alert(1)</script>";
const ATTR: &str = "\"><img src=x onerror=alert(2)>";

pub(crate) fn hostile_story() -> NewStory {
    let text = format!("Officials said {XSS} was found. Rates {ATTR} rose 2%.");
    NewStory {
        slug: "hostile".into(),
        status: "published".into(),
        title: format!("Headline {XSS} & more"),
        summary: format!("Summary {XSS} {ATTR}"),
        teaser: format!("Teaser {ATTR}"),
        category: "money".into(),
        goal: "money".into(),
        sentiment: "negative".into(),
        sentiment_score: None,
        location: format!("Tokyo{ATTR}, Japan"),
        background: format!("Background <script>alert(3)</script> [click](javascript:alert(4)) {ATTR}"),
        watch_next: vec![format!("Watch {XSS}")],
        image_url: None,
        published_at: Timestamp::now().millis(),
        articles: vec![NewArticle {
            url: "javascript:alert(5)".into(),
            canonical_url: "https://hostile.example/a".into(),
            outlet: format!("Outlet {XSS}"),
            title: format!("Article {ATTR}"),
            byline: None,
            lang: None,
            text: text.clone(),
            content_hash: "0".into(),
            simhash: None,
            published_at: Some(Timestamp::now().millis()),
        }],
        impacts: vec![
            NewImpact {
                goal: "money".into(),
                text: format!("Do {XSS}"),
                evidence_text: text.clone(),
                evidence_article: 0,
            },
            NewImpact { goal: "health".into(), text: format!("Also {ATTR}"), evidence_text: text, evidence_article: 0 },
        ],
        perspectives: vec![NewPerspective {
            speaker: format!("Speaker {XSS}"),
            role: ATTR.into(),
            organisation: "Org".into(),
            quote: format!("Quote {XSS}"),
            article: Some(0),
            generated: false,
        }],
        poll: Some(NewPoll {
            question: format!("Poll {XSS}?"),
            options: vec![format!("Yes {XSS}"), ATTR.into()],
            closes_at: None,
        }),
        roadmaps: vec![],
        provenance: Provenance::imported(format!("v {XSS}"), Timestamp::now()),
        actor: format!("import: {XSS}"),
    }
}

#[track_caller]
fn assert_inert(body: &str) {
    for raw in ["<script>alert", "<img src=x", "onerror=alert(2)>", "javascript:alert"] {
        assert!(!body.contains(raw), "raw {raw:?} reached the page");
    }
}

/// A site whose story `hostile` carries markup in every field, and a comment that does too.
pub(crate) async fn hostile_app() -> TestApp {
    let app = TestApp::with_db(TestDb::sqlite().await).await;
    let (id, _) = app.store.save_story(&hostile_story()).await.expect("save");
    app.store
        .insert_comment(&NewComment {
            story_id: id,
            parent_id: None,
            user_id: None,
            body: format!("Comment {XSS}\n\n{ATTR}"),
            body_html: String::new(),
            status: "visible".into(),
            created_at: Timestamp::now().millis(),
        })
        .await
        .expect("comment");
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_in_every_field_is_shown_as_text_never_run() {
    let app = hostile_app().await;
    let page = get(&app.url("/s/hostile")).await;
    assert_eq!(page.status, 200);
    assert_inert(&page.body);
    assert_eq!(page.text("h1"), format!("Headline {XSS} & more"), "the text survives, escaped");
    assert!(page.text(".comment-list").contains(XSS));
    let ld: serde_json::Value =
        serde_json::from_str(&page.text("script[type='application/ld+json']")).expect("JSON-LD still parses");
    assert_eq!(ld["headline"], format!("Headline {XSS} & more"));
    assert!(!page.all(".based-on a").is_empty());

    let deep = get(&app.url("/s/hostile/deep-dive")).await;
    assert_eq!(deep.status, 200);
    assert_inert(&deep.body);
    assert!(deep.text(".prose").contains("<script>alert(3)</script>"), "raw HTML in markdown shows as text");

    let home = get(&app.url("/")).await;
    assert_inert(&home.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_paths_and_queries_get_clean_errors() {
    let app = TestApp::with_db(TestDb::sqlite().await).await;
    for path in [
        "/s/%3Cscript%3E",
        "/s/..%2F..%2Fetc%2Fpasswd",
        "/c/%00",
        "/?category=%3Cscript%3E",
        "/r/%E2%80%AE",
        "/static/..%2FCargo.toml",
    ] {
        let page = get(&app.url(path)).await;
        assert!(page.status == 404 || page.status == 400, "{path}: {}", page.status);
        assert_inert(&page.body);
    }
    let long = format!("/s/{}", "a".repeat(20_000));
    assert_eq!(get(&app.url(&long)).await.status, 404);
}

/// Refusals the framework makes before a handler runs (a step that is not a number, a
/// body that is not a form, a method a route does not take, a body far too large) still
/// get the site's own page, keep their status, and name what went wrong.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_the_sites_error_page_not_a_bare_message() {
    let app = TestApp::demo().await;
    let c = super::client();
    let same_site = [("sec-fetch-site", "same-origin")];
    let send = |method: reqwest::Method, path: &str, content_type: Option<&str>, body: Vec<u8>| {
        let mut req = c.request(method, app.url(path)).header(same_site[0].0, same_site[0].1).body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        req.send()
    };
    let form = Some("application/x-www-form-urlencoded");
    let vote = format!("/s/{}/vote", super::DEMO_STORY);
    type Case<'a> = (reqwest::Method, &'a str, Option<&'a str>, Vec<u8>, u16);
    let cases: Vec<Case> = vec![
        (reqwest::Method::POST, "/r/rate-proof-your-borrowing/steps/two", form, b"csrf=x".to_vec(), 400),
        (reqwest::Method::POST, "/r/rate-proof-your-borrowing/steps/99999999999999999999", form, Vec::new(), 400),
        (reqwest::Method::POST, "/signin", Some("application/json"), br#"{"email":"a"}"#.to_vec(), 400),
        (reqwest::Method::POST, "/signin", None, b"email=a".to_vec(), 400),
        (reqwest::Method::POST, "/signin", form, vec![b'a'; 512 * 1024], 400),
        (reqwest::Method::DELETE, "/signin", None, Vec::new(), 405),
        (reqwest::Method::PUT, &vote, form, Vec::new(), 405),
    ];
    for (method, path, content_type, body, status) in cases {
        let what = format!("{method} {path} ({content_type:?})");
        let res = send(method, path, content_type, body).await.unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(res.status().as_u16(), status, "{what}");
        let content_type = res.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_string());
        assert!(content_type.as_deref().unwrap_or("").starts_with("text/html"), "{what}: {content_type:?}");
        if status == 405 {
            assert!(res.headers().contains_key("allow"), "{what}: a 405 says which methods work");
        }
        let body = res.text().await.expect("body");
        let html = scraper::Html::parse_document(&body);
        let h1 = scraper::Selector::parse("main h1").expect("selector");
        let heading = html.select(&h1).next().map(super::text_of);
        assert_eq!(heading.as_deref(), Some("That request didn't work"), "{what}");
        assert!(body.contains("<nav"), "{what}: the page has the site's navigation");
        assert_inert(&body);
    }
}
