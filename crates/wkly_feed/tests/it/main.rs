//! The one integration-test binary of wkly_feed: every public function driven by the
//! fixtures in `testdata/`, one module per concern.

#![expect(clippy::panic, reason = "test helpers fail the test with a message when a fixture is missing or misread")]

mod encodings;
mod formats;
mod hostile;
mod links;
mod opml;
mod resilience;
mod support;
