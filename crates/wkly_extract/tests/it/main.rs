//! The one integration-test binary of wkly_extract.
//!
//! - `fixtures`: the news pages in `testdata/` against their gold texts
//!   (token F1) and a metadata snapshot;
//! - `metadata`: each `Article` field, one small page per rule;
//! - `hostile`: input meant to break a parser or its caller.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail the test when a fixture is missing or a page does not extract"
)]

mod fixtures;
mod hostile;
mod metadata;
mod token_f1;

/// A page with `head` in its `<head>` and `body` before an article long
/// enough to be extracted.
pub fn page(head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head>{head}</head><body>{body}<article>\
         <p>The harbour board voted on Monday to dredge the northern channel before the spring tides, \
         ending a dispute with fishing crews that had lasted most of the winter.</p>\
         <p>Crews said the silted channel had forced them to wait for high water twice a day, \
         and the board agreed to pay for the work from its reserve fund.</p></article></body></html>"
    )
}
