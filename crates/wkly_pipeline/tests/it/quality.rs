//! The demo newsroom's machine-made stories read as a reader would: every bullet rests on a
//! sentence of the story's own sources with every slot filled, what to watch is quoted
//! from the sources, most stories with bullets get a roadmap with a reason, no teaser or
//! summary opens with a dateline, and the counts of the last quality review do not slip. Run with `--nocapture` to read the review.
//!
//! Quality does not depend on the database, so this runs on SQLite only; the newsroom's
//! clustering is checked on both backends in `newsroom.rs`.

use wkly_store::stories::{StoryFilter, WatchNext};
use wkly_test_support::{TestDb, import_demo_roadmaps, ingest_demo_newsroom};

/// Floors from the last quality review (46 stories: 41 with 2-4 bullets, 5 with none, 23
/// with roadmaps, 21 with what to watch, every one with a poll): raise them when the rules
/// get better, never lower them to make a change pass. Two reviews ago 18 had roadmaps,
/// five of them linked only through words like "cuts", "votes" or "passenger"; those links
/// went (17), and 21 now counts only links a reader can follow: three new guides (extreme
/// heat, choosing between a nurse line, urgent care and the emergency department, buying
/// second-hand gifts) for the Phoenix, triage and gift stories, and a profit warning linked
/// to the diversification guide as a forecast cut already was; a storm's cancelled flights
/// now lead to the disruption guide, its power cuts no longer to the energy-bill guide, nor
/// a drug approval to the medicine-recall guide. The review after that dropped three links
/// carried by words every money guide uses (water bills to the energy-bill guide, a savings
/// rate to the borrowing and investing guides) and gained one: a severe-winter warning now
/// gets weather bullets and the extreme-weather guide (36 with 2-4 bullets). The latest
/// gave bullets to five stories a reader can act on: a rail maker's large order, a cut in
/// Indonesia's export levy, lower US tariffs behind Japan's exports, the date of New
/// Zealand's next rate decision and the Panama Canal's extra transit slots (41); the two
/// rate-decision stories link to the borrowing guide (23), while households cutting back on
/// spending no longer reach the energy-bill guide through "cut" and "spending" alone, nor a
/// severe-winter warning the extreme-heat guide. The five left without bullets are two
/// sports results, two cultural finds and a kelp study.
const MIN_STORIES: usize = 46;
const MIN_WITH_TWO_TO_FOUR_BULLETS: usize = 41;
const MIN_WITH_ROADMAPS: usize = 23;
const MIN_WITH_WATCH_NEXT: usize = 21;
const MIN_WITH_POLL: usize = 46;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn machine_made_stories_get_grounded_bullets_roadmaps_and_what_to_watch() {
    let db = TestDb::sqlite().await;
    import_demo_roadmaps(&db.store).await;
    ingest_demo_newsroom(&db.store).await;
    let stories =
        db.store.list_published(&StoryFilter { limit: 1000, ..StoryFilter::default() }).await.expect("stories");
    assert!(stories.len() >= MIN_STORIES, "{} stories", stories.len());

    let mut problems = Vec::new();
    let (mut two_to_four, mut none, mut with_roadmaps, mut bullets_and_roadmaps, mut with_bullets) = (0, 0, 0, 0, 0);
    let (mut with_watch, mut with_poll) = (0, 0);
    let mut review = String::new();
    for card in &stories {
        let coverage = db.store.list_coverage(&card.id).await.expect("coverage");
        let impacts = db.store.list_impacts(&card.id).await.expect("impacts");
        let roadmaps = db.store.list_story_roadmaps(&card.id).await.expect("roadmaps");
        let story = db.store.find_published_story(&card.slug).await.expect("story").expect("published");
        let poll = db.store.find_poll(&card.id).await.expect("poll");
        for (what, text) in [("teaser", &card.teaser), ("summary", &story.summary)] {
            if opens_with_dateline(text) {
                problems.push(format!("{}: the {what} keeps a dateline: {text:?}", card.slug));
            }
        }
        review.push_str(&format!("\n## {} [{} / {}]\n", card.title, card.category, card.goal));
        review.push_str(&format!("  {} | {} | {}\n", card.sentiment, card.location, card.teaser));
        for i in &impacts {
            review.push_str(&format!("- ({}) {}\n    evidence: {}\n", i.goal, i.text, i.evidence_text));
            let source = coverage.iter().find(|c| Some(&c.article_id) == i.evidence_article_id.as_ref());
            match source {
                Some(c) if c.text.contains(&i.evidence_text) => {}
                _ => problems.push(format!("{}: evidence not in the named source: {:?}", card.slug, i.evidence_text)),
            }
            if i.text.contains('{') || i.text.contains('}') {
                problems.push(format!("{}: unfilled slot: {:?}", card.slug, i.text));
            }
        }
        for r in &roadmaps {
            review.push_str(&format!("  roadmap: {} — {}\n", r.card.slug, r.reason));
            if !r.reason.starts_with("Because this story ") {
                problems.push(format!("{}: a machine-made link without a reason: {:?}", card.slug, r.reason));
            }
        }
        for w in &story.watch_next.0 {
            review.push_str(&format!("  watch: {}\n", w.text()));
            match w {
                WatchNext::Extracted { text, article_id } => {
                    if !coverage.iter().any(|c| &c.article_id == article_id && c.text.contains(text.as_str())) {
                        problems.push(format!("{}: what to watch not in its source: {text:?}", card.slug));
                    }
                }
                WatchNext::Written(t) => {
                    problems.push(format!("{}: a machine-made story with a written item {t:?}", card.slug))
                }
            }
        }
        if let Some(p) = &poll {
            review.push_str(&format!("  poll: {}\n", p.question));
            let options = db.store.list_poll_results(&p.id).await.expect("options");
            if !(2..=5).contains(&options.len()) || p.question.contains('{') {
                problems.push(format!("{}: poll {:?} with {} options", card.slug, p.question, options.len()));
            }
        }
        match impacts.len() {
            0 => none += 1,
            2..=4 => two_to_four += 1,
            _ => {}
        }
        if !impacts.is_empty() {
            with_bullets += 1;
            if !roadmaps.is_empty() {
                bullets_and_roadmaps += 1;
            }
        }
        with_roadmaps += usize::from(!roadmaps.is_empty());
        with_watch += usize::from(!story.watch_next.0.is_empty());
        with_poll += usize::from(poll.is_some());
    }
    println!("{review}");
    println!(
        "quality review: {} stories, {two_to_four} with 2-4 bullets, {none} with none, {with_roadmaps} with roadmaps \
         ({bullets_and_roadmaps} of the {with_bullets} with bullets), {with_watch} with what to watch, {with_poll} with a poll",
        stories.len()
    );
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    assert!(two_to_four >= MIN_WITH_TWO_TO_FOUR_BULLETS, "{two_to_four} stories with 2-4 bullets");
    assert!(with_roadmaps >= MIN_WITH_ROADMAPS, "{with_roadmaps} stories with roadmaps");
    assert!(bullets_and_roadmaps * 2 > with_bullets, "most stories with bullets get a roadmap");
    assert!(with_watch >= MIN_WITH_WATCH_NEXT, "{with_watch} stories with what to watch");
    assert!(with_poll >= MIN_WITH_POLL, "{with_poll} stories with a poll");
}

/// "TOULOUSE, France — …", "STUTTGART (Wire) — …": a place in capitals before a dash.
fn opens_with_dateline(text: &str) -> bool {
    let head: String = text.chars().take(60).collect();
    let first = head.split([' ', ',', '(']).next().unwrap_or("");
    first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !first.chars().any(char::is_lowercase)
        && [" — ", " – ", " - "].iter().any(|d| head.contains(d))
}
