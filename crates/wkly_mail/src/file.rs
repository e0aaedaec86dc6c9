//! The development sink: each message is an `.eml` file in one folder, named
//! `<UTC time>-<id>.eml` so a listing is in sending order. A file appears whole or not at
//! all: it is written under a hidden temporary name, synced, then renamed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::MailError;

pub(crate) async fn write(dir: &Path, at: SystemTime, id: uuid::Uuid, bytes: Vec<u8>) -> Result<PathBuf, MailError> {
    let dir = dir.to_path_buf();
    let name = format!("{}-{}.eml", stamp(at), id.simple());
    let failed = dir.join(&name);
    tokio::task::spawn_blocking(move || write_atomically(&dir, &name, &bytes))
        .await
        .unwrap_or_else(|e| Err(MailError::File { path: failed, source: std::io::Error::other(e) }))
}

fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, MailError> {
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp"));
    let fail = |source| MailError::File { path: path.clone(), source };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let written = std::fs::File::create_new(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(path)
}

/// `20250314T091502Z`: sorts as text in time order.
fn stamp(at: SystemTime) -> String {
    let t = time::OffsetDateTime::from(at);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}
