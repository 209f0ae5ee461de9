//! Editing the registry: municipalities, units, contacts and sectors, within scope.

use crate::common::{spawn_app, TestApp};
use app::auth::Role;
use app::registry::edit_api::{
    AddMunicipality, AddSector, AddSectorAlias, CreateUnit, DeleteContact, RemoveSectorAlias,
    SaveContact, SetUnitArchived, UpdateMunicipality, UpdateUnit,
};
use leptos::server_fn::ServerFn;

async fn unit_id(app: &TestApp, code: &str, name: &str) -> String {
    let m = app.db.municipality_by_code(code).await.unwrap().unwrap();
    m.units.into_iter().find(|u| u.name == name).unwrap().id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_creates_edits_and_archives_units_in_scope() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user("s@karlskrona.example", Role::Coordinator, &["1080"])
        .await;
    let client = app.login("s@karlskrona.example").await;

    let form = [
        ("code", "1080"),
        ("name", "Kulturförvaltningen Syd"),
        ("kind", "förvaltning"),
        ("sector", "kultur_fritid"),
    ];
    let (status, body) = app.call(&client, CreateUnit::PATH, &form).await;
    assert!(status < 400, "{status} {body}");
    let id = unit_id(&app, "1080", "Kulturförvaltningen Syd").await;
    let (status, page) = app.page(&client, &format!("/enheter/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Kulturförvaltningen Syd") && page.contains("Saknar kontaktperson"));

    // Same name again, in other letters: refused.
    let (status, body) = app
        .call(
            &client,
            CreateUnit::PATH,
            &[
                ("code", "1080"),
                ("name", "KULTURFÖRVALTNINGEN SYD"),
                ("kind", "bolag"),
                ("sector", "kultur_fritid"),
            ],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    for (form, needle) in [
        (
            [
                ("code", "1080"),
                ("name", " "),
                ("kind", "bolag"),
                ("sector", "kultur_fritid"),
            ],
            "namn",
        ),
        (
            [
                ("code", "1080"),
                ("name", "X"),
                ("kind", "kung"),
                ("sector", "kultur_fritid"),
            ],
            "typ",
        ),
        (
            [
                ("code", "1080"),
                ("name", "X"),
                ("kind", "bolag"),
                ("sector", "rymden"),
            ],
            "verksamhetsområde",
        ),
    ] {
        let (status, body) = app.call(&client, CreateUnit::PATH, &form).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains(needle), "{needle}: {body}");
    }

    let (status, _) = app
        .call(
            &client,
            UpdateUnit::PATH,
            &[
                ("id", &id),
                ("name", "Kulturbolaget Syd"),
                ("kind", "bolag"),
                ("sector", "kultur_fritid"),
            ],
        )
        .await;
    assert!(status < 400);
    let (status, _) = app
        .call(
            &client,
            SetUnitArchived::PATH,
            &[("id", &id), ("archived", "true")],
        )
        .await;
    assert!(status < 400);
    let m = app.db.municipality_by_code("1080").await.unwrap().unwrap();
    let unit = m.units.iter().find(|u| u.id == id).unwrap();
    assert!(unit.archived && unit.kind == "bolag" && unit.name == "Kulturbolaget Syd");
    let (_, page) = app.page(&client, "/kommuner/1080").await;
    assert!(page.contains("Arkiverade enheter"));
    let summary = app
        .db
        .list_municipalities()
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.code == "1080")
        .unwrap();
    assert_eq!(
        (summary.administrations, summary.companies),
        (11, 3),
        "archived units do not count"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_are_added_changed_and_removed() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = unit_id(&app, "0780", "Videum AB").await;
    let base = [
        ("unit_id", id.as_str()),
        ("name", "Sara Nord"),
        ("email", "Sara.Nord@Videum.example"),
        ("phone", "0470-123"),
        ("role", "VD"),
    ];
    let (status, body) = app.call(&admin, SaveContact::PATH, &base).await;
    assert!(status < 400, "{body}");
    let (status, body) = app.call(&admin, SaveContact::PATH, &base).await;
    assert_eq!(status, 409, "the same e-mail twice: {body}");
    let (status, body) = app
        .call(
            &admin,
            SaveContact::PATH,
            &[
                ("unit_id", id.as_str()),
                ("name", "Y"),
                ("email", "inte-en-adress"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");

    let unit = |app: &TestApp| {
        let id = id.clone();
        let db = app.db.clone();
        async move {
            db.municipality_by_code("0780")
                .await
                .unwrap()
                .unwrap()
                .units
                .into_iter()
                .find(|u| u.id == id)
                .unwrap()
        }
    };
    let contact = unit(&app)
        .await
        .contacts
        .into_iter()
        .find(|c| c.email == "sara.nord@videum.example")
        .unwrap();
    assert!(!contact.is_international);
    let (status, _) = app
        .call(
            &admin,
            SaveContact::PATH,
            &[
                ("unit_id", id.as_str()),
                ("contact_id", &contact.id),
                ("name", "Sara Nord"),
                ("email", "sara.nord@videum.example"),
                ("role", "Vd och EU-samordnare"),
                ("international", "ja"),
            ],
        )
        .await;
    assert!(status < 400);
    let changed = unit(&app)
        .await
        .contacts
        .into_iter()
        .find(|c| c.id == contact.id)
        .unwrap();
    assert!(changed.is_international && changed.role == "Vd och EU-samordnare");

    // A contact id from another unit is not found through this unit.
    let other = unit_id(&app, "0780", "Växjö Energi AB").await;
    let (status, _) = app
        .call(
            &admin,
            DeleteContact::PATH,
            &[("unit_id", &other), ("contact_id", &contact.id)],
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .call(
            &admin,
            DeleteContact::PATH,
            &[("unit_id", &id), ("contact_id", &contact.id)],
        )
        .await;
    assert!(status < 400);
    assert!(!unit(&app).await.contacts.iter().any(|c| c.id == contact.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scope_and_roles_guard_every_change() {
    let app = spawn_app().await;
    app.load_demo().await;
    app.user("s@karlskrona.example", Role::Coordinator, &["1080"])
        .await;
    app.user("l@vaxjo.example", Role::Reader, &["0780"]).await;
    let coordinator = app.login("s@karlskrona.example").await;
    let reader = app.login("l@vaxjo.example").await;
    let vaxjo_unit = unit_id(&app, "0780", "Videum AB").await;

    // Outside scope: 404, like a missing thing.
    for (path, form) in [
        (
            CreateUnit::PATH,
            vec![
                ("code", "0780"),
                ("name", "X"),
                ("kind", "bolag"),
                ("sector", "annat"),
            ],
        ),
        (
            UpdateUnit::PATH,
            vec![
                ("id", vaxjo_unit.as_str()),
                ("name", "X"),
                ("kind", "bolag"),
                ("sector", "annat"),
            ],
        ),
        (
            SetUnitArchived::PATH,
            vec![("id", vaxjo_unit.as_str()), ("archived", "true")],
        ),
        (
            SaveContact::PATH,
            vec![
                ("unit_id", vaxjo_unit.as_str()),
                ("name", "X"),
                ("email", "x@y.se"),
            ],
        ),
        (
            UpdateMunicipality::PATH,
            vec![("code", "0780"), ("population", "1"), ("notes", "")],
        ),
    ] {
        assert_eq!(app.call(&coordinator, path, &form).await.0, 404, "{path}");
        // In scope but read-only: 403.
        assert_eq!(app.call(&reader, path, &form).await.0, 403, "{path}");
    }
    assert_eq!(
        app.page(&coordinator, &format!("/enheter/{vaxjo_unit}"))
            .await
            .0,
        404
    );
    assert_eq!(
        app.page(&reader, &format!("/enheter/{vaxjo_unit}")).await.0,
        200
    );
    assert_eq!(app.page(&reader, "/kommuner/0780/redigera").await.0, 404);
    // Only administrators add municipalities and sectors.
    assert_eq!(
        app.call(&coordinator, AddMunicipality::PATH, &[("code", "0180")])
            .await
            .0,
        403
    );
    assert_eq!(
        app.call(
            &coordinator,
            AddSector::PATH,
            &[("name_sv", "Hamn"), ("name_en", "")]
        )
        .await
        .0,
        403
    );
    let m = app.db.municipality_by_code("0780").await.unwrap().unwrap();
    assert!(m.units.iter().all(|u| !u.archived));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn municipality_facts_and_priorities_are_saved() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let (status, body) = app
        .call(
            &admin,
            UpdateMunicipality::PATH,
            &[
                ("code", "1081"),
                ("population", "28 512"),
                ("notes", "Årlig uppföljning i december."),
                ("priorities[0]", "energi_miljo"),
                ("priorities[4]", "utbildning"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    let m = app.db.municipality_by_code("1081").await.unwrap().unwrap();
    assert_eq!(m.population, Some(28_512));
    assert_eq!(m.priorities, vec!["energi_miljo", "utbildning"]);
    let (_, page) = app.page(&admin, "/kommuner/1081").await;
    assert!(page.contains("Energi och miljö, Utbildning"), "{page}");
    let (status, body) = app
        .call(
            &admin,
            UpdateMunicipality::PATH,
            &[("code", "1081"), ("population", "många"), ("notes", "")],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = app
        .call(
            &admin,
            UpdateMunicipality::PATH,
            &[
                ("code", "1081"),
                ("population", ""),
                ("notes", ""),
                ("priorities[0]", "rymdfart"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(
        app.db
            .municipality_by_code("1081")
            .await
            .unwrap()
            .unwrap()
            .population,
        Some(28_512),
        "a refused save keeps what was saved"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_add_municipalities_from_the_official_list_and_sectors() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let (_, page) = app.page(&admin, "/kommuner").await;
    assert!(page.contains("Lägg till kommun") && page.contains("Kiruna (2584), Norrbottens län"));
    let (status, _) = app
        .call(&admin, AddMunicipality::PATH, &[("code", "2584")])
        .await;
    assert!(status < 400);
    let kiruna = app.db.municipality_by_code("2584").await.unwrap().unwrap();
    assert_eq!(
        (kiruna.name.as_str(), kiruna.county.as_str()),
        ("Kiruna", "Norrbottens län")
    );
    assert_eq!(
        app.call(&admin, AddMunicipality::PATH, &[("code", "2584")])
            .await
            .0,
        409
    );
    assert_eq!(
        app.call(&admin, AddMunicipality::PATH, &[("code", "9999")])
            .await
            .0,
        422
    );

    let (status, body) = app
        .call(
            &admin,
            AddSector::PATH,
            &[
                ("name_sv", "Hamn och sjöfart"),
                ("name_en", "Port and shipping"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    assert!(app.db.sector_exists("hamn_och_sjofart").await.unwrap());
    assert_eq!(
        app.call(
            &admin,
            AddSector::PATH,
            &[("name_sv", "Hamn och sjöfart"), ("name_en", "")]
        )
        .await
        .0,
        409
    );
    let (_, page) = app.page(&admin, "/admin/verksamhetsomraden").await;
    assert!(page.contains("Hamn och sjöfart"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unit_search_works_without_javascript() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let (_, page) = app.page(&admin, "/kommuner/0780?sok=energi").await;
    // Every unit is sent, for typing to widen the search; the others are hidden.
    let card_of = |name: &str| {
        let at = page.find(&format!(">{name}<")).expect(name);
        let start = page[..at].rfind("<li id=\"enhet-").expect("a card");
        page[start..at].to_string()
    };
    assert!(!card_of("Växjö Energi AB").contains(" hidden"));
    assert!(
        card_of("Videum AB").contains(" hidden"),
        "{}",
        card_of("Videum AB")
    );
    assert!(page.contains("Visar"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn line_breaks_are_cleaned_from_names_and_refused_in_addresses() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let id = unit_id(&app, "0780", "Videum AB").await;

    // A name typed or pasted over two lines, with a tab and a line separator.
    let (status, body) = app
        .call(
            &admin,
            SaveContact::PATH,
            &[
                ("unit_id", id.as_str()),
                ("name", " Sara\r\nNord\t\u{2028}Ek "),
                ("email", "sara.nord@videum.example"),
                ("role", "VD\noch EU-samordnare"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    let m = app.db.municipality_by_code("0780").await.unwrap().unwrap();
    let sara = m
        .units
        .iter()
        .flat_map(|u| &u.contacts)
        .find(|c| c.email == "sara.nord@videum.example")
        .unwrap();
    assert_eq!(sara.name, "Sara Nord Ek");
    assert_eq!(sara.role, "VD och EU-samordnare");

    // An address is never guessed at: a line break anywhere in it is refused.
    for email in [
        "kim@videum.example\n",
        "kim@videum.example\r\nBcc: alla@example.com",
        "kim@videum.example\u{2029}",
    ] {
        let (status, body) = app
            .call(
                &admin,
                SaveContact::PATH,
                &[("unit_id", id.as_str()), ("name", "Kim"), ("email", email)],
            )
            .await;
        assert_eq!(status, 422, "{email:?}: {body}");
        assert!(body.contains("radbrytningar"), "{email:?}: {body}");
    }
    let m = app.db.municipality_by_code("0780").await.unwrap().unwrap();
    assert!(!m
        .units
        .iter()
        .flat_map(|u| &u.contacts)
        .any(|c| c.email.starts_with("kim@")));

    // Unit names and the names of accounts are cleaned the same way.
    let (status, body) = app
        .call(
            &admin,
            CreateUnit::PATH,
            &[
                ("code", "0780"),
                ("name", "Kultur-\nbolaget"),
                ("kind", "bolag"),
                ("sector", "kultur_fritid"),
            ],
        )
        .await;
    assert!(status < 400, "{body}");
    unit_id(&app, "0780", "Kultur- bolaget").await;
    let (status, body) = app
        .call(
            &admin,
            app::auth::api::InviteUser::PATH,
            &[
                ("email", "ny@vaxjo.example"),
                ("name", "Nils\r\nNy"),
                ("role", "coordinator"),
                ("municipalities[0]", "0780"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let users = app.db.list_users().await.unwrap();
    let nils = users
        .iter()
        .find(|u| u.email == "ny@vaxjo.example")
        .unwrap();
    assert_eq!(nils.name, "Nils Ny");
    let (status, body) = app
        .call(
            &admin,
            app::auth::api::InviteUser::PATH,
            &[
                ("email", "ny2@vaxjo.example\n"),
                ("name", "Nina"),
                ("role", "coordinator"),
                ("municipalities[0]", "0780"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
}

/// Names sort the Swedish way everywhere lists are sorted: … Z, Å, Ä, Ö
/// (byte order would put Ä before Å), on the page and in the analysis.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn municipalities_sort_the_swedish_way() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    // Örebro, Älmhult, Åstorp, Östersund and Ängelholm, added in that order.
    for code in ["1880", "0765", "1277", "2380", "1292"] {
        let (status, body) = app
            .call(&admin, AddMunicipality::PATH, &[("code", code)])
            .await;
        assert!(status < 400, "{code}: {status} {body}");
    }
    let (_, page) = app.page(&admin, "/kommuner").await;
    let order = [
        "Tranås",
        "Växjö",
        "Åstorp",
        "Älmhult",
        "Ängelholm",
        "Örebro",
        "Östersund",
    ];
    let places: Vec<usize> = order
        .iter()
        .map(|name| {
            page.find(&format!(">{name}</a>"))
                .unwrap_or_else(|| panic!("{name} in {page}"))
        })
        .collect();
    assert!(
        places.windows(2).all(|w| w[0] < w[1]),
        "{order:?} at {places:?}"
    );
    // The same order from the database, on SQLite and PostgreSQL alike.
    let listed: Vec<String> = app
        .db
        .list_municipalities()
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .filter(|n| order.contains(&n.as_str()))
        .collect();
    assert_eq!(listed, order);
}

/// The sector a text names in the registry as it is now, by the import's rule.
async fn sector_of(app: &TestApp, text: &str) -> Option<String> {
    let sectors = app.db.sectors().await.unwrap();
    app::registry::sector_names::find_sector(text, &sectors)
        .one()
        .map(|s| s.key.clone())
}

/// Administrators list, add and remove aliases on the sector page with plain
/// form posts (no JavaScript); an alias or a sector that the rule already
/// reads as a sector is refused, naming that sector; a coordinator can do
/// none of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_keep_sector_aliases_with_plain_form_posts() {
    use crate::forms::post_from;
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let page = "/admin/verksamhetsomraden";
    let (status, html) = app.page(&admin, page).await;
    assert_eq!(status, 200);
    // The seeded alias, its button named with it, and the labelled fields.
    assert!(
        html.contains("Ta bort<span class=\"visually-hidden\"> alias energi/VA/avfall</span>"),
        "{html}"
    );
    assert!(html.contains("<label for=\"alias-sector\">Verksamhetsområde</label>"));
    assert!(html.contains("<label for=\"alias-text\">Alias</label>"));
    assert!(html.contains(&format!("action=\"{}\"", AddSectorAlias::PATH)));
    assert!(html.contains(&format!("action=\"{}\"", RemoveSectorAlias::PATH)));
    assert_eq!(sector_of(&app, "VA").await, None);

    // Added: the page again with its notice and the alias, which the rule now reads.
    let (status, _, html) = post_from(
        &app,
        &admin,
        page,
        AddSectorAlias::PATH,
        &[("sector", "energi_va_avfall"), ("alias", " VA ")],
    )
    .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Aliaset är tillagt."), "{html}");
    assert!(
        html.contains("<span class=\"visually-hidden\"> alias VA</span>"),
        "{html}"
    );
    assert_eq!(
        sector_of(&app, "va").await.as_deref(),
        Some("energi_va_avfall")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sector_alias WHERE sector_key = 'energi_va_avfall' AND alias = 'VA' AND match_key = 'va'")
            .await,
        1
    );
    let audit = app.audit("registry.sector_alias_added").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].target.as_str(), audit[0].detail.as_str()),
        ("energi_va_avfall", "VA")
    );

    // Refused, each naming the sector the text already is, with what was typed kept.
    for (sector, alias, status, words) in [
        ("miljo", "Kultur & fritid", 409, "\"Kultur &amp; fritid\" hör redan till verksamhetsområdet Kultur och fritid som namn."),
        ("kultur_fritid", "FRITID/KULTUR", 409, "hör redan till verksamhetsområdet Kultur och fritid som namn."),
        ("miljo", "Energi, VA och avfall", 409, "hör redan till verksamhetsområdet Energi, vatten och avfall som alias (energi/VA/avfall)."),
        ("miljo", "va", 409, "hör redan till verksamhetsområdet Energi, vatten och avfall som alias (VA)."),
        ("miljo", "Housing", 409, "hör redan till verksamhetsområdet Bostäder som engelskt namn."),
        ("miljo", "kultur_fritid", 409, "hör redan till verksamhetsområdet Kultur och fritid som nyckel."),
        ("miljo", " / & ", 422, "Skriv aliaset, till exempel energi/VA/avfall."),
        ("", "Vatten", 422, "Välj ett verksamhetsområde."),
        ("rymden", "Vatten", 422, "Välj ett verksamhetsområde."),
    ] {
        let (got, _, html) = post_from(
            &app,
            &admin,
            page,
            AddSectorAlias::PATH,
            &[("sector", sector), ("alias", alias)],
        )
        .await;
        assert_eq!(got, status, "{alias}: {html}");
        assert!(html.contains("<title>Fel: "), "{alias}");
        assert!(html.contains(words), "{alias}: {html}");
        assert!(html.contains("id=\"alias-text\""), "{alias}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM sector_alias").await, 2);

    // A new sector by the same rule: a name that is already a sector, as
    // its name, an alias or an English name, is refused with that sector.
    for (sv, en, field, words) in [
        ("Energi/VA/Avfall", "", "sector-sv", "Verksamhetsområdet Energi/VA/Avfall finns redan (som alias till Energi, vatten och avfall: energi/VA/avfall)."),
        ("Kultur & fritid", "", "sector-sv", "Verksamhetsområdet Kultur &amp; fritid finns redan (som Kultur och fritid)."),
        ("kultur och fritid", "", "sector-sv", "Verksamhetsområdet kultur och fritid finns redan."),
        ("Hamn", "Housing", "sector-en", "Verksamhetsområdet Housing finns redan (som engelskt namn på Bostäder)."),
        ("Bostader", "", "sector-sv", "Verksamhetsområdet Bostader finns redan (som Bostäder)."),
    ] {
        let (status, _, html) = post_from(
            &app,
            &admin,
            page,
            AddSector::PATH,
            &[("name_sv", sv), ("name_en", en)],
        )
        .await;
        assert_eq!(status, 409, "{sv}: {html}");
        assert!(html.contains(words), "{sv}: {html}");
        assert!(html.contains(&format!("href=\"#{field}\"")), "{sv}: {html}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM sector").await, 11);

    // Removed, the seeded one too; a second removal is not found.
    for alias in ["VA", "energi/VA/avfall"] {
        let (status, _, html) = post_from(
            &app,
            &admin,
            page,
            RemoveSectorAlias::PATH,
            &[("sector", "energi_va_avfall"), ("alias", alias)],
        )
        .await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("Aliaset är borttaget."), "{html}");
        assert!(!html.contains(&format!("> alias {alias}</span>")), "{html}");
    }
    assert_eq!(sector_of(&app, "energi/VA/avfall").await, None);
    assert_eq!(
        sector_of(&app, "Energi, vatten och avfall")
            .await
            .as_deref(),
        Some("energi_va_avfall")
    );
    let (status, _, html) = post_from(
        &app,
        &admin,
        page,
        RemoveSectorAlias::PATH,
        &[("sector", "energi_va_avfall"), ("alias", "VA")],
    )
    .await;
    assert_eq!(status, 404, "{html}");
    assert!(html.contains("class=\"error-summary\""), "{html}");
    assert_eq!(app.audit("registry.sector_alias_removed").await.len(), 2);

    // The short form back, as an administrator would add it again.
    let (status, _, _) = post_from(
        &app,
        &admin,
        page,
        AddSectorAlias::PATH,
        &[
            ("sector", "energi_va_avfall"),
            ("alias", "energi/VA/avfall"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        sector_of(&app, "ENERGI / VA / AVFALL").await.as_deref(),
        Some("energi_va_avfall")
    );

    // Administrators only.
    app.user("s@nybro.example", Role::Coordinator, &["0881"])
        .await;
    let coordinator = app.login("s@nybro.example").await;
    assert_eq!(
        app.call(
            &coordinator,
            AddSectorAlias::PATH,
            &[("sector", "miljo"), ("alias", "Natur")]
        )
        .await
        .0,
        403
    );
    assert_eq!(
        app.call(
            &coordinator,
            RemoveSectorAlias::PATH,
            &[
                ("sector", "energi_va_avfall"),
                ("alias", "energi/VA/avfall")
            ]
        )
        .await
        .0,
        403
    );
    let (status, _, html) = post_from(
        &app,
        &coordinator,
        page,
        RemoveSectorAlias::PATH,
        &[
            ("sector", "energi_va_avfall"),
            ("alias", "energi/VA/avfall"),
        ],
    )
    .await;
    assert_eq!(status, 403, "{html}");
    assert_eq!(app.count("SELECT COUNT(*) FROM sector_alias").await, 1);
    assert_eq!(
        app.call(
            &app.client(),
            AddSectorAlias::PATH,
            &[("sector", "miljo"), ("alias", "Natur")]
        )
        .await
        .0,
        401
    );
}

/// The unit search reads a sector written another way, and its aliases.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_unit_search_reads_sectors_the_way_people_write_them() {
    let app = spawn_app().await;
    let admin = app.admin_with_demo().await;
    let m = app.db.municipality_by_code("0780").await.unwrap().unwrap();
    let culture = m
        .units
        .iter()
        .find(|u| u.sector == "kultur_fritid")
        .expect("a culture unit in Växjö")
        .name
        .clone();
    let energy = m
        .units
        .iter()
        .find(|u| u.sector == "energi_va_avfall")
        .expect("an energy unit in Växjö")
        .name
        .clone();
    let shown = |page: &str, name: &str| {
        let at = page
            .find(&format!(">{name}<"))
            .unwrap_or_else(|| panic!("{name}"));
        let card = &page[page[..at].rfind("<li id=\"enhet-").expect("a card")..at];
        !card.contains(" hidden")
    };
    let (_, page) = app
        .page(&admin, "/kommuner/0780?sok=kultur+%26+fritid")
        .await;
    assert!(shown(&page, &culture), "{page}");
    assert!(!shown(&page, &energy), "{page}");
    let (_, page) = app.page(&admin, "/kommuner/0780?sok=energi%2FVA").await;
    assert!(shown(&page, &energy), "{page}");
    assert!(!shown(&page, &culture), "{page}");
}
