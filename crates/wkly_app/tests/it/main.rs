//! Use cases on a real database, and the demo pack's promises.

mod comments;
mod demo_pack;
mod import;
