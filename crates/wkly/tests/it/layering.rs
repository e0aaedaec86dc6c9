//! Dependencies point down (ARCHITECTURE.md): this test fails when a crate gains an edge
//! the table below does not allow, or a heavy crate gets a second owner.

use std::process::Command;

/// For each workspace crate, the workspace crates it may depend on (normal dependencies).
const ALLOWED: &[(&str, &[&str])] = &[
    ("wkly_core", &[]),
    ("wkly_config", &["wkly_core"]),
    ("wkly_feed", &[]),
    ("wkly_fetch", &[]),
    ("wkly_extract", &[]),
    ("wkly_nlp", &["wkly_core"]),
    ("wkly_store", &["wkly_core"]),
    ("wkly_mail", &["wkly_core", "wkly_config"]),
    ("wkly_app", &["wkly_core", "wkly_feed", "wkly_store", "wkly_mail"]),
    ("wkly_pipeline", &["wkly_core", "wkly_feed", "wkly_fetch", "wkly_extract", "wkly_nlp", "wkly_store"]),
    ("wkly_web", &["wkly_core", "wkly_config", "wkly_store", "wkly_app", "wkly_mail"]),
    (
        "wkly_test_support",
        &["wkly_core", "wkly_config", "wkly_store", "wkly_app", "wkly_web", "wkly_pipeline", "wkly_fetch", "wkly_mail"],
    ),
    (
        "wkly",
        &[
            "wkly_core",
            "wkly_config",
            "wkly_store",
            "wkly_app",
            "wkly_web",
            "wkly_pipeline",
            "wkly_fetch",
            "wkly_extract",
            "wkly_nlp",
            "wkly_mail",
        ],
    ),
];

/// Heavy external crates and the one workspace crate allowed to use them directly.
const OWNERS: &[(&str, &str)] = &[
    ("sqlx", "wkly_store"),
    ("axum", "wkly_web"),
    ("askama", "wkly_web"),
    ("figment", "wkly_config"),
    ("feed-rs", "wkly_feed"),
    ("lettre", "wkly_mail"),
];

#[test]
fn crates_depend_only_downwards_and_heavy_crates_have_one_owner() {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata json");
    let packages = meta["packages"].as_array().expect("packages");
    let mut seen = 0;
    for p in packages {
        let name = p["name"].as_str().expect("name");
        let allowed = ALLOWED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| *a)
            .unwrap_or_else(|| panic!("{name} is not in the layering table: add it to ARCHITECTURE.md and here"));
        seen += 1;
        for dep in p["dependencies"].as_array().expect("deps") {
            let dep_name = dep["name"].as_str().expect("dep name");
            let normal = dep["kind"].is_null();
            if dep_name.starts_with("wkly") && normal {
                assert!(allowed.contains(&dep_name), "{name} must not depend on {dep_name}");
            }
            if let Some((_, owner)) = OWNERS.iter().find(|(heavy, _)| *heavy == dep_name) {
                assert!(*owner == name || !normal, "{name} uses {dep_name} directly; only {owner} may");
            }
        }
    }
    assert_eq!(seen, ALLOWED.len(), "every workspace crate is checked");
}
