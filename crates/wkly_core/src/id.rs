//! Row ids are generated in Rust, never by the database, so one code path serves SQLite
//! and PostgreSQL and an id is known before the row is written.

/// A new time-ordered id (UUIDv7, 32 lowercase hex digits without dashes).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_sort_by_creation() {
        let a = new_id();
        let b = new_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a < b, "{a} should sort before {b}");
    }
}
