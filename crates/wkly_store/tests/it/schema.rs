use wkly_store::MIGRATIONS;
use wkly_test_support::TestDb;

#[tokio::test]
async fn both_backends_migrate_to_the_same_tables_and_columns() {
    let sqlite = TestDb::sqlite().await;
    let postgres = TestDb::postgres().await;
    let a = sqlite.store.describe_schema().await.expect("sqlite schema");
    let b = postgres.store.describe_schema().await.expect("postgres schema");
    assert!(a.len() >= 25, "expected the whole product's tables, got {}", a.len());
    assert_eq!(a, b, "SQLite and PostgreSQL schemas differ");
}

#[test]
fn each_migration_exists_for_both_backends_under_the_same_name() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let list = |backend: &str| {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(backend))
            .expect("migrations dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(list("sqlite"), list("postgres"));
    assert_eq!(list("sqlite").len(), MIGRATIONS.len(), "every file is registered in MIGRATIONS");
}

#[tokio::test]
async fn reopening_a_sqlite_file_keeps_its_data_and_migrates_once() {
    let db = TestDb::sqlite().await;
    super::with_taxonomy(&db.store).await;
    db.store
        .save_story(&super::story("kept", "money", "money", "neutral", "2026-11-01T09:00:00Z"))
        .await
        .expect("save");
    let path = db.dir().expect("sqlite dir").join("wkly.db");
    let again = wkly_store::Store::open_sqlite(&path, 2).await.expect("reopen");
    assert_eq!(again.count_content().await.expect("count").0, 1);
    again.close().await;
}
