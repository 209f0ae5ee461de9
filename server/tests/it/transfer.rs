//! What goes over the wire: responses compressed as the browser accepts.

use crate::common::spawn_app;
use std::io::Read;

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a gzip stream");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_are_compressed_as_the_browser_accepts() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let round = app.demo_round().await;
    let get = |path: String, accept: Option<&'static str>| {
        let request = admin.get(app.url(&path));
        let request = match accept {
            Some(accept) => request.header("accept-encoding", accept),
            None => request,
        };
        async move {
            let response = request.send().await.unwrap();
            let encoding = response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_string());
            (
                response.status().as_u16(),
                encoding,
                response.bytes().await.unwrap().to_vec(),
            )
        }
    };

    // A page: brotli when accepted, else gzip, else as it is.
    let page = format!("/omgangar/{round}/analys");
    let (status, encoding, plain) = get(page.clone(), None).await;
    assert_eq!((status, encoding), (200, None));
    for (accept, expected) in [("br", "br"), ("gzip, deflate, br", "br"), ("gzip", "gzip")] {
        let (status, encoding, body) = get(page.clone(), Some(accept)).await;
        assert_eq!(status, 200);
        assert_eq!(encoding.as_deref(), Some(expected), "{accept}");
        assert!(
            body.len() * 4 < plain.len(),
            "{accept}: {} of {}",
            body.len(),
            plain.len()
        );
        if expected == "gzip" {
            let html = String::from_utf8(gunzip(&body)).unwrap();
            assert!(html.contains("Nulägesanalys") || html.contains("</html>"));
        }
    }

    // Pages streamed as they render arrive whole (their chunks may come in
    // another order from one request to the next).
    for path in ["/", "/logga-in", "/svara", "/tillganglighet"] {
        let (_, _, plain) = get(path.to_string(), None).await;
        let (status, encoding, body) = get(path.to_string(), Some("gzip")).await;
        assert_eq!((status, encoding.as_deref()), (200, Some("gzip")), "{path}");
        let html = String::from_utf8(gunzip(&body)).unwrap();
        assert!(html.contains("</html>"), "{path}");
        let plain = String::from_utf8(plain).unwrap();
        let heading = plain
            .split("<h1")
            .nth(1)
            .and_then(|h| h.split("</h1>").next());
        assert!(heading.is_some_and(|h| html.contains(h)), "{path}");
    }

    // A streamed download arrives whole, compressed.
    let csv = format!("/omgangar/{round}/export/svar.csv");
    let (_, encoding, plain) = get(csv.clone(), None).await;
    assert_eq!(encoding, None);
    let (status, encoding, body) = get(csv, Some("gzip")).await;
    assert_eq!((status, encoding.as_deref()), (200, Some("gzip")));
    assert_eq!(gunzip(&body), plain);
    assert!(body.len() < plain.len());

    // A workbook is a zip file already: sent as it is.
    let (status, encoding, _) = get(
        format!("/omgangar/{round}/export/nulagesanalys.xlsx"),
        Some("gzip, br"),
    )
    .await;
    assert_eq!((status, encoding), (200, None));
}

/// The island script of a page, if it has one, and the nonce of its policy.
fn island_script_and_nonce(response: &reqwest::Response, page: &str) -> (bool, Option<String>) {
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .map(str::to_string);
    (page.contains("<script type=\"module\""), nonce)
}

/// Pages are HTML: only a page with an island loads the script and the WASM.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_pages_with_an_island_load_a_script() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let round = app.demo_round().await;
    let target = app.db.round_targets(&round).await.unwrap()[0].clone();
    let token = target.token.unwrap();
    // No island: no script, no WASM, not even a preload.
    for path in [
        "/".to_string(),
        "/logga-in".to_string(),
        "/tillganglighet".to_string(),
        "/svara".to_string(),
        format!("/s/{token}"),
        format!("/s/{token}/granska"),
        format!("/omgangar/{round}"),
    ] {
        let response = admin.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let page = response.text().await.unwrap();
        assert!(!page.contains("<leptos-island"), "{path}");
        assert!(!page.contains("<script"), "{path}: {page}");
        assert!(!page.contains(".wasm"), "{path}");
    }
    // A part of the questionnaire, the municipality list: the script, with
    // the page's own nonce.
    for path in [
        format!("/s/{token}/del/1"),
        "/kommuner".to_string(),
        format!("/omgangar/{round}/analys/0881"),
        format!("/omgangar/{round}/projekt"),
    ] {
        let response = admin.get(app.url(&path)).send().await.unwrap();
        let policy_nonce = island_script_and_nonce(&response, "").1.expect("a nonce");
        let page = response.text().await.unwrap();
        assert!(page.contains("<leptos-island"), "{path}");
        assert!(
            page.contains(&format!(
                "<script type=\"module\" nonce=\"{policy_nonce}\">"
            )),
            "{path}: {page}"
        );
        assert_eq!(page.matches("<script type=\"module\"").count(), 1, "{path}");
        // Every script carries the nonce (Leptos's own data for islands too).
        assert_eq!(
            page.matches("<script").count(),
            page.matches(&format!("nonce=\"{policy_nonce}\"")).count(),
            "{path}"
        );
        // Before the body: the browser starts fetching while it reads the page.
        assert!(page.find("<script").unwrap() < page.find("<body").unwrap());
    }
}

/// Built files under content-hashed names are kept by browsers for a year and
/// served as compressed at build time; other files are checked each time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashed_files_are_immutable_and_served_precompressed() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("site").join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(
        dir.path().join("site").join("hash.txt"),
        "js: Abc123def456\nwasm: Wasm789xyz012\ncss: Css345uvw678\n",
    )
    .unwrap();
    let script = "export default function(){}\n".repeat(200);
    std::fs::write(pkg.join("nulage.Abc123def456.js"), &script).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, script.as_bytes()).unwrap();
    std::fs::write(pkg.join("nulage.Abc123def456.js.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(pkg.join("nulage.Css345uvw678.css"), "body{}").unwrap();
    std::fs::write(pkg.join("old.css"), "body{}").unwrap();
    let app = crate::common::spawn_app_in(dir).await;

    let response = app
        .client()
        .get(app.url("/pkg/nulage.Abc123def456.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let body = response.bytes().await.unwrap();
    assert_eq!(String::from_utf8(gunzip(&body)).unwrap(), script);

    // The pages name the hashed files.
    let (_, page) = app.get_text("/logga-in").await;
    assert!(
        page.contains("href=\"/pkg/nulage.Css345uvw678.css\""),
        "{page}"
    );

    // A file without a hash in its name is revalidated; a missing one is 404.
    let response = app.get("/pkg/old.css").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let response = app.get("/pkg/nulage.Missing00000.js").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["cache-control"], "no-cache");
}
