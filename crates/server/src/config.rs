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
    #[arg(
        long,
        env = "SIGNAAL_DATA_DIR",
        default_value = "./data",
        global = true
    )]
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
    #[command(flatten)]
    pub teams: TeamRules,
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
    /// Most decoded ciphertext bytes in one pull page (at least one change is always sent).
    #[arg(long, env = "SIGNAAL_MAX_PULL_BYTES", default_value_t = Limits::DEFAULT.max_pull_bytes)]
    pub max_pull_bytes: usize,
    /// Pulls one device may have running at once; more are answered 429.
    #[arg(long, env = "SIGNAAL_MAX_PULLS_PER_DEVICE", default_value_t = Limits::DEFAULT.max_pulls_per_device)]
    pub max_pulls_per_device: usize,
    /// Seconds a request may take before it is answered with 408.
    #[arg(long, env = "SIGNAAL_REQUEST_TIMEOUT_SECS", default_value_t = Limits::DEFAULT.request_timeout_secs)]
    pub request_timeout_secs: u64,
    /// Seconds a client may take to send a request's headers (slow clients are cut off).
    #[arg(long, env = "SIGNAAL_HEADER_READ_TIMEOUT_SECS", default_value_t = Limits::DEFAULT.header_read_timeout_secs)]
    pub header_read_timeout_secs: u64,
    /// Most connections served at once; more wait in the accept queue.
    #[arg(long, env = "SIGNAAL_MAX_CONNECTIONS", default_value_t = Limits::DEFAULT.max_connections)]
    pub max_connections: usize,
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
    /// Parents' replies per hour per client IP (0 = unlimited); a quarter may come at once.
    #[arg(long, env = "SIGNAAL_REPLIES_PER_HOUR_PER_IP", default_value_t = Limits::DEFAULT.replies_per_hour_per_ip)]
    pub replies_per_hour_per_ip: f64,
    /// Parents' replies per hour per parent link (0 = unlimited); a quarter may come at once.
    #[arg(long, env = "SIGNAAL_REPLIES_PER_HOUR_PER_LINK", default_value_t = Limits::DEFAULT.replies_per_hour_per_link)]
    pub replies_per_hour_per_link: f64,
}

/// Who may start a team on this server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignupMode {
    /// Anyone who reaches the server.
    Open,
    /// Nobody: existing teams keep working and invite devices as before.
    Closed,
    /// Whoever knows `--team-signup-code`.
    Code,
}

/// The smallest sign-up code accepted: it is guessed only at the per-IP rate limit, but a
/// handful of characters would still be too few.
pub const MIN_SIGNUP_CODE_CHARS: usize = 8;

fn parse_signup_code(text: &str) -> Result<String, String> {
    let code = text.trim();
    if code.chars().count() < MIN_SIGNUP_CODE_CHARS {
        return Err(format!(
            "the sign-up code must be at least {MIN_SIGNUP_CODE_CHARS} characters"
        ));
    }
    Ok(code.to_owned())
}

/// Rules for teams on a server many teams may share: who may start one, how much one may
/// store, when an abandoned one is removed, and how long an invite works.
#[derive(Debug, Clone, clap::Args)]
pub struct TeamRules {
    /// Who may start a team: `open` (anyone), `closed` (nobody; existing teams carry on) or
    /// `code` (whoever knows --team-signup-code).
    #[arg(long, env = "SIGNAAL_TEAM_SIGNUP", value_enum, default_value_t = SignupMode::Open)]
    pub team_signup: SignupMode,
    /// The code a device must give to start a team with `--team-signup code` (at least 8
    /// characters; the server keeps only its hash).
    #[arg(
        long,
        env = "SIGNAAL_TEAM_SIGNUP_CODE",
        hide_env_values = true,
        value_parser = parse_signup_code,
        required_if_eq("team_signup", "code")
    )]
    pub team_signup_code: Option<String>,
    /// Most bytes of changes (ciphertext and nonce) one team may store; a push beyond it is
    /// refused whole with 507 (0 = unlimited).
    #[arg(long, env = "SIGNAAL_TEAM_MAX_BYTES", default_value_t = TeamRules::DEFAULT_MAX_BYTES)]
    pub team_max_bytes: u64,
    /// Deletes a team, with its devices, changes and parent links, once none of its devices has
    /// been seen for this many days (0 = never).
    #[arg(
        long,
        env = "SIGNAAL_REMOVE_IDLE_TEAMS_AFTER_DAYS",
        default_value_t = 0
    )]
    pub remove_idle_teams_after_days: u32,
    /// Days an invite works after it was made; an admin renews it by making a new one.
    #[arg(long, env = "SIGNAAL_INVITE_DAYS", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub invite_days: u32,
}

impl TeamRules {
    pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;
}

impl Default for TeamRules {
    fn default() -> Self {
        Self {
            team_signup: SignupMode::Open,
            team_signup_code: None,
            team_max_bytes: Self::DEFAULT_MAX_BYTES,
            remove_idle_teams_after_days: 0,
            invite_days: 14,
        }
    }
}

impl Limits {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs.max(1))
    }

    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_secs(self.header_read_timeout_secs.max(1))
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
        max_pull_bytes: limits::MAX_PULL_BYTES,
        // The app pulls one page at a time; two leaves room for a second tab.
        max_pulls_per_device: 2,
        request_timeout_secs: 30,
        header_read_timeout_secs: 10,
        // Far above what a team's tablets open (a few each), far below the default limit of
        // open files (1024 would be reached by sockets plus the database first).
        max_connections: 768,
        // A team's tablets often share one IP behind a school's NAT: be generous per IP, and
        // stricter per device.
        rate_per_ip: 100.0,
        burst_per_ip: 400.0,
        rate_per_token: 20.0,
        burst_per_token: 100.0,
        share_lookups_per_minute: 30.0,
        // A parent writes now and then; a school's NAT holds many parents.
        replies_per_hour_per_ip: 60.0,
        replies_per_hour_per_link: 20.0,
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
        let config = parse(&[
            "--trusted-proxy",
            "127.0.0.1",
            "--trusted-proxy",
            "10.0.0.0/8,fd00::/8",
        ])
        .unwrap();
        let listed: Vec<String> = config
            .trusted_proxies
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            listed,
            ["127.0.0.1/32", "10.0.0.0/8", "fd00::/8"],
            "a repeated --trusted-proxy adds, it does not override"
        );
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
            assert!(
                matches!(&config.command, Some(Command::Backup { file }) if file == &PathBuf::from("copy.db")),
                "{args:?}"
            );
        }
        assert!(parse(&["backup"]).is_err(), "backup needs a FILE");
        let health = parse(&["health", "--port", "9000"]).unwrap();
        assert_eq!(health.port, 9000);
        assert!(matches!(
            health.command,
            Some(Command::Health { url: None })
        ));
        let health = parse(&["health", "--url", "http://[::1]:81/api/health"]).unwrap();
        assert!(
            matches!(health.command, Some(Command::Health { url: Some(u) }) if u == "http://[::1]:81/api/health")
        );
        assert!(parse(&["serve-me"]).is_err());
    }

    #[test]
    fn team_rules_default_to_open_and_code_needs_a_code() {
        let config = parse(&[]).unwrap();
        assert_eq!(config.teams.team_signup, SignupMode::Open);
        assert_eq!(config.teams.team_max_bytes, 256 * 1024 * 1024);
        assert_eq!(
            (
                config.teams.remove_idle_teams_after_days,
                config.teams.invite_days
            ),
            (0, 14)
        );
        assert!(
            parse(&["--team-signup", "code"]).is_err(),
            "code mode without a code"
        );
        assert!(parse(&["--team-signup", "code", "--team-signup-code", "short"]).is_err());
        let code = parse(&[
            "--team-signup",
            "code",
            "--team-signup-code",
            " long enough ",
        ])
        .unwrap();
        assert_eq!(code.teams.team_signup_code.as_deref(), Some("long enough"));
        assert_eq!(
            parse(&["--team-signup", "closed"])
                .unwrap()
                .teams
                .team_signup,
            SignupMode::Closed
        );
        assert!(parse(&["--team-signup", "maybe"]).is_err());
        assert!(parse(&["--invite-days", "0"]).is_err());
    }
}
