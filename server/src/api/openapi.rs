//! The feed's OpenAPI 3 description, at `/api/v1/openapi.json`: the round
//! paths from their handlers' annotations, one path per table from
//! [`TableKind::ALL`], so the description lists exactly what is served.

use super::rounds::{Municipality, Round, TableLink};
use super::tables::TableParams;
use super::ApiError;
use crate::export::TableKind;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, Required, ResponseBuilder};
use utoipa::{IntoParams, Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Nuläge – dataflöde för rapportverktyg",
        description = "Läser kartläggningar och deras tabeller (samma kolumner som exporterna) med en personlig API-nyckel: `Authorization: Bearer nlg_…`. Bara läsning; bara det nyckelns användare får se. Se docs/API.md.",
        version = "1"
    ),
    paths(super::rounds::list, super::rounds::one),
    components(schemas(ApiError, Round, Municipality, TableLink)),
    modifiers(&Tables, &Security),
    tags((name = "Kartläggningar", description = "Kartläggningar och deras tabeller."))
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("nlg_…")
                    .description(Some(
                        "En personlig API-nyckel, skapad under API-nycklar i Nuläge.",
                    ))
                    .build(),
            ),
        );
    }
}

/// A Swedish description of each table.
fn describe(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Responses => {
            "Svaren, en rad per enhet och en kolumn per fråga eller alternativ."
        }
        TableKind::ResponsesLong => "Svaren, en rad per enhet, fråga och svar.",
        TableKind::Participation => {
            "Deltagandet: inbjudna och svarande per kommun, typ och verksamhetsområde."
        }
        TableKind::Distributions => {
            "Nulägesanalysen per kommun: fördelningen av svaren på varje fråga."
        }
        TableKind::Gaps => "Glappen: vad som saknas eller är koncentrerat, per kommun.",
        TableKind::Themes => "Matrisen kommun × tema.",
        TableKind::Projects => "Projektregistret: projekten sammanslagna per kommun.",
        TableKind::Trend => {
            "Utvecklingen över tid: nyckeltalen i kommunernas tidigare kartläggningar."
        }
    }
}

struct Tables;

impl Modify for Tables {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let error = |text: &str| {
            ResponseBuilder::new()
                .description(text)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ApiError")))
                        .build(),
                )
                .build()
        };
        let rows = || {
            ArrayBuilder::new()
                .items(
                    ObjectBuilder::new()
                        .schema_type(Type::Object)
                        .description(Some(
                            "En rad: kolumnens nyckel (som i exporten) och cellens värde – text, tal eller null.",
                        )),
                )
                .build()
        };
        for kind in TableKind::ALL {
            let mut operation = OperationBuilder::new()
                .operation_id(Some(format!("tabell_{}", kind.key().replace('-', "_"))))
                .summary(Some(kind.sheet()))
                .description(Some(describe(kind)))
                .tag("Kartläggningar")
                .parameter(
                    ParameterBuilder::new()
                        .name("round_id")
                        .parameter_in(ParameterIn::Path)
                        .required(Required::True)
                        .description(Some("Kartläggningens id."))
                        .schema(Some(ObjectBuilder::new().schema_type(Type::String))),
                );
            for parameter in TableParams::into_params(|| Some(ParameterIn::Query)) {
                operation = operation.parameter(parameter);
            }
            let operation = operation
                .response(
                    "200",
                    ResponseBuilder::new()
                        .description("Tabellen: JSON (standard) eller CSV med format=csv eller format=excel.")
                        .content(
                            "application/json",
                            ContentBuilder::new().schema(Some(rows())).build(),
                        )
                        .content(
                            "text/csv",
                            ContentBuilder::new()
                                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                                .build(),
                        )
                        .build(),
                )
                .response(
                    "304",
                    ResponseBuilder::new()
                        .description("Oförändrad sedan If-None-Match (ETag) eller If-Modified-Since.")
                        .build(),
                )
                .response("400", error("Okänd parameter."))
                .response("401", error("Ingen giltig nyckel."))
                .response("404", error("Finns inte, eller får inte läsas med nyckeln."))
                .response("429", error("För många anrop."))
                .security(SecurityRequirement::new("api_key", Vec::<String>::new()))
                .build();
            openapi.paths.paths.insert(
                format!("/api/v1/rounds/{{round_id}}/{}", kind.key()),
                PathItem::new(HttpMethod::Get, operation),
            );
        }
    }
}

/// The description as JSON, made once.
pub fn json() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        ApiDoc::openapi()
            .to_pretty_json()
            .unwrap_or_else(|_| "{}".into())
    })
}

pub async fn document() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        json(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_and_round_path_is_described() {
        let doc: serde_json::Value = serde_json::from_str(json()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        assert!(paths.contains_key("/api/v1/rounds"));
        assert!(paths.contains_key("/api/v1/rounds/{round_id}"));
        for kind in TableKind::ALL {
            let path = format!("/api/v1/rounds/{{round_id}}/{}", kind.key());
            let get = &paths[&path]["get"];
            assert!(
                get["responses"]["200"]["content"]["text/csv"].is_object(),
                "{path}"
            );
            let names: Vec<&str> = get["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert_eq!(names, ["round_id", "format", "utkast", "kommun"], "{path}");
        }
        assert_eq!(paths.len(), 2 + TableKind::ALL.len());
        assert!(doc["components"]["securitySchemes"]["api_key"].is_object());
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    }
}
