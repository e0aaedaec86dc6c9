//! wkly_fetch against real HTTP servers on 127.0.0.1, plus its pure parts
//! (`decode_text`, the address classification, error wording).

#![expect(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail the test loudly when the loopback server or a fixture misbehaves"
)]

mod addresses;
mod charset;
mod conditional;
mod errors;
mod headers;
mod limits;
mod politeness;
mod redirects;
mod retries;
mod robots;
mod support;
mod tls;
