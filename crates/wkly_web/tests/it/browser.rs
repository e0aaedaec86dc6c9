//! A reader's view in a real headless Chromium, driven through chromedriver.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use wkly_test_support::TestApp;

use super::DEMO_STORY;

struct Chromedriver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Chromedriver {
    fn start() -> Chromedriver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("chromedriver must be installed for the browser test (Debian: chromium chromium-driver; the README's test command installs them): {e}"));
        // Wait (bounded) until it listens.
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start listening within 20 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        Chromedriver { child, port, _profile: tempfile::tempdir().expect("profile dir") }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// A fresh headless Chromium session (its driver stops with the returned guard).
async fn browser() -> (Chromedriver, fantoccini::Client) {
    let driver = Chromedriver::start();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": std::env::var("WKLY_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars",
                format!("--user-data-dir={}", driver._profile.path().display()),
            ],
        }),
    );
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session");

    (driver, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_sees_every_section_of_a_demo_story_in_chromium() {
    let app = TestApp::demo().await;
    let (_driver, client) = browser().await;
    client.set_window_size(1280, 900).await.expect("size");
    client.goto(&app.url(&format!("/s/{DEMO_STORY}"))).await.expect("open the story");

    let visible = [
        "nav.breadcrumb",
        "h1#story-title",
        ".dateline .location",
        ".badges .sentiment-positive",
        ".badges .goal-badge",
        ".summary .lede",
        "#impacts-h",
        ".impact-list li",
        "#deep-h",
        "#roadmaps-h",
        "#poll-h",
        ".poll-form .poll-option",
        "#react-h",
        ".reactions li",
        "#comments-h",
        ".comment-list .comment",
        "#share-h",
        "a.share-x",
        "#related-h",
        ".related .card",
    ];
    for css in visible {
        let el = client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css} is on the page: {e}"));
        assert!(el.is_displayed().await.expect("displayed?"), "{css} is visible");
    }

    // The related roadmaps arrive after the page, through the script.
    let card = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(".roadmaps-slot .roadmap-card h3 a"))
        .await
        .expect("the roadmap fragment loads in place");
    assert!(card.is_displayed().await.expect("displayed?"));

    // With the clipboard API present the copy button appears; its status stays silent
    // until a copy has really happened.
    let copy = client.find(Locator::Css("button[data-copy]")).await.expect("copy button");
    assert!(copy.is_displayed().await.expect("displayed?"));
    assert_eq!(client.find(Locator::Css(".copy-status")).await.expect("status").text().await.expect("text"), "");

    // Following an evidence link highlights the source sentence.
    client
        .find(Locator::Css(".impact-list a.evidence-link"))
        .await
        .expect("evidence link")
        .click()
        .await
        .expect("click");
    let background = client
        .execute("return getComputedStyle(document.querySelector('.evidence li:target')).backgroundColor", vec![])
        .await
        .expect("style");
    assert_ne!(background, json!("rgba(0, 0, 0, 0)"), "the targeted evidence is highlighted");

    for (name, width) in [("story-desktop", 1280u32), ("story-mobile", 390)] {
        client.set_window_size(width, 900).await.expect("size");
        let height = client.execute("return document.documentElement.scrollHeight", vec![]).await.expect("height");
        let height = height.as_u64().unwrap_or(3000).min(12_000) as u32;
        client.set_window_size(width, height).await.expect("size");
        let png = client.screenshot().await.expect("screenshot");
        assert!(png.len() > 10_000, "a real picture");
        std::fs::write(screenshot_dir().join(format!("{name}.png")), png).expect("save screenshot");
    }
    // No horizontal scrolling on a phone.
    let overflow = client
        .execute("return document.documentElement.scrollWidth <= window.innerWidth + 1", vec![])
        .await
        .expect("overflow");
    assert_eq!(overflow, json!(true), "the story page fits a 390px-wide phone");

    client.goto(&app.url("/")).await.expect("home");
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join("home-mobile.png"), png).expect("save screenshot");
    client.close().await.expect("close");
}

/// Waits (bounded) for an element, failing with what was awaited.
async fn wait_for(client: &fantoccini::Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} appears: {e}"))
}

/// Waits (bounded) until a script returns `true`: for changes that no new selector tells
/// apart from what the page already shows (the demo story has replies of its own).
async fn wait_until(client: &fantoccini::Client, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let done = client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("{what}: {e}"));
        if done == json!(true) {
            return;
        }
        assert!(Instant::now() < deadline, "{what} within 10 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn fill(client: &fantoccini::Client, css: &str, text: &str) {
    let field = client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    field.send_keys(text).await.expect("type");
}

async fn click(client: &fantoccini::Client, css: &str) {
    client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}")).click().await.expect("click");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_signs_up_votes_reacts_comments_and_replies_then_finds_it_all_on_their_profile() {
    let app = TestApp::demo().await;
    let (_driver, client) = browser().await;
    client.set_window_size(1280, 900).await.expect("size");

    // Sign up, then choose goals on the welcome page.
    client.goto(&app.url("/signup")).await.expect("sign-up page");
    fill(&client, "#name", "rosa_reads").await;
    fill(&client, "#email", "rosa@example.org").await;
    fill(&client, "#password", "a long browser passphrase").await;
    click(&client, ".stack-form button[type=submit]").await;
    wait_for(&client, "#goals-h").await;
    assert!(client.current_url().await.expect("url").as_str().ends_with("/settings?n=welcome"));
    click(&client, "input[name=goal][value=money]").await;
    click(&client, "input[name=goal][value=family]").await;
    click(&client, "#goals button[type=submit]").await;
    wait_for(&client, "input[name=goal][value=money][checked]").await;

    // Vote and react in place: the page does not reload.
    let story_url = app.url(&format!("/s/{DEMO_STORY}"));
    client.goto(&story_url).await.expect("story");
    click(&client, ".poll-option").await;
    click(&client, ".poll-form button[type=submit]").await;
    wait_for(&client, ".poll-results li.mine").await;
    click(&client, "button.reaction[value=useful]").await;
    wait_for(&client, "button.reaction.chosen[value=useful]").await;
    assert_eq!(client.current_url().await.expect("url").as_str(), story_url, "no navigation happened");

    // Comment (with a hostile payload) and reply, in place.
    fill(&client, "#comment-body", "Good news for **renewals**. <img src=x onerror=\"window.__pwned=1\">").await;
    click(&client, ".comments-slot > .comment-form button[type=submit]").await;
    const MY_COMMENT: &str =
        "[...document.querySelectorAll('.comment-body')].find(e => e.textContent.includes('Good news for'))";
    wait_until(&client, &format!("return {MY_COMMENT} !== undefined"), "my comment appears in place").await;
    let bold = client.execute(&format!("return {MY_COMMENT}.querySelector('strong').textContent"), vec![]).await;
    assert_eq!(bold.expect("bold"), json!("renewals"));
    let mine =
        client.execute(&format!("return {MY_COMMENT}.closest('li.comment').id"), vec![]).await.expect("my comment");
    let mine = mine.as_str().expect("id").to_string();
    click(&client, &format!("#{mine} .comment-actions details summary")).await;
    fill(&client, &format!("#{mine} textarea[name=body]"), "Replying to myself: rates fixed for five years.").await;
    click(&client, &format!("#{mine} .comment-actions details form button[type=submit]")).await;
    wait_until(
        &client,
        "return [...document.querySelectorAll('.comment.depth-1 .comment-body')]\
         .some(e => e.textContent.includes('rates fixed for five years'))",
        "my reply appears under my comment",
    )
    .await;
    let pwned = client.execute("return window.__pwned === undefined", vec![]).await.expect("check");
    assert_eq!(pwned, json!(true), "the comment's HTML never ran");
    assert_eq!(client.current_url().await.expect("url").as_str(), story_url);

    for (name, width) in [("story-comments-desktop", 1280u32), ("story-comments-mobile", 390)] {
        client.set_window_size(width, 900).await.expect("size");
        client.execute("document.getElementById('poll').scrollIntoView()", vec![]).await.expect("scroll");
        let png = client.screenshot().await.expect("screenshot");
        std::fs::write(screenshot_dir().join(format!("{name}.png")), png).expect("save screenshot");
    }

    // Everything is on the profile.
    client.goto(&app.url("/u/rosa_reads")).await.expect("profile");
    let heading = |id: &'static str| {
        let client = client.clone();
        async move { client.find(Locator::Id(id)).await.expect(id).text().await.expect("text") }
    };
    assert!(heading("pvotes-h").await.ends_with('1'));
    assert!(heading("preact-h").await.ends_with('1'));
    assert!(heading("pcomments-h").await.ends_with('2'));
    let goals = client.find(Locator::Css(".chips")).await.expect("goals").text().await.expect("text");
    assert!(goals.contains("Money") && goals.contains("Family"), "{goals}");
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join("profile-mobile.png"), png).expect("save screenshot");
    let fits = client.execute("return document.documentElement.scrollWidth <= window.innerWidth + 1", vec![]).await;
    assert_eq!(fits.expect("overflow"), json!(true), "the profile fits a phone");

    // Sign out from the masthead.
    click(&client, ".account-nav button[type=submit]").await;
    wait_for(&client, "#login").await;
    assert!(client.current_url().await.expect("url").as_str().ends_with("/signin?n=signed-out"));
    client.goto(&app.url("/settings")).await.expect("settings");
    wait_for(&client, "#login").await;
    client.close().await.expect("close");
}

/// Markup in a story's title, summary, points, quotes, poll and comments, and in a search,
/// stays text in a real browser: no dialog opens, no injected element or handler exists.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_titles_and_text_never_run_in_chromium() {
    let app = super::hostile::hostile_app().await;
    let (_driver, client) = browser().await;
    client.set_window_size(1280, 900).await.expect("size");
    for path in ["/s/hostile", "/s/hostile/deep-dive", "/", "/c/money", "/?q=%3Cscript%3Ealert(1)%3C/script%3E"] {
        client.goto(&app.url(path)).await.unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(client.get_alert_text().await.is_err(), "{path}: a dialog opened");
        let injected = client
            .execute(
                "return document.querySelectorAll('img[src=\"x\"], [onerror], [onclick], a[href^=\"javascript:\"]').length \
                 + [...document.scripts].filter(s => s.type !== 'application/ld+json' && !s.src).length",
                vec![],
            )
            .await
            .expect("count");
        assert_eq!(injected, json!(0), "{path}: markup from the data became live elements");
    }
    client.goto(&app.url("/s/hostile")).await.expect("story");
    let title = client.find(Locator::Css("h1")).await.expect("h1").text().await.expect("text");
    assert_eq!(title, "Headline <script>alert(1)</script> & more", "the title reads as typed");
    client.close().await.expect("close");
}
