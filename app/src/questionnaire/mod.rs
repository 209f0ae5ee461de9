//! Questionnaires: the model, the rules for visibility and validation (pure,
//! shared by server and browser), the default questionnaire, the builder.

pub mod api;
pub mod check;
pub mod default;
pub mod form;
pub mod model;
pub mod pages;
pub mod rules;

/// The key of the questionnaire shipped with the product.
pub const BUILTIN_KEY: &str = "kartlaggning";

/// Adds the shipped questionnaire, "Kartläggning av internationellt arbete",
/// unless it is there already (then it is left as people have changed it).
#[cfg(feature = "ssr")]
pub async fn ensure_builtin(db: &crate::db::Db) -> Result<(), crate::db::DbError> {
    let json = serde_json::to_string(&default::default_questionnaire())
        .expect("the default questionnaire serialises");
    if db.ensure_builtin_questionnaire(BUILTIN_KEY, &json).await? {
        tracing::info!("added the default questionnaire");
    }
    Ok(())
}
