//! The `nulage` command: serve the app, load demo data, and the administrative tasks.

use clap::Parser;
use nulage::cli::{Cli, Command};
use nulage::startup::{shutdown_signal, Application, Settings};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // --help and --version.
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            let rendered = error.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            let reason = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("nulage: fel: {reason} (se nulage --help)");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("kan inte starta: {error}")),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// `nulage move-data`: copies everything, then shows the row counts.
async fn move_data(from: &str, to: &str) -> Result<(), String> {
    if from.trim() == to.trim() {
        return Err("--from och --to är samma databas".into());
    }
    let source = app::db::Db::connect(from)
        .await
        .map_err(|e| format!("källan: {e}"))?;
    let target = app::db::Db::connect(to)
        .await
        .map_err(|e| format!("målet: {e}"))?;
    let result = source.copy_all_to(&target).await;
    source.close().await;
    target.close().await;
    let counts = result.map_err(|e| e.to_string())?;
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    for (table, n) in &counts {
        println!("{table:<24}{n:>10}");
    }
    println!(
        "Flyttade {total} rader från {} till {}; antalet stämmer i varje tabell.",
        app::db::redact(from),
        app::db::redact(to)
    );
    Ok(())
}

fn fail(message: &str) -> ExitCode {
    eprintln!("nulage: fel: {message}");
    ExitCode::FAILURE
}

async fn run(cli: Cli) -> Result<(), String> {
    nulage::telemetry::init(&cli.log_level, cli.log_format)?;
    match cli.command {
        None => serve(&cli, false).await,
        Some(Command::Serve { demo }) => serve(&cli, demo).await,
        Some(Command::Demo) => {
            // The demo round makes links, which are sealed with the server's key.
            let db = nulage::link_key::open(&cli.database_url, &cli.links.setting()).await?;
            let summary = nulage::demo::load(&db).await.map_err(|e| e.to_string())?;
            db.close().await;
            println!("{summary}");
            Ok(())
        }
        Some(Command::ImportRegistry { ref file, dry_run }) => {
            let db = app::db::Db::connect(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let result = nulage::import::import_from_cli(&db, file, dry_run).await;
            db.close().await;
            match result {
                Ok(report) => {
                    print!("{report}");
                    Ok(())
                }
                Err((report, message)) => {
                    print!("{report}");
                    Err(message)
                }
            }
        }
        Some(Command::Backup { ref file }) => {
            let db = app::db::Db::connect(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let result = db.backup_to(file).await;
            db.close().await;
            result.map_err(|e| e.to_string())?;
            println!("Säkerhetskopian är skriven: {}", file.display());
            println!(
                "Länknyckeln ingår inte i kopian ({}). Spara den för sig, skild från \
                 databasens kopior: utan den kan de personliga länkarna inte visas efter \
                 en återställning (svaren finns kvar, nya länkar kan skapas).",
                cli.links.setting().describe(&cli.database_url)
            );
            Ok(())
        }
        Some(Command::MoveData { ref from, ref to }) => move_data(from, to).await,
        Some(Command::Analyse {
            ref round,
            json,
            drafts,
        }) => {
            let db = app::db::Db::connect(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let result = nulage::analyse::run(&db, round, json, drafts).await;
            db.close().await;
            print!("{}", result?);
            Ok(())
        }
        Some(Command::Export {
            ref round,
            ref table,
            ref format,
            drafts,
            ref out,
        }) => {
            let db = app::db::Db::connect(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let result = nulage::export::command::run(
                &db,
                round,
                table.as_deref(),
                format,
                drafts,
                out.as_deref(),
            )
            .await;
            db.close().await;
            if let Some(message) = result? {
                eprintln!("{message}");
            }
            Ok(())
        }
        Some(Command::CreateAdmin {
            ref email,
            ref name,
        }) => {
            let base_url = cli.serve.public_base_url()?;
            let db = app::db::Db::connect(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let link = nulage::admin::create_admin(&db, email, name, &base_url).await;
            db.close().await;
            let (email, link) = link?;
            println!("Administratören {email} är klar.");
            println!("Öppna länken inom en timme och välj ett lösenord:");
            println!("{link}");
            Ok(())
        }
    }
}

async fn serve(cli: &Cli, demo: bool) -> Result<(), String> {
    let settings = Settings {
        bind: cli.serve.bind,
        database_url: cli.database_url.clone(),
        base_url: cli.serve.public_base_url()?,
        site_root: cli.serve.site_root.clone(),
        mail: nulage::mail::settings::from_args(&cli.mail)?,
        trusted_proxies: cli.serve.trusted_proxies.clone(),
        link_key: cli.links.setting(),
    };
    // Caught from here on: a stop during migrations or the demo load still
    // ends in a clean shutdown once the server is up.
    let shutdown = shutdown_signal();
    let app = Application::build(&settings)
        .await
        .map_err(|e| e.to_string())?;
    if demo {
        let summary = nulage::demo::load(app.db())
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(%summary, "demo data loaded");
    }
    let addr = app.local_addr();
    tracing::info!(%addr, base_url = %settings.base_url, "Nuläge is listening");
    println!("Nuläge körs på http://{addr}/ (stoppa med Ctrl-C)");
    app.run_until(shutdown)
        .await
        .map_err(|e| format!("servern stannade: {e}"))
}
