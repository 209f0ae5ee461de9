//! Questionnaires: the model, the rules for visibility and validation (pure,
//! shared by server and browser), the default questionnaire, the builder.

pub mod api;
pub mod check;
pub mod default;
pub mod file_format;
pub mod form;
pub mod model;
pub mod pages;
pub mod rules;

/// The key of the questionnaire shipped with the product.
pub const BUILTIN_KEY: &str = "kartlaggning";

/// Adds the shipped questionnaire, "Kartläggning av internationellt arbete",
/// or brings it up to this release's wording when nobody has changed it
/// (versions in use by rounds are kept). A questionnaire people have changed
/// is left as they made it.
#[cfg(feature = "ssr")]
pub async fn ensure_builtin(db: &crate::db::Db) -> Result<(), crate::db::DbError> {
    use crate::db::questionnaires::Builtin;
    let json = serde_json::to_string(&default::default_questionnaire())
        .expect("the default questionnaire serialises");
    match db.ensure_builtin_questionnaire(BUILTIN_KEY, &json).await? {
        Builtin::Added => tracing::info!("added the default questionnaire"),
        Builtin::Updated { version } => {
            tracing::info!(
                version,
                "updated the default questionnaire to this release's wording"
            )
        }
        Builtin::KeptChanged => tracing::info!(
            "the default questionnaire has been changed here and is kept as it is; \
             this release's wording is not applied"
        ),
        Builtin::Current => {}
    }
    Ok(())
}
