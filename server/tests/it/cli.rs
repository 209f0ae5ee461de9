//! The `nulage` binary: help, bad input as one clear line, graceful shutdown.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn nulage(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nulage"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("NULAGE_BIND")
        .env_remove("NULAGE_BASE_URL")
        .env_remove("NULAGE_LINK_KEY")
        .env_remove("NULAGE_LINK_KEY_FILE")
        .output()
        .expect("nulage runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_one_line_error(output: &Output, needle: &str) {
    assert!(!output.status.success());
    let text = stderr(output);
    let lines: Vec<_> = text
        .lines()
        .filter(|l| l.starts_with("nulage: fel:"))
        .collect();
    assert_eq!(lines.len(), 1, "expected one error line, got: {text}");
    assert!(lines[0].contains(needle), "{text}");
    assert!(!text.contains("panicked"), "{text}");
}

#[test]
fn help_documents_subcommands_and_options() {
    let dir = tempfile::tempdir().unwrap();
    let output = nulage(&["--help"], dir.path());
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for word in [
        "serve",
        "demo",
        "--bind",
        "--database-url",
        "--base-url",
        "--log-level",
        "DATABASE_URL",
        "NULAGE_BIND",
        "--link-key-file",
        "NULAGE_LINK_KEY",
    ] {
        assert!(help.contains(word), "{word} missing from --help");
    }
}

#[test]
fn unknown_flag_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = nulage(&["--no-such-flag"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_one_line_error(&output, "--no-such-flag");
}

#[test]
fn malformed_database_url_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let output = nulage(&["--database-url", "mysql://x", "demo"], dir.path());
    assert_one_line_error(&output, "ogiltig databasadress");
}

#[test]
fn unwritable_database_path_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("fil");
    std::fs::write(&blocker, "not a folder").unwrap();
    let url = format!("sqlite:{}/nulage.db", blocker.display());
    let output = nulage(&["--database-url", &url, "demo"], dir.path());
    assert_one_line_error(&output, "databasen");
}

#[test]
fn port_in_use_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = nulage(&["serve", "--bind", &addr], dir.path());
    assert_one_line_error(&output, "används redan");
}

#[test]
fn demo_creates_the_default_database_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let first = nulage(&["demo"], dir.path());
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(dir.path().join("data/nulage.db").exists());
    // The demo round's links are sealed with a key made beside the database.
    let key = dir.path().join("data/link.key");
    assert!(key.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is its owner's only");
    }
    let made = std::fs::read_to_string(&key).unwrap();
    // The demo round comes along, though the server never started here.
    assert!(String::from_utf8_lossy(&first.stdout).contains("Exempelkartläggning: 93 enheter"));
    let second = nulage(&["demo"], dir.path());
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        std::fs::read_to_string(&key).unwrap(),
        made,
        "the key is kept"
    );
    let second = String::from_utf8_lossy(&second.stdout);
    assert!(second.contains("7 kommuner, 93 enheter"), "{second}");
    assert!(
        !second.contains("Exempelkartläggning"),
        "the round is added once: {second}"
    );
}

#[test]
fn sigterm_shuts_down_cleanly() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    // Port 0: the system picks a free port, read back from the log, so no
    // other test's server can be mistaken for this one.
    let mut child = Command::new(env!("CARGO_BIN_EXE_nulage"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (listening, listening_rx) = std::sync::mpsc::channel();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        let mut log = String::new();
        let mut line = String::new();
        while stderr.read_line(&mut line).unwrap_or(0) > 0 {
            if line.contains("listening") {
                let _ = listening.send(line.clone());
            }
            log.push_str(&line);
            line.clear();
        }
        log
    });
    let line = listening_rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server says where it listens");
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    assert!(std::net::TcpStream::connect(("127.0.0.1", port)).is_ok());
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let log = reader.join().unwrap();
    assert!(status.success(), "exit {status:?}: {log}");
    assert!(log.contains("database closed"), "{log}");
}

#[test]
fn create_admin_prints_a_one_time_link() {
    let dir = tempfile::tempdir().unwrap();
    let output = nulage(
        &[
            "--base-url",
            "https://nulage.example.se",
            "create-admin",
            "--email",
            "Admin@Kommun.Example",
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let link = stdout
        .lines()
        .find(|l| l.starts_with("https://nulage.example.se/konto/losenord/"))
        .unwrap_or_else(|| panic!("no link in: {stdout}"));
    let token = link.rsplit('/').next().unwrap();
    assert!(token.len() >= 43, "token too short: {token}");
    assert!(stdout.contains("admin@kommun.example"));

    // A second run gives a new link; it never prints a password.
    let again = nulage(
        &["create-admin", "--email", "admin@kommun.example"],
        dir.path(),
    );
    assert!(again.status.success());
    assert!(!String::from_utf8_lossy(&again.stdout).contains(token));
}

#[test]
fn create_admin_refuses_a_bad_address() {
    let dir = tempfile::tempdir().unwrap();
    let output = nulage(&["create-admin", "--email", "inte en adress"], dir.path());
    assert_one_line_error(&output, "ogiltig e-postadress");
}
