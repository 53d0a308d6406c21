use clap::Parser as _;
use signaal_server::Command;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Logs go to stderr: stdout carries only the URL line.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = signaal_server::Config::parse();
    let outcome = match config.command.clone() {
        None => signaal_server::run(config)
            .await
            .map_err(|err| err.to_string()),
        Some(Command::Backup { file }) => {
            match signaal_server::backup::backup(
                config.database_url.as_deref(),
                &config.data_dir,
                &file,
            )
            .await
            {
                Ok(done) => {
                    println!(
                        "backup written: {} ({} bytes, {} teams, {} changes)",
                        done.file.display(),
                        done.bytes,
                        done.teams,
                        done.changes
                    );
                    Ok(())
                }
                Err(err) => Err(err.to_string()),
            }
        }
        Some(Command::Health { url }) => {
            let url = url.unwrap_or_else(|| signaal_server::health::default_url(config.port));
            signaal_server::health::check(&url)
                .await
                .map(|body| println!("healthy: {body}"))
        }
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("signaal-server: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
