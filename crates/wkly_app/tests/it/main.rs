//! Use cases on a real database, and the demo pack's promises.

mod demo_pack;
mod import;
