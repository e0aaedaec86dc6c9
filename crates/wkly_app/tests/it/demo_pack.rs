//! The demo pack must read like a real site: enough stories across enough categories,
//! goals and weeks, every field filled, and roadmaps of 4 to 8 steps.

use std::collections::BTreeSet;

use wkly_app::import::find_files;
use wkly_app::import::format::{ParsedFile, parse_file};
use wkly_core::Taxonomy;
use wkly_test_support::demo_pack;

#[test]
fn the_demo_pack_is_a_whole_newsroom_with_every_field_filled() {
    let taxonomy = Taxonomy::default();
    let mut stories = Vec::new();
    let mut roadmaps = Vec::new();
    for path in find_files(&demo_pack()).expect("demo pack") {
        let text = std::fs::read_to_string(&path).expect("read");
        match parse_file(&text) {
            Ok(ParsedFile::Story(s)) => stories.push((path, s)),
            Ok(ParsedFile::Roadmap(r)) => roadmaps.push((path, r)),
            Err(problems) => panic!("{}: {problems:?}", path.display()),
        }
    }
    assert!(stories.len() >= 40, "{} stories", stories.len());
    let categories: BTreeSet<&str> = stories.iter().map(|(_, s)| s.front.category.as_str()).collect();
    let goals: BTreeSet<&str> = stories.iter().map(|(_, s)| s.front.goal.as_str()).collect();
    assert!(categories.len() >= 6 && goals.len() >= 4, "{categories:?} {goals:?}");
    let first = stories.iter().map(|(_, s)| s.published_at).min().expect("stories");
    let last = stories.iter().map(|(_, s)| s.published_at).max().expect("stories");
    assert!(last.millis() - first.millis() >= 21 * 24 * 3600 * 1000, "dated over several weeks");

    let roadmap_slugs: BTreeSet<String> = roadmaps.iter().map(|(_, r)| r.slug.to_string()).collect();
    for (path, s) in &stories {
        let f = &s.front;
        let name = path.display();
        assert!(taxonomy.category(&f.category).is_some() && taxonomy.goal(&f.goal).is_some(), "{name}");
        assert!(
            !f.location.is_empty() && !f.teaser.is_empty() && !s.background.is_empty(),
            "{name}: location, teaser, background"
        );
        let words = s.summary.split_whitespace().count();
        assert!((60..=160).contains(&words), "{name}: summary of {words} words");
        assert!((2..=4).contains(&f.impacts.len()), "{name}: {} impacts", f.impacts.len());
        assert!(
            !f.perspectives.is_empty() && f.poll.is_some() && !f.watch_next.is_empty(),
            "{name}: perspectives, poll, watch next"
        );
        assert!(f.sources.len() >= 2, "{name}: coverage from more than one outlet");
        assert!(
            !f.roadmaps.is_empty() && f.roadmaps.iter().all(|r| roadmap_slugs.contains(r)),
            "{name}: roadmaps {:?}",
            f.roadmaps
        );
        assert!(f.sources.iter().all(|src| src.url.contains(".example/")), "{name}: demo outlets live on .example");
    }
    assert!(roadmaps.len() >= 10);
    for (path, r) in &roadmaps {
        assert!((4..=8).contains(&r.front.steps.len()), "{}: {} steps", path.display(), r.front.steps.len());
        assert!(r.front.steps.iter().all(|s| !s.why.is_empty()), "{}: every step says why", path.display());
        assert!(!r.intro.is_empty() && !r.front.duration.is_empty(), "{}", path.display());
    }
}
