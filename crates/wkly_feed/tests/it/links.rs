//! Entry URLs: xml:base, relative links, unsafe schemes and tracking parameters.

use expect_test::expect;

use crate::support::check;

#[test]
fn relative_links_resolve_against_xml_base_at_feed_and_entry_level() {
    check(
        "xml_base.xml",
        None,
        expect![[r#"
        kind: Atom
        title: Hilltop News
        site_url: https://hilltop-news.example/blog/
        entry 0:
          id: urn:hilltop:1
          url: https://hilltop-news.example/blog/posts/snow-day
          title: Relative to the feed base
          updated_at: 1706745600000
        entry 1:
          id: urn:hilltop:2
          url: https://hilltop-news.example/archive/2024/cable-car
          title: Relative to the entry base
          updated_at: 1706659200000
        entry 2:
          id: urn:hilltop:3
          title: Script links are refused
          updated_at: 1706572800000
        warning entry 2 LinkRejected: link "javascript:alert(1)" is not an http or https URL
    "#]],
    );
}

#[test]
fn relative_links_resolve_against_the_channel_link_without_a_base_url() {
    check(
        "relative_links.xml",
        None,
        expect![[r#"
        kind: Rss2
        title: Marsh Lane Post
        site_url: https://marshlane.example/
        entry 0:
          id: https://marshlane.example/stories/heron-count?page=2
          url: https://marshlane.example/stories/heron-count?page=2
          title: Relative link
        entry 1:
          id: https://marshlane.example/stories/eel-pass
          url: https://marshlane.example/stories/eel-pass
          title: Another relative link
    "#]],
    );
}

#[test]
fn relative_links_resolve_against_the_base_url_when_one_is_given() {
    check(
        "relative_links.xml",
        Some("https://mirror.marshlane.example/feeds/main.xml"),
        expect![[r#"
            kind: Rss2
            title: Marsh Lane Post
            site_url: https://marshlane.example/
            entry 0:
              id: https://mirror.marshlane.example/stories/heron-count?page=2
              url: https://mirror.marshlane.example/stories/heron-count?page=2
              title: Relative link
            entry 1:
              id: https://mirror.marshlane.example/feeds/stories/eel-pass
              url: https://mirror.marshlane.example/feeds/stories/eel-pass
              title: Another relative link
        "#]],
    );
}

#[test]
fn a_base_url_that_is_not_absolute_is_ignored_with_a_warning() {
    check(
        "relative_links.xml",
        Some("feeds/main.xml"),
        expect![[r#"
        kind: Rss2
        title: Marsh Lane Post
        site_url: https://marshlane.example/
        entry 0:
          id: https://marshlane.example/stories/heron-count?page=2
          url: https://marshlane.example/stories/heron-count?page=2
          title: Relative link
        entry 1:
          id: https://marshlane.example/stories/eel-pass
          url: https://marshlane.example/stories/eel-pass
          title: Another relative link
        warning BaseUrlIgnored: base URL "feeds/main.xml" is not an absolute http or https URL and was ignored
    "#]],
    );
}
