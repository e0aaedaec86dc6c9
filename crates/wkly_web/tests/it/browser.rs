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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_sees_every_section_of_a_demo_story_in_chromium() {
    let app = TestApp::demo().await;
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
