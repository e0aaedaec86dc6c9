//! Media RSS images that feed-rs leaves out.
//!
//! feed-rs only emits `<media:thumbnail>` when the same scope also has a `<media:content>`,
//! and ignores `medium="image"` on content without a MIME type; many news feeds have
//! exactly those. This module reads the first such image per entry in one quick-xml pass.
//!
//! Deliberately narrow: the first image per entry only, no videos, credits or ratings, and
//! no namespace other than Media RSS. Entries are counted like feed-rs counts them (an
//! `item` or `entry` element not inside another one), so index `i` is feed-rs's entry `i`.

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

const MEDIA_RSS_NAMESPACE: &str = "http://search.yahoo.com/mrss/";

/// For each entry in document order, its first Media RSS image URL (unresolved).
pub(crate) fn entry_images(text: &str) -> Vec<Option<String>> {
    let mut reader = NsReader::from_str(text);
    let mut images: Vec<Option<String>> = Vec::new();
    let mut depth = 0usize;
    // The depth of the entry element being read, if inside one.
    let mut entry_depth: Option<usize> = None;
    loop {
        let (namespace, event) = match reader.read_resolved_event() {
            Ok((ResolveResult::Bound(ns), event)) => (Some(ns.as_ref() == MEDIA_RSS_NAMESPACE), event),
            Ok((_, event)) => (None, event),
            Err(_) => break,
        };
        let in_media_namespace = namespace == Some(true);
        match event {
            Event::Start(tag) => {
                depth += 1;
                if entry_depth.is_none() && is_entry(&tag) {
                    entry_depth = Some(depth);
                    images.push(None);
                } else if entry_depth.is_some() && in_media_namespace {
                    record(&mut images, &tag);
                }
            }
            Event::Empty(tag) => {
                if entry_depth.is_none() && is_entry(&tag) {
                    images.push(None);
                } else if entry_depth.is_some() && in_media_namespace {
                    record(&mut images, &tag);
                }
            }
            Event::End(_) => {
                if entry_depth == Some(depth) {
                    entry_depth = None;
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    images
}

fn is_entry(tag: &BytesStart<'_>) -> bool {
    matches!(tag.local_name().as_ref(), "item" | "entry")
}

/// Keeps the first thumbnail, or image content, of the current entry.
fn record(images: &mut [Option<String>], tag: &BytesStart<'_>) {
    let Some(slot @ None) = images.last_mut() else {
        return;
    };
    let attribute = |name: &str| {
        tag.attributes().with_checks(false).flatten().find(|a| a.key.as_ref() == name).map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    };
    let is_image = match tag.local_name().as_ref() {
        "thumbnail" => true,
        "content" => {
            attribute("medium").as_deref() == Some("image")
                || attribute("type").is_some_and(|t| t.starts_with("image/"))
        }
        _ => false,
    };
    if is_image {
        *slot = attribute("url").filter(|u| !u.trim().is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_thumbnail_or_image_of_each_entry_is_found() {
        let text = r#"<rss xmlns:m="http://search.yahoo.com/mrss/"><channel>
            <m:thumbnail url="https://x.example/channel.jpg"/>
            <item><m:group><m:thumbnail url="https://x.example/1.jpg"/></m:group>
                  <m:thumbnail url="https://x.example/1b.jpg"/></item>
            <item><m:content url="https://x.example/2.mp4" type="video/mp4"/></item>
            <item><m:content url="https://x.example/3.jpg" medium="image"/></item>
            <item/>
            <item><thumbnail url="https://x.example/not-media-rss.jpg"/></item>
        </channel></rss>"#;
        assert_eq!(
            entry_images(text),
            [
                Some("https://x.example/1.jpg".to_string()),
                None,
                Some("https://x.example/3.jpg".to_string()),
                None,
                None
            ]
        );
    }
}
