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
    // The demo round comes along, though the server never started here.
    assert!(String::from_utf8_lossy(&first.stdout).contains("Exempelkartläggning: 93 enheter"));
    let second = nulage(&["demo"], dir.path());
    assert!(second.status.success(), "{}", stderr(&second));
    let second = String::from_utf8_lossy(&second.stdout);
    assert!(second.contains("7 kommuner, 93 enheter"), "{second}");
    assert!(
        !second.contains("Exempelkartläggning"),
        "the round is added once: {second}"
    );
}

#[test]
fn sigterm_shuts_down_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_nulage"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it listens.
    let started = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(started, "server did not start");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let output = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&output.stderr);
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
