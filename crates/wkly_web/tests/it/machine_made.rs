//! Pages of machine-made stories: the demo newsroom run through the pipeline, then read
//! as a reader would (evidence links, the roadmap fragment, the deep dive).

use wkly_store::Store;
use wkly_store::stories::{CoverageRow, StoryFilter};
use wkly_test_support::TestApp;

use super::{get, text_of};

/// The newsroom story whose headline starts with `headline`: (slug, coverage).
async fn newsroom_story(store: &Store, headline: &str) -> (String, Vec<CoverageRow>) {
    let stories = store.list_published(&StoryFilter { limit: 1000, ..StoryFilter::default() }).await.expect("list");
    let card = stories
        .into_iter()
        .find(|c| c.title.starts_with(headline))
        .unwrap_or_else(|| panic!("no newsroom story {headline:?}"));
    let coverage = store.list_coverage(&card.id).await.expect("coverage");
    (card.slug, coverage)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_machine_made_storys_bullets_link_to_the_source_sentence_they_rest_on() {
    let app = TestApp::demo_with_newsroom().await;
    let (slug, coverage) = newsroom_story(&app.store, "Norway storm grounds flights").await;
    let page = get(&app.url(&format!("/s/{slug}"))).await;
    assert_eq!(page.status, 200);
    let links = page.all(".impact-list a.evidence-link");
    assert!((2..=4).contains(&links.len()), "{} bullets", links.len());
    for link in links {
        let target = link.value().attr("href").expect("href").trim_start_matches('#').to_string();
        let evidence = page.one(&format!("li#{target}"));
        let sentence = evidence
            .select(&scraper::Selector::parse("q").expect("q"))
            .next()
            .map(text_of)
            .expect("the evidence sentence is quoted");
        let source_url = evidence
            .select(&scraper::Selector::parse(".evidence-source a").expect("a"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .expect("the evidence names its source with a link")
            .to_string();
        let article = coverage.iter().find(|c| c.url == source_url).expect("the link is an article of the coverage");
        let normalised: String = article.text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(normalised.contains(&sentence), "{sentence:?} is not in {source_url}");
    }
    assert!(page.text(".disclaimer").contains("not personal"), "money and family advice carry the note");

    // Every source sentence is listed once and cited by at least one point, in the order
    // the points first cite them.
    let listed: Vec<String> =
        page.all(".evidence li").into_iter().map(|li| li.value().id().unwrap_or("").to_string()).collect();
    let mut cited: Vec<String> = Vec::new();
    for link in page.all(".impact-list a.evidence-link") {
        let target = link.value().attr("href").expect("href").trim_start_matches('#').to_string();
        if !cited.contains(&target) {
            cited.push(target);
        }
    }
    assert_eq!(listed, cited);
    let mut quotes = page.texts(".evidence li q");
    let all = quotes.len();
    quotes.sort();
    quotes.dedup();
    assert_eq!(quotes.len(), all, "no source sentence is listed twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_machine_made_storys_roadmap_fragment_lists_roadmaps_with_why_and_the_roadmap_lists_the_story() {
    let app = TestApp::demo_with_newsroom().await;
    let (slug, _) = newsroom_story(&app.store, "Dublin bus drivers to strike").await;
    let fragment = get(&app.url(&format!("/s/{slug}/roadmaps?fragment=1"))).await;
    assert_eq!(fragment.status, 200);
    let hrefs: Vec<String> =
        fragment.all(".roadmap-card h3 a").iter().map(|a| a.value().attr("href").expect("href").to_string()).collect();
    assert_eq!(hrefs.first().map(String::as_str), Some("/r/plan-a-trip-around-disruptions"), "{hrefs:?}");
    let reasons = fragment.texts(".roadmap-reason");
    assert_eq!(reasons.len(), hrefs.len(), "every machine-made link says why");
    assert_eq!(reasons[0], "Because this story is about a rail or transit strike.");

    let roadmap = get(&app.url("/r/plan-a-trip-around-disruptions")).await;
    let stories: Vec<String> =
        roadmap.all("a").iter().filter_map(|a| a.value().attr("href")).map(String::from).collect();
    assert!(stories.contains(&format!("/s/{slug}")), "the roadmap page lists the machine-made story");

    // An editor's story keeps the links its file set, with no machine reason.
    let editor = get(&app.url(&format!("/s/{}/roadmaps?fragment=1", super::DEMO_STORY))).await;
    assert!(editor.texts(".roadmap-reason").iter().all(|r| r == "Chosen by an editor."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_machine_made_deep_dive_quotes_what_to_watch_with_its_source_and_lists_earlier_coverage() {
    let app = TestApp::demo_with_newsroom().await;
    let (slug, coverage) = newsroom_story(&app.store, "Dublin bus drivers to strike").await;
    let page = get(&app.url(&format!("/s/{slug}/deep-dive"))).await;
    assert_eq!(page.status, 200);
    assert!(page.text("#watch .auto-note").starts_with("Picked automatically from the coverage"));
    let items = page.all(".watch-list li");
    assert!(!items.is_empty());
    for item in items {
        let quoted = item.select(&scraper::Selector::parse("q").expect("q")).next().map(text_of).expect("quoted");
        let url = item
            .select(&scraper::Selector::parse("a").expect("a"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .expect("with its source");
        let article = coverage.iter().find(|c| c.url == url).expect("a source of the story");
        assert!(article.text.split_whitespace().collect::<Vec<_>>().join(" ").contains(&quoted), "{quoted:?}");
    }
    assert!(!page.all(".earlier li a").is_empty(), "earlier related stories are its background");
    assert!(page.text("#background .auto-note").starts_with("Chosen automatically"));
    let sources = page.all(".sources li");
    assert_eq!(sources.len(), coverage.len(), "every article of the coverage is a source");
    let fields = page.texts(".provenance tbody th");
    for f in ["roadmaps", "watch next", "impacts", "poll"] {
        assert!(fields.iter().any(|x| x == f), "{f} has its provenance: {fields:?}");
    }
}
