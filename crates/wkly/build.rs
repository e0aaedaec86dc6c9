//! Compiles the repository's demo pack (`demo/**/*.md`) and demo newsroom (the feeds and
//! pages under `demo/newsroom/`) into the binary, so `wkly demo` works from any directory.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Files of the newsroom that ingestion reads, and its list of outlets.
const NEWSROOM_EXTENSIONS: &[&str] = &["xml", "atom", "rdf", "rss", "json", "html", "htm", "toml"];

fn collect_newsroom(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_newsroom(&path, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| NEWSROOM_EXTENSIONS.contains(&e)) {
            out.push(path);
        }
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && path.file_name().is_none_or(|n| n != "newsroom") {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") && path.file_name().is_none_or(|n| n != "README.md") {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let demo = manifest.join("../../demo").canonicalize().expect("the demo pack lives at demo/ in the repository");
    println!("cargo:rerun-if-changed={}", demo.display());
    let mut files = Vec::new();
    collect(&demo, &mut files);
    files.sort();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let mut code = String::from(
        "/// The demo pack: (path inside demo/, file contents).\npub const DEMO_PACK: &[(&str, &[u8])] = &[\n",
    );
    for f in &files {
        let rel = f.strip_prefix(&demo).expect("inside demo/").display().to_string();
        writeln!(code, "    ({rel:?}, include_bytes!({:?})),", f.display().to_string()).expect("write to string");
    }
    code.push_str("];\n");
    let newsroom_dir = demo.join("newsroom");
    let mut newsroom = Vec::new();
    collect_newsroom(&newsroom_dir, &mut newsroom);
    newsroom.sort();
    code.push_str("/// The demo newsroom: (path inside demo/newsroom/, file contents).\npub const DEMO_NEWSROOM: &[(&str, &[u8])] = &[\n");
    for f in &newsroom {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&newsroom_dir).expect("inside demo/newsroom/").display().to_string();
        writeln!(code, "    ({rel:?}, include_bytes!({:?})),", f.display().to_string()).expect("write to string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("demo_pack.rs");
    std::fs::write(out, code).expect("write demo_pack.rs");
}
