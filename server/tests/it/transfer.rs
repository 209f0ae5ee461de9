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
