//! Builds the application: database, router, listener; and runs it until shutdown.

use crate::access::{access, AccessState};
use crate::routes;
use app::assets::AssetNames;
use app::auth::server::AuthConfig;
use app::components::vouched::MessageSigner;
use app::components::FormEcho;
use app::db::{ConnectError, Db};
use app::rounds::respondent_api::Posted;
use app::{shell, App};
use axum::response::Response;
use axum::Router;
use http::header::{HeaderName, HeaderValue};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// What the server needs to start.
#[derive(Clone, Debug)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: String,
    /// Public base URL without a trailing slash, used in links sent to people.
    pub base_url: String,
    pub site_root: String,
    /// SMTP and the send queue's timing; the default sends nothing.
    pub mail: crate::mail::MailSettings,
    /// Reverse proxies whose forwarding headers name the client (none: the
    /// connection's address is the client's).
    pub trusted_proxies: crate::client_addr::TrustedProxies,
    /// The key that seals personal links: NULAGE_LINK_KEY, or its file
    /// (made on first start). Every instance on one database needs the same.
    pub link_key: crate::link_key::KeySetting,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] ConnectError),
    #[error("kan inte lyssna på {addr}: {reason}")]
    Bind { addr: SocketAddr, reason: String },
    #[error("kan inte lägga in standardenkäten: {0}")]
    Seed(app::db::DbError),
    #[error("e-post: {0}")]
    Mail(String),
    #[error("kan inte läsa serverns nyckel ur databasen: {0}")]
    Secret(app::db::DbError),
    #[error("{0}")]
    LinkKey(String),
}

/// Requests larger than this are refused before they reach a handler.
const MAX_BODY_BYTES: usize = 256 * 1024;

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Db,
    /// Sends the queued mail while the server runs (None without SMTP).
    mail_worker: Option<crate::mail::worker::Worker>,
    /// Runs the reminder plans while mail is sent: (base URL, the worker's wake).
    plans: Option<(String, Arc<tokio::sync::Notify>)>,
}

impl Application {
    pub async fn build(settings: &Settings) -> Result<Application, StartError> {
        let db = Db::connect(&settings.database_url).await?;
        // Right after the migrations: links still stored in plain text are
        // sealed before anything reads them.
        let db = crate::link_key::attach(db, &settings.database_url, &settings.link_key)
            .await
            .map_err(StartError::LinkKey)?;
        app::questionnaire::ensure_builtin(&db)
            .await
            .map_err(StartError::Seed)?;
        let listener = TcpListener::bind(settings.bind)
            .await
            .map_err(|e| StartError::Bind {
                addr: settings.bind,
                reason: bind_reason(&e),
            })?;
        let wake = Arc::new(tokio::sync::Notify::new());
        let mail_worker =
            crate::mail::worker::prepare(db.clone(), settings.mail.clone(), wake.clone())
                .map_err(StartError::Mail)?;
        let mail = app::mail::MailConfig {
            enabled: mail_worker.is_some(),
            from: settings
                .mail
                .smtp
                .as_ref()
                .map(|smtp| smtp.from.to_string())
                .unwrap_or_default(),
            rate_per_minute: settings.mail.rate_per_minute,
            base_url: settings.base_url.clone(),
            wake,
        };
        let signer = MessageSigner::new(
            db.secret("form_messages")
                .await
                .map_err(StartError::Secret)?
                .into_bytes(),
        );
        let plans = mail
            .enabled
            .then(|| (mail.base_url.clone(), mail.wake.clone()));
        let router = router(settings, db.clone(), mail, signer);
        Ok(Application {
            listener,
            router,
            db,
            mail_worker,
            plans,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves (and sends queued mail) until `shutdown` completes, lets
    /// in-flight requests and the mail being sent finish, then closes the database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let plans = self.plans.map(|(base_url, wake)| {
            crate::mail::scheduler::spawn(
                self.db.clone(),
                base_url,
                wake,
                crate::mail::scheduler::EVERY,
                stopped.clone(),
            )
        });
        let worker = self.mail_worker.map(|worker| worker.spawn(stopped));
        let shutdown = async move {
            shutdown.await;
            // The worker stops claiming at once, while requests finish.
            let _ = stop.send(true);
        };
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        // Without TCP_NODELAY a small response on a reused connection waits
        // for the client's delayed acknowledgement (about 40 ms).
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::debug!(%error, "TCP_NODELAY not set");
            }
        });
        let result = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        if let Some(worker) = worker {
            if let Err(error) = worker.await {
                tracing::error!(%error, "mail worker ended abnormally");
            }
        }
        if let Some(plans) = plans {
            if let Err(error) = plans.await {
                tracing::error!(%error, "reminder plan scheduler ended abnormally");
            }
        }
        self.db.close().await;
        tracing::info!("database closed");
        result
    }
}

fn bind_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::AddrInUse => "adressen används redan av ett annat program".into(),
        std::io::ErrorKind::PermissionDenied => "behörighet saknas för porten".into(),
        std::io::ErrorKind::AddrNotAvailable => "adressen finns inte på den här datorn".into(),
        _ => error.to_string(),
    }
}

fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("nulage")
        .site_root(settings.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(settings.bind)
        .build()
}

/// The app's routes, generated once per process. Generating them sets a
/// process-wide Leptos flag that leaves any resource first polled meanwhile
/// pending forever (leptos-rs/leptos#4773), so it must never overlap a render,
/// such as another server in the same process (integration tests).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Renders the app for a request outside the Leptos routes (a respondent's
/// form post), with the post's outcome in context.
pub type Renderer = Arc<
    dyn Fn(
            axum::extract::Request,
            Option<Posted>,
            Option<FormEcho>,
        ) -> Pin<Box<dyn Future<Output = Response> + Send>>
        + Send
        + Sync,
>;

fn renderer(
    options: LeptosOptions,
    db: Db,
    auth_config: AuthConfig,
    mail: app::mail::MailConfig,
    signer: MessageSigner,
    assets: Arc<AssetNames>,
) -> Renderer {
    Arc::new(move |request, posted, echo| {
        let (db, auth_config, options, mail, signer, assets) = (
            db.clone(),
            auth_config.clone(),
            options.clone(),
            mail.clone(),
            signer.clone(),
            assets.clone(),
        );
        let handler = leptos_axum::render_app_async_with_context(
            move || {
                provide_context(db.clone());
                provide_context(auth_config.clone());
                provide_context(mail.clone());
                provide_context(signer.clone());
                provide_context((*assets).clone());
                if let Some(posted) = posted.clone() {
                    provide_context(posted);
                }
                if let Some(echo) = echo.clone() {
                    provide_context(echo);
                }
            },
            move || shell(options.clone()),
        );
        Box::pin(async move { handler(request).await })
    })
}

fn router(
    settings: &Settings,
    db: Db,
    mail: app::mail::MailConfig,
    signer: MessageSigner,
) -> Router {
    let options = leptos_options(settings);
    let assets = Arc::new(crate::assets::names(&settings.site_root));
    let routes = route_list();
    let auth_config = AuthConfig {
        base_url: settings.base_url.clone(),
    };
    let render = renderer(
        options.clone(),
        db.clone(),
        auth_config.clone(),
        mail.clone(),
        signer.clone(),
        assets.clone(),
    );
    let form_posts = crate::form_posts::FormPosts {
        render: render.clone(),
        public_origin: origin_of(&settings.base_url),
    };
    let respond_state = crate::respond::RespondState {
        db: db.clone(),
        render,
        mail: mail.clone(),
    };
    let context_db = db.clone();
    let context_signer = signer.clone();
    let context_assets = assets.clone();
    let context = move || {
        provide_context(context_db.clone());
        provide_context(auth_config.clone());
        provide_context(mail.clone());
        provide_context(context_signer.clone());
        provide_context((*context_assets).clone());
    };
    let access_state = AccessState {
        public_origin: origin_of(&settings.base_url),
        db: db.clone(),
        trusted_proxies: settings.trusted_proxies.clone(),
    };

    let pages = Router::new()
        .merge(routes::router(db.clone()))
        .leptos_routes_with_context(&options, routes, context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        // The browser files, compressed once when they were built; a file
        // that is not there is a plain 404.
        .nest_service(
            "/pkg",
            ServeDir::new(std::path::Path::new(&settings.site_root).join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context(
            {
                let signer = signer.clone();
                let assets = assets.clone();
                move || {
                    provide_context(signer.clone());
                    provide_context((*assets).clone());
                }
            },
            shell,
        ))
        .with_state(options)
        .layer(axum::middleware::from_fn_with_state(
            form_posts,
            crate::form_posts::form_posts,
        ))
        .layer(axum::middleware::from_fn_with_state(
            assets.clone(),
            crate::assets::island_script,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES));

    // The upload route has its own, larger limit; everything else keeps the small one.
    Router::new()
        .merge(crate::import::router(db.clone()))
        .merge(crate::questionnaires::router(db.clone(), signer.clone()))
        .merge(crate::export::router(db.clone()))
        .merge(crate::api::router(db.clone()))
        .merge(crate::mail::merge::router(db, settings.base_url.clone()))
        .merge(crate::project_reports::router(respond_state.clone()).layer(
            axum::middleware::from_fn_with_state(assets.clone(), crate::assets::island_script),
        ))
        .merge(
            crate::respond::router(respond_state).layer(axum::middleware::from_fn_with_state(
                assets.clone(),
                crate::assets::island_script,
            )),
        )
        .merge(pages)
        .layer(axum::middleware::from_fn_with_state(
            assets,
            crate::assets::cache_policy,
        ))
        .layer(axum::middleware::from_fn_with_state(access_state, access))
        // Size refusals in Swedish, whichever limit made them.
        .layer(axum::middleware::map_response(crate::limits::in_swedish))
        .layer(axum::middleware::from_fn_with_state(
            signer,
            crate::access::sign_form_errors,
        ))
        .layer(axum::middleware::from_fn(crate::access::response_policy))
        // Pages set the policy with their own nonce; every other response
        // (downloads, redirects, errors) gets it without one.
        .layer(SetResponseHeaderLayer::if_not_present(
            http::header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&app::csp::content_security_policy(None))
                .expect("the policy is a valid header value"),
        ))
        .layer(security_header("x-content-type-options", "nosniff"))
        .layer(security_header("x-frame-options", "DENY"))
        // Personal answer links carry their token in the path: never send it to
        // another site. Same-origin referers stay, as form posts without
        // JavaScript are redirected back to them.
        .layer(security_header("referrer-policy", "same-origin"))
        // Brotli or gzip, as the browser accepts: pages, JSON, CSS,
        // JavaScript and CSV (streamed downloads too, as they are written).
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                // Brotli's default is its slowest, best level: far too slow
                // for a response made for each request.
                .quality(CompressionLevel::Precise(4))
                // A workbook is a zip file already.
                // The WASM bundle is left to be compressed once, at build
                // time: compressing megabytes for every request would delay
                // every page's start.
                .compress_when(
                    DefaultPredicate::new()
                        .and(NotForContentType::const_new(
                            "application/vnd.openxmlformats",
                        ))
                        .and(NotForContentType::const_new("application/wasm")),
                ),
        )
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::extract::Request| {
                let id = request
                    .extensions()
                    .get::<app::components::RequestId>()
                    .map(|id| id.0.clone())
                    .unwrap_or_default();
                // Not the URI: personal links carry their token in it. At
                // level info, so that every line logged for a request names
                // it by the reference an error page shows.
                tracing::info_span!(
                    "request",
                    request_id = %id,
                    method = %request.method(),
                    path = %crate::access::loggable_path(request.uri().path()),
                )
            }),
        )
        // Outside the trace layer: the span is made with the id in place.
        .layer(axum::middleware::map_request(
            |mut request: axum::extract::Request| async move {
                request
                    .extensions_mut()
                    .insert(app::components::RequestId::new());
                request
            },
        ))
}

/// `https://host:port` of a URL, without its path.
fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            format!("{scheme}://{}", rest.split('/').next().unwrap_or_default())
        }
        None => url.to_string(),
    }
}

fn security_header(name: &'static str, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    )
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM. The signals are caught from the
/// moment this is called, not from the first poll, so a stop that comes
/// while the server is still starting still shuts it down cleanly.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let caught = {
        use tokio::signal::unix::{signal, SignalKind};
        (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        )
    };
    async move {
        #[cfg(unix)]
        match caught {
            (Ok(mut interrupt), Ok(mut terminate)) => {
                tokio::select! {
                    _ = interrupt.recv() => {},
                    _ = terminate.recv() => {},
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down: finishing requests in flight");
    }
}
