use wkly_test_support::TestApp;

use super::{DEMO_STORY, client, get, text_of};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_story_page_shows_every_section_in_the_reference_order() {
    let app = TestApp::demo().await;
    let page = get(&app.url(&format!("/s/{DEMO_STORY}"))).await;
    assert_eq!(page.status, 200);

    // 1. Breadcrumb: Home / Category / shortened headline.
    let crumbs = page.texts("nav.breadcrumb li");
    assert_eq!(crumbs.len(), 3);
    assert_eq!((crumbs[0].as_str(), crumbs[1].as_str()), ("Home", "Money"));
    let title = page.text("h1");
    assert!(crumbs[2].ends_with('…') && title.starts_with(crumbs[2].trim_end_matches('…')), "{crumbs:?} vs {title}");
    // 2. Header: dateline, date, sentiment and goal badges.
    assert_eq!(page.text(".dateline .location"), "Toronto, Canada");
    assert!(page.attr(".dateline time", "datetime").starts_with("2026-11-04"));
    assert_eq!(page.text(".badges .badge.sentiment-positive"), "Sentiment: Positive");
    assert!(page.text(".badges .goal-badge").contains("I want money/finance advice"));
    // 3. Summary.
    let words = page.text(".summary .lede").split_whitespace().count();
    assert!((60..=160).contains(&words), "summary has {words} words");

    // 4–11 in order, by their headings.
    let headings = page.texts("main h2");
    let order = [
        "Summary",
        "What this means for you",
        "Want to dive deeper?",
        "Related roadmaps",
        "Your opinion",
        "React to this story",
        "Comments (",
        "Share this story",
        "Related news",
    ];
    let mut at = 0;
    for wanted in order {
        let found = headings[at..].iter().position(|h| h.starts_with(wanted)).map(|p| p + at);
        at = found.unwrap_or_else(|| panic!("section {wanted:?} missing or out of order in {headings:?}")) + 1;
    }

    // What this means for you: 2–4 bullets, each linking to its evidence on the page.
    let bullets = page.all(".impact-list li");
    assert!((2..=4).contains(&bullets.len()));
    for link in page.all(".impact-list a.evidence-link") {
        let target = link.value().attr("href").expect("href").trim_start_matches('#').to_string();
        let evidence = page.one(&format!("#{target}"));
        assert!(!text_of(evidence).is_empty(), "evidence {target} is empty");
    }
    // Deep dive link, roadmap slot with its no-JavaScript link.
    assert_eq!(page.attr(".deep-dive-cta a", "href"), format!("/s/{DEMO_STORY}/deep-dive"));
    assert_eq!(page.attr(".roadmaps-slot", "data-fragment"), format!("/s/{DEMO_STORY}/roadmaps?fragment=1"));
    assert_eq!(page.attr(".roadmaps-slot a", "href"), format!("/s/{DEMO_STORY}/roadmaps"));
    // A poll to vote in (results come after voting), reactions with counts, comments with
    // their number.
    assert!(!page.text(".poll-question").is_empty());
    assert!(page.all(".poll-form input[type=radio][name=option]").len() >= 2);
    assert!(page.all(".poll-results").is_empty(), "results are shown only after voting");
    assert!(page.text(".poll-slot").contains("Sign in"), "a signed-out reader is told to sign in");
    assert_eq!(page.all(".reactions li button[name=kind]").len(), 6);
    let n_comments = page.all(".comment-list .comment").len();
    assert!(n_comments >= 2);
    assert!(page.text("#comments-h").starts_with(&format!("Comments ({n_comments})")));
    assert!(!page.all(".comment.depth-1").is_empty(), "replies are threaded");
    // Share: the prefilled post and every target.
    let post = format!("{title} - via @TheWkly");
    assert_eq!(page.text(".quick-post blockquote"), post);
    let x = page.attr("a.share-x", "href");
    assert!(x.starts_with("https://twitter.com/intent/tweet?text="), "{x}");
    let targets = page.texts(".share-links a");
    assert_eq!(targets, ["Bluesky", "LinkedIn", "Facebook", "Email"]);
    assert_eq!(page.attr("form.mastodon-share", "action"), format!("/s/{DEMO_STORY}/share/mastodon"));
    assert_eq!(page.attr("#share-url", "value"), app.url(&format!("/s/{DEMO_STORY}")));
    // Related news cards: category, headline, teaser, time, sentiment.
    let cards = page.all(".related .card");
    assert!(!cards.is_empty());
    for css in [
        ".related .card .kicker",
        ".related .card-title a",
        ".related .card-teaser",
        ".related .card time",
        ".related .card .badge",
    ] {
        assert_eq!(page.all(css).len(), cards.len(), "every card has {css}");
    }
    assert!(!page.texts(".related .card-title").contains(&title), "a story is not related to itself");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_head_carries_canonical_open_graph_twitter_and_json_ld() {
    let app = TestApp::demo().await;
    let page = get(&app.url(&format!("/s/{DEMO_STORY}"))).await;
    let title = page.text("h1");
    assert!(page.text("title").starts_with(&title));
    assert_eq!(page.attr("link[rel=canonical]", "href"), app.url(&format!("/s/{DEMO_STORY}")));
    assert!(!page.attr("meta[name=description]", "content").is_empty());
    assert_eq!(page.attr("meta[property='og:type']", "content"), "article");
    assert_eq!(page.attr("meta[property='og:title']", "content"), title);
    assert_eq!(page.attr("meta[name='twitter:card']", "content"), "summary");
    assert_eq!(page.attr("meta[name='twitter:site']", "content"), "@TheWkly");
    let ld: serde_json::Value =
        serde_json::from_str(&page.text("script[type='application/ld+json']")).expect("JSON-LD parses");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], title.as_str());
    assert_eq!(ld["contentLocation"]["name"], "Toronto, Canada");
    assert!(ld["datePublished"].as_str().is_some_and(|d| d.starts_with("2026-11-04")));
    assert!(page.all("main").len() == 1 && page.all("header.masthead").len() == 1 && page.all("footer").len() == 1);
    assert_eq!(page.all("h1").len(), 1, "one h1 per page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_lists_the_newest_stories_and_filters_them() {
    let app = TestApp::demo().await;
    let page = get(&app.url("/")).await;
    assert_eq!(page.status, 200);
    assert!(page.all(".lead-story").len() == 1 && page.all(".card").len() >= 10);
    for id in ["f-category", "f-goal", "f-sentiment"] {
        assert_eq!(page.all(&format!("label[for={id}]")).len(), 1, "{id} has a label");
    }
    let dates: Vec<String> =
        page.all(".card time").iter().map(|t| t.value().attr("datetime").expect("datetime").to_string()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");

    let money = get(&app.url("/?category=money&sentiment=negative")).await;
    assert_eq!(money.status, 200);
    assert!(!money.all(".card").is_empty());
    assert!(money.texts(".card .kicker").iter().all(|k| k == "Money"));
    assert!(money.texts(".card .badge").iter().all(|b| b == "Negative"));

    let goal = get(&app.url("/?goal=health")).await;
    assert!(goal.all(".card").len() >= 3);

    for bad in ["/?category=nope", "/?sentiment=bullish", "/?page=0", "/?page=abc", "/?page=999", "/c/nope", "/g/nope"]
    {
        assert_eq!(get(&app.url(bad)).await.status, 404, "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn category_and_goal_pages_list_only_their_stories() {
    let app = TestApp::demo().await;
    let page = get(&app.url("/c/health")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.text("h1"), "Health");
    assert!(page.texts(".card .kicker").iter().all(|k| k == "Health"));
    assert_eq!(page.attr(".sections a[aria-current=page]", "href"), "/c/health");
    let page = get(&app.url("/g/travel")).await;
    assert_eq!(page.text("h1"), "I want travel advice");
    assert!(!page.all(".card").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deep_dive_has_background_timeline_perspectives_and_sources() {
    let app = TestApp::demo().await;
    let page = get(&app.url(&format!("/s/{DEMO_STORY}/deep-dive"))).await;
    assert_eq!(page.status, 200);
    let headings = page.texts("main h2");
    for h in
        ["Background", "Timeline", "Experts' perspectives", "What to watch next", "Sources", "How this story was made"]
    {
        assert!(headings.iter().any(|x| x == h), "{h} missing from {headings:?}");
    }
    assert!(page.all(".timeline li").len() >= 2);
    assert!(!page.all(".perspective figcaption strong").is_empty());
    assert!(page.texts(".earlier a").iter().any(|t| t.contains("2.5%")), "the earlier rate cut is background");
    assert!(page.all(".provenance tbody tr").len() >= 10, "every field's origin is listed");
    assert_eq!(get(&app.url("/s/no-such-story/deep-dive")).await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn related_roadmaps_come_as_a_fragment_or_a_whole_page() {
    let app = TestApp::demo().await;
    let fragment = get(&app.url(&format!("/s/{DEMO_STORY}/roadmaps?fragment=1"))).await;
    assert_eq!(fragment.status, 200);
    assert!(!fragment.body.contains("<html") && !fragment.body.contains("<head"));
    let links = fragment
        .all(".roadmap-card h3 a")
        .iter()
        .map(|a| a.value().attr("href").expect("href").to_string())
        .collect::<Vec<_>>();
    assert!(!links.is_empty());
    let page = get(&app.url(&format!("/s/{DEMO_STORY}/roadmaps"))).await;
    assert_eq!(page.all("main").len(), 1);
    let page_links = page
        .all(".roadmap-card h3 a")
        .iter()
        .map(|a| a.value().attr("href").expect("href").to_string())
        .collect::<Vec<_>>();
    assert_eq!(links, page_links, "with or without JavaScript, the same list");

    let roadmap = get(&app.url(&links[0])).await;
    assert_eq!(roadmap.status, 200);
    let steps = roadmap.all(".steps .step");
    assert!((4..=8).contains(&steps.len()));
    assert!(roadmap.all(".step .why").len() >= 4);
    assert!(roadmap.texts(".related .card-title a").iter().any(|t| !t.is_empty()), "a roadmap lists its stories");
    let index = get(&app.url("/r")).await;
    assert!(index.all(".roadmap-card").len() >= 10);
    assert_eq!(get(&app.url("/r/no-such-roadmap")).await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_get_friendly_pages_and_every_response_strict_headers() {
    let app = TestApp::demo().await;
    let missing = get(&app.url("/s/no-such-story")).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.text("h1"), "We couldn't find that page");
    assert!(!missing.all("nav.sections a").is_empty(), "the 404 page keeps the site's navigation");
    assert_eq!(missing.attr("meta[name=robots]", "content"), "noindex");
    assert_eq!(get(&app.url("/no/such/path")).await.status, 404);

    let page = get(&app.url("/")).await;
    let csp = page.headers["content-security-policy"].to_str().expect("csp");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'")
    );
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert!(page.headers.contains_key("referrer-policy"));
    assert!(page.all("script:not([src]):not([type='application/ld+json'])").is_empty(), "no inline script");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assets_are_embedded_and_cached_for_good() {
    let app = TestApp::demo().await;
    let page = get(&app.url("/")).await;
    let css = page.attr("link[rel=stylesheet]", "href");
    assert!(css.starts_with("/static/app.css?v="));
    let res = client().get(app.url(&css)).send().await.expect("css");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/css; charset=utf-8");
    assert!(res.headers()["cache-control"].to_str().expect("cc").contains("immutable"));
    assert_eq!(get(&app.url("/static/nope.css")).await.status, 404);
    let js = get(&app.url(&page.attr("script[src]", "src"))).await;
    assert!(js.body.contains("data-fragment"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_answer_conditional_requests_and_health_checks() {
    let app = TestApp::demo().await;
    let url = app.url(&format!("/s/{DEMO_STORY}"));
    let first = client().get(&url).send().await.expect("first");
    let etag = first.headers()["etag"].clone();
    let again = client().get(&url).header("if-none-match", etag).send().await.expect("again");
    assert_eq!(again.status(), 304);
    let health = get(&app.url("/healthz")).await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mastodon_sharing_goes_to_the_readers_server_or_explains_the_problem() {
    let app = TestApp::demo().await;
    let ok = client()
        .get(app.url(&format!("/s/{DEMO_STORY}/share/mastodon?server=mastodon.social")))
        .send()
        .await
        .expect("ok");
    assert_eq!(ok.status(), 303);
    assert!(ok.headers()["location"].to_str().expect("location").starts_with("https://mastodon.social/share?text="));
    for bad in ["", "localhost", "javascript:alert(1)", "evil.example/x?y"] {
        let page = get(&app.url(&format!("/s/{DEMO_STORY}/share/mastodon?server={}", bad.replace('?', "%3F")))).await;
        assert_eq!(page.status, 400, "{bad}");
        assert!(page.body.contains("Mastodon server name"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_has_landmarks_one_h1_labelled_fields_and_no_skipped_heading_level() {
    let app = TestApp::demo().await;
    let story = format!("/s/{DEMO_STORY}");
    let pages = [
        "/".to_string(),
        "/c/money".into(),
        "/g/health".into(),
        story.clone(),
        format!("{story}/deep-dive"),
        format!("{story}/roadmaps"),
        "/r".into(),
        "/r/build-an-emergency-fund".into(),
        "/nope".into(),
    ];
    for path in pages {
        let page = get(&app.url(&path)).await;
        assert_eq!(page.all("h1").len(), 1, "{path}: one h1");
        assert_eq!(page.all("main").len(), 1, "{path}: main landmark");
        assert!(
            !page.all("header").is_empty() && !page.all("footer").is_empty() && !page.all("nav[aria-label]").is_empty(),
            "{path}: landmarks"
        );
        let mut last = 1;
        for h in page.all("h1, h2, h3, h4, h5, h6") {
            let level: u32 = h.value().name()[1..].parse().expect("level");
            assert!(level <= last + 1, "{path}: heading {:?} jumps from h{last} to h{level}", text_of(h));
            last = level;
        }
        for input in page.all("input:not([type=hidden]), select, textarea") {
            let id = input.value().attr("id").unwrap_or_else(|| panic!("{path}: a field without id"));
            assert_eq!(page.all(&format!("label[for='{id}']")).len(), 1, "{path}: field {id} has a label");
        }
        assert_eq!(page.attr("html", "lang"), "en");
    }
}
