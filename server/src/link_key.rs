//! Where the link key comes from: `NULAGE_LINK_KEY` (base64 of 32 bytes) if
//! set, else a key file, made with mode 0600 on first start. The key seals
//! the secrets of personal answer links in the database
//! (`app::auth::link_key`), so it must never be stored in the database, nor
//! in its backups: docs/DEPLOYMENT.md says how to keep it.

use app::auth::link_key::LinkKey;
use app::db::Db;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The environment variable with the key itself.
pub const ENV: &str = "NULAGE_LINK_KEY";
/// The key file's name in its folder.
pub const FILE_NAME: &str = "link.key";

/// How the key is configured: the key itself (wins), or its file.
#[derive(Clone, Default)]
pub struct KeySetting {
    /// Base64 of the key, from NULAGE_LINK_KEY (or --link-key).
    pub value: Option<String>,
    /// The key file (default: [`default_file`] of the database URL).
    pub file: Option<PathBuf>,
}

impl std::fmt::Debug for KeySetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySetting")
            .field("value", &self.value.as_ref().map(|_| "***"))
            .field("file", &self.file)
            .finish()
    }
}

impl KeySetting {
    /// A key file, as the tests use.
    pub fn file(path: impl Into<PathBuf>) -> KeySetting {
        KeySetting {
            value: None,
            file: Some(path.into()),
        }
    }

    fn value(&self) -> Option<&str> {
        self.value.as_deref().filter(|v| !v.trim().is_empty())
    }

    /// The key file this setting uses with `database_url`.
    pub fn file_for(&self, database_url: &str) -> PathBuf {
        self.file
            .clone()
            .unwrap_or_else(|| default_file(database_url))
    }

    /// Where the key is, for messages: the variable or the file.
    pub fn describe(&self, database_url: &str) -> String {
        match self.value() {
            Some(_) => format!("miljövariabeln {ENV}"),
            None => format!("filen {}", self.file_for(database_url).display()),
        }
    }

    /// The key: from the variable, or from its file, which is made (with a
    /// fresh random key) when it does not exist yet.
    pub fn load(&self, database_url: &str) -> Result<LinkKey, String> {
        if let Some(value) = self.value() {
            return LinkKey::parse(value)
                .map_err(|e| format!("länknyckeln i {ENV} är ogiltig: {e} (32 byte i base64)"));
        }
        load_file(&self.file_for(database_url))
    }
}

/// The key file used when none is given: beside an SQLite database file,
/// otherwise (PostgreSQL) `data/link.key` in the working folder.
pub fn default_file(database_url: &str) -> PathBuf {
    let folder = match app::db::sqlite_file(database_url) {
        Some(file) => file.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => PathBuf::from("data"),
    };
    folder.join(FILE_NAME)
}

fn load_file(path: &Path) -> Result<LinkKey, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            warn_if_readable_by_others(path);
            LinkKey::parse(&text).map_err(|e| {
                format!(
                    "länknyckeln i {} är ogiltig: {e} (32 byte i base64)",
                    path.display()
                )
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_file(path),
        Err(e) => Err(format!("kan inte läsa länknyckeln {}: {e}", path.display())),
    }
}

/// Writes a fresh key to `path`, readable by its owner only. Another process
/// that made the file first wins, and its key is read.
fn create_file(path: &Path) -> Result<LinkKey, String> {
    let cannot = |e: std::io::Error| format!("kan inte skapa länknyckeln {}: {e}", path.display());
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(cannot)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return load_file(path),
        Err(e) => return Err(cannot(e)),
    };
    let key = LinkKey::generate();
    file.write_all(format!("{}\n", key.encode()).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(cannot)?;
    tracing::warn!(
        file = %path.display(),
        "a new link key was made: back it up, separately from the database backups \
         (docs/DEPLOYMENT.md)"
    );
    Ok(key)
}

#[cfg(unix)]
fn warn_if_readable_by_others(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!(
                file = %path.display(),
                "the link key file can be read by others than its owner: chmod 600 it"
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &Path) {}

/// The database with the link key, its plain links (from before links were
/// sealed) moved to hashed and sealed storage. What every command that
/// makes or shows links opens the database with.
pub async fn open(database_url: &str, setting: &KeySetting) -> Result<Db, String> {
    let db = Db::connect(database_url).await.map_err(|e| e.to_string())?;
    attach(db, database_url, setting).await
}

/// Gives `db` its link key and seals what is still plain.
pub async fn attach(db: Db, database_url: &str, setting: &KeySetting) -> Result<Db, String> {
    let db = db.with_link_key(setting.load(database_url)?);
    let moved = db
        .seal_plain_links()
        .await
        .map_err(|e| format!("kan inte skydda de personliga länkarna i databasen: {e}"))?;
    if moved > 0 {
        tracing::info!(moved, "personal links moved to hashed and sealed storage");
    }
    if db.link_key_opens_links().await == Some(false) {
        tracing::error!(
            key = %setting.describe(database_url),
            "the link key does not open the personal links in the database: the round \
             pages cannot show them until new ones are made. Is it the key they were made with?"
        );
    }
    Ok(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_lies_beside_the_sqlite_database() {
        assert_eq!(
            default_file("sqlite:data/nulage.db"),
            PathBuf::from("data/link.key")
        );
        assert_eq!(
            default_file("sqlite:///srv/nulage/nulage.db"),
            PathBuf::from("/srv/nulage/link.key")
        );
        assert_eq!(default_file("sqlite:nulage.db"), PathBuf::from("link.key"));
        assert_eq!(
            default_file("postgres://nulage@db/nulage"),
            PathBuf::from("data/link.key")
        );
    }

    #[test]
    fn a_missing_file_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/link.key");
        let setting = KeySetting::file(&path);
        let first = setting.load("").unwrap();
        let second = setting.load("").unwrap();
        assert_eq!(first.encode(), second.encode());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn the_variable_wins_and_bad_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key = LinkKey::generate();
        let setting = KeySetting {
            value: Some(key.encode()),
            file: Some(dir.path().join("link.key")),
        };
        assert_eq!(setting.load("").unwrap().encode(), key.encode());
        assert!(!dir.path().join("link.key").exists());
        assert!(!format!("{setting:?}").contains(&key.encode()));
        let bad = KeySetting {
            value: Some("kort".into()),
            file: None,
        };
        assert!(bad.load("").unwrap_err().contains(ENV));
        std::fs::write(dir.path().join("link.key"), "skräp").unwrap();
        let error = KeySetting::file(dir.path().join("link.key"))
            .load("")
            .unwrap_err();
        assert!(error.contains("ogiltig"), "{error}");
    }
}
