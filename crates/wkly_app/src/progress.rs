//! Roadmap progress: a signed-in reader ticks the steps they have done, sees how far they
//! got on the roadmap's page and in their profile.

use wkly_store::Store;

use crate::AppError;
use crate::accounts::Reader;

/// Marks step `number` (1-based) of roadmap `slug` done, or takes the mark back when it
/// was done. The new state (`true` = done); `None` when there is no such step.
pub async fn toggle_step(store: &Store, reader: &Reader, slug: &str, number: i64) -> Result<Option<bool>, AppError> {
    let Some(roadmap) = store.find_roadmap(slug).await? else {
        return Ok(None);
    };
    let steps = store.list_steps(&roadmap.id).await?;
    let Some(step) = steps.iter().find(|s| s.position + 1 == number) else {
        return Ok(None);
    };
    let done = store.list_done_steps(&reader.user_id, &roadmap.id).await?;
    if done.contains(&step.id) {
        store.unmark_step_done(&reader.user_id, &step.id).await?;
        Ok(Some(false))
    } else {
        store.mark_step_done(&reader.user_id, &step.id).await?;
        Ok(Some(true))
    }
}

/// The numbers (1-based) of the steps of roadmap `slug` the reader has done.
pub async fn done_steps(store: &Store, user_id: &str, slug: &str) -> Result<Vec<i64>, AppError> {
    let Some(roadmap) = store.find_roadmap(slug).await? else {
        return Ok(Vec::new());
    };
    let done = store.list_done_steps(user_id, &roadmap.id).await?;
    Ok(store
        .list_steps(&roadmap.id)
        .await?
        .into_iter()
        .filter(|s| done.contains(&s.id))
        .map(|s| s.position + 1)
        .collect())
}
