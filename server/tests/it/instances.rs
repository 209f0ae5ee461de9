//! Several instances of the server on one database, as behind a load
//! balancer: sessions are shared, and answers saved through two instances at
//! once are merged or reported exactly as on one.

use crate::common::spawn_app;
use app::auth::api::Logout;
use app::auth::Role;
use app::rounds::respondent_api::{Autosave, AutosaveReply};
use leptos::server_fn::ServerFn;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_sessions_and_detect_conflicting_saves() {
    let a = spawn_app().await;
    let b = a.second_instance().await;
    a.load_demo().await;

    // Logged in through one instance, known to the other.
    a.user("samordnare@example.se", Role::Coordinator, &["0881"])
        .await;
    let client = a.login("samordnare@example.se").await;
    let (status, page) = b.page(&client, "/kommuner/0881").await;
    assert_eq!(status, 200);
    assert!(page.contains("Nybro"), "the session opened on A works on B");
    // Logging out on B ends the session on A too.
    let (status, _) = b.call(&client, Logout::PATH, &[]).await;
    assert!(status < 400, "{status}");
    assert_eq!(
        a.page(&client, "/kommuner/0881").await.0,
        303,
        "signed out on every instance"
    );

    // One answer link, two people, each on their own instance, both starting
    // from the same revision.
    let round = a.demo_round().await;
    let target =
        a.db.round_targets(&round)
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.revision == 0 && t.token.is_some())
            .expect("a target nobody has answered");
    let token = target.token.unwrap();
    let save = |instance: &crate::common::TestApp, name: &str, email: Option<&str>| {
        let mut fields = vec![("svarande_namn", name.to_string())];
        if let Some(email) = email {
            fields.push(("svarande_epost", email.to_string()));
        }
        let fields = serde_json::to_string(&fields).unwrap();
        let (url, token) = (instance.url(Autosave::PATH), token.clone());
        async move {
            let response = reqwest::Client::new()
                .post(url)
                .form(&[
                    ("token", token.as_str()),
                    ("section", "om_verksamheten"),
                    ("revision", "0"),
                    ("fields", fields.as_str()),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            serde_json::from_str::<AutosaveReply>(&response.text().await.unwrap()).unwrap()
        }
    };
    let first = save(&a, "Anna Andersson", None).await;
    assert!(first.conflicts.is_empty());
    let second = save(&b, "Bertil Berg", Some("bertil@example.se")).await;
    assert_eq!(
        second.conflicts,
        vec!["svarande_namn".to_string()],
        "the second instance sees the first one's change"
    );
    let stored = a.db.response(&target.id).await.unwrap().unwrap();
    let answers: serde_json::Value = serde_json::from_str(&stored.answers).unwrap();
    assert_eq!(answers["svarande_namn"], "Anna Andersson", "nothing lost");
    assert_eq!(
        answers["svarande_epost"], "bertil@example.se",
        "what did not clash is merged"
    );

    // Many saves at once through both instances, all from the revision they
    // loaded: none fails, and every one that was written is a revision of
    // its own.
    let target =
        a.db.round_targets(&round)
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.revision == 0 && t.token.is_some() && t.id != target.id)
            .expect("another target nobody has answered");
    let token = target.token.clone().unwrap();
    let saves = (0..12).map(|i| {
        let url = if i % 2 == 0 {
            a.url(Autosave::PATH)
        } else {
            b.url(Autosave::PATH)
        };
        let token = token.clone();
        tokio::spawn(async move {
            let fields =
                serde_json::to_string(&[("svarande_namn", format!("Person {i}"))]).unwrap();
            let response = reqwest::Client::new()
                .post(url)
                .form(&[
                    ("token", token.as_str()),
                    ("section", "om_verksamheten"),
                    ("revision", "0"),
                    ("fields", fields.as_str()),
                ])
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        })
    });
    let mut written = 0;
    for save in saves {
        let (status, body) = save.await.unwrap();
        assert_eq!(status, 200, "{body}");
        let reply: AutosaveReply = serde_json::from_str(&body).unwrap();
        if reply.conflicts.is_empty() {
            written += 1;
        }
    }
    let stored = a.db.response(&target.id).await.unwrap().unwrap();
    assert!(written >= 1);
    assert!(
        stored.revision >= 1 && stored.revision <= 12,
        "{}",
        stored.revision
    );
    for revision in 1..=stored.revision {
        assert!(
            a.db.response_revision(&target.id, revision)
                .await
                .unwrap()
                .is_some(),
            "revision {revision} is kept"
        );
    }

    b.stop().await;
    a.stop().await;
}
