//! Command-line flags and environment: everything an operator can tune.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use ipnet::IpNet;
use signaal_core::wire::limits;

#[derive(Debug, Clone, Parser)]
// A repeated flag overrides the earlier one, so wrappers can append to a default command line.
#[command(name = "signaal-server", version, args_override_self = true)]
#[command(about = "Serves the Signaal app and its end-to-end encrypted sync API")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "SIGNAAL_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free one (the real port is printed).
    #[arg(long, env = "SIGNAAL_PORT", default_value_t = 8080, global = true)]
    pub port: u16,
    /// Directory for the embedded SQLite database (created on first run).
    #[arg(long, env = "SIGNAAL_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// Trunk's build output to serve.
    #[arg(long, env = "SIGNAAL_DIST", default_value = "./dist")]
    pub dist: PathBuf,
    /// `postgres://…` selects PostgreSQL; unset or empty selects SQLite in `--data-dir`.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, global = true)]
    pub database_url: Option<String>,
    /// A reverse proxy (address or CIDR range; repeatable, comma-separated in the environment)
    /// whose `X-Forwarded-For` names the client. Without one the header is ignored and clients
    /// are told apart (rate limits) by the address of their connection.
    #[arg(
        long = "trusted-proxy",
        value_name = "IP or CIDR",
        env = "SIGNAAL_TRUSTED_PROXY",
        value_delimiter = ',',
        value_parser = crate::proxy::parse_proxy
    )]
    pub trusted_proxies: Vec<IpNet>,
    /// `Strict-Transport-Security: max-age=SECS` on every answer that went out over https
    /// through a trusted proxy (never on plain http); 0 turns it off.
    #[arg(long, value_name = "SECS", env = "SIGNAAL_HSTS_MAX_AGE", default_value_t = DEFAULT_HSTS_MAX_AGE)]
    pub hsts_max_age: u64,
    #[command(flatten)]
    pub limits: Limits,
    /// Without a command: serve.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// One year: browsers then keep to https for a year after the last visit.
pub const DEFAULT_HSTS_MAX_AGE: u64 = 365 * 24 * 60 * 60;

/// What to do instead of serving.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Writes a consistent copy of the SQLite database in --data-dir to FILE, also while the
    /// server runs and writes (PostgreSQL: use pg_dump). To restore: stop the server, put FILE
    /// in place of signaal.db, delete signaal.db-wal and signaal.db-shm, start the server.
    Backup {
        /// The copy to write; it must not exist yet, its directory must.
        file: PathBuf,
    },
    /// Asks a running server `GET /api/health`: exits 0 if it answers 200 with `"status":"ok"`
    /// within 5 seconds, otherwise says why and exits 1 (for container health checks).
    Health {
        /// Default: http://127.0.0.1:<--port or SIGNAAL_PORT or 8080>/api/health.
        #[arg(long)]
        url: Option<String>,
    },
}

/// Request limits.
#[derive(Debug, Clone, clap::Args)]
pub struct Limits {
    /// Largest request body in bytes.
    #[arg(long, env = "SIGNAAL_MAX_BODY_BYTES", default_value_t = Limits::DEFAULT.max_body_bytes)]
    pub max_body_bytes: usize,
    /// Most changes in one push.
    #[arg(long, env = "SIGNAAL_MAX_BATCH", default_value_t = Limits::DEFAULT.max_batch)]
    pub max_batch: usize,
    /// Largest decoded ciphertext of one change, in bytes.
    #[arg(long, env = "SIGNAAL_MAX_CIPHERTEXT_BYTES", default_value_t = Limits::DEFAULT.max_ciphertext_bytes)]
    pub max_ciphertext_bytes: usize,
    /// Largest decoded ciphertext of a parent-link summary, in bytes.
    #[arg(long, env = "SIGNAAL_MAX_SHARE_BYTES", default_value_t = Limits::DEFAULT.max_share_bytes)]
    pub max_share_bytes: usize,
    /// Most changes in one pull page.
    #[arg(long, env = "SIGNAAL_MAX_PULL_LIMIT", default_value_t = Limits::DEFAULT.max_pull_limit)]
    pub max_pull_limit: u32,
    /// Seconds a request may take before it is answered with 408.
    #[arg(long, env = "SIGNAAL_REQUEST_TIMEOUT_SECS", default_value_t = Limits::DEFAULT.request_timeout_secs)]
    pub request_timeout_secs: u64,
    /// API requests per second per client IP (sustained; 0 = unlimited).
    #[arg(long, env = "SIGNAAL_RATE_PER_IP", default_value_t = Limits::DEFAULT.rate_per_ip)]
    pub rate_per_ip: f64,
    /// Burst of API requests per client IP.
    #[arg(long, env = "SIGNAAL_BURST_PER_IP", default_value_t = Limits::DEFAULT.burst_per_ip)]
    pub burst_per_ip: f64,
    /// Authenticated requests per second per device token (sustained; 0 = unlimited).
    #[arg(long, env = "SIGNAAL_RATE_PER_TOKEN", default_value_t = Limits::DEFAULT.rate_per_token)]
    pub rate_per_token: f64,
    /// Burst of authenticated requests per device token.
    #[arg(long, env = "SIGNAAL_BURST_PER_TOKEN", default_value_t = Limits::DEFAULT.burst_per_token)]
    pub burst_per_token: f64,
    /// Parent-link lookups per minute per client IP (0 = unlimited): slows down guessing.
    #[arg(long, env = "SIGNAAL_SHARE_LOOKUPS_PER_MINUTE", default_value_t = Limits::DEFAULT.share_lookups_per_minute)]
    pub share_lookups_per_minute: f64,
}

impl Limits {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs.max(1))
    }
}

impl Limits {
    /// The defaults (those announced to clients in `signaal_core::wire::limits`).
    pub const DEFAULT: Limits = Limits {
        max_body_bytes: limits::MAX_BODY_BYTES,
        max_batch: limits::MAX_BATCH,
        max_ciphertext_bytes: limits::MAX_CIPHERTEXT_BYTES,
        max_share_bytes: limits::MAX_SHARE_BYTES,
        max_pull_limit: limits::MAX_PULL_LIMIT,
        request_timeout_secs: 30,
        // A team's tablets often share one IP behind a school's NAT: be generous per IP, and
        // stricter per device.
        rate_per_ip: 100.0,
        burst_per_ip: 400.0,
        rate_per_token: 20.0,
        burst_per_token: 100.0,
        share_lookups_per_minute: 30.0,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, clap::Error> {
        Config::try_parse_from(std::iter::once("signaal-server").chain(args.iter().copied()))
    }

    #[test]
    fn trusted_proxies_repeat_and_split_on_commas() {
        let config = parse(&["--trusted-proxy", "127.0.0.1", "--trusted-proxy", "10.0.0.0/8,fd00::/8"]).unwrap();
        let listed: Vec<String> = config.trusted_proxies.iter().map(ToString::to_string).collect();
        assert_eq!(listed, ["127.0.0.1/32", "10.0.0.0/8", "fd00::/8"], "a repeated --trusted-proxy adds, it does not override");
        assert!(parse(&["--trusted-proxy", "10.0.0.1/8"]).is_err());
        assert!(parse(&["--trusted-proxy", "proxy.local"]).is_err());
        // Other repeated flags still override (wrappers append to a default command line).
        assert_eq!(parse(&["--port", "1", "--port", "2"]).unwrap().port, 2);
    }

    #[test]
    fn no_command_serves_and_commands_take_the_shared_flags_anywhere() {
        let serve = parse(&["--port", "0", "--data-dir", "d"]).unwrap();
        assert!(serve.command.is_none());
        for args in [
            &["--data-dir", "d", "backup", "copy.db"][..],
            &["backup", "copy.db", "--data-dir", "d"][..],
            &["backup", "--data-dir", "d", "copy.db"][..],
        ] {
            let config = parse(args).unwrap();
            assert_eq!(config.data_dir, PathBuf::from("d"), "{args:?}");
            assert!(matches!(&config.command, Some(Command::Backup { file }) if file == &PathBuf::from("copy.db")), "{args:?}");
        }
        assert!(parse(&["backup"]).is_err(), "backup needs a FILE");
        let health = parse(&["health", "--port", "9000"]).unwrap();
        assert_eq!(health.port, 9000);
        assert!(matches!(health.command, Some(Command::Health { url: None })));
        let health = parse(&["health", "--url", "http://[::1]:81/api/health"]).unwrap();
        assert!(matches!(health.command, Some(Command::Health { url: Some(u) }) if u == "http://[::1]:81/api/health"));
        assert!(parse(&["serve-me"]).is_err());
    }
}
