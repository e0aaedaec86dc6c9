//! The `wkly` binary as a newcomer runs it, and the workspace's dependency rules.

mod cli;
mod crash;
mod layering;
mod users;
