//! Signaal's server: serves the built app (Trunk's `dist/`) with strict security headers, and
//! a small JSON API through which a team's devices exchange end-to-end encrypted changes.

pub mod api;
pub mod backup;
pub mod config;
pub mod csp;
pub mod db;
pub mod error;
pub mod extract;
pub mod health;
pub mod proxy;
pub mod rate;
pub mod secret;
pub mod serve;
pub mod site;
pub mod teams;

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use config::{Command, Config, Limits, TeamRules};
use db::Db;
use error::ApiError;
use proxy::TrustedProxies;
use rate::{ClientNet, InFlight, RateLimiter};
use site::Site;
use teams::TeamPolicy;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub db: Db,
    pub limits: Limits,
    pub site: Site,
    pub per_ip: RateLimiter<ClientNet>,
    pub per_token: RateLimiter<[u8; 32]>,
    pub share_lookups: RateLimiter<ClientNet>,
    /// Parents' replies per client network and per link.
    pub reply_posts_per_ip: RateLimiter<ClientNet>,
    pub reply_posts_per_link: RateLimiter<String>,
    /// Pulls running per device id.
    pub pulls: InFlight<String>,
    /// Whose `X-Forwarded-For` names the client (see [`extract::client_ip`]).
    pub trusted_proxies: TrustedProxies,
    /// Who may start teams, how much a team may store, how long invites work.
    pub teams: TeamPolicy,
    /// `Strict-Transport-Security` for responses that went out over https through a trusted
    /// proxy; `None` when the operator turned it off.
    pub hsts: Option<HeaderValue>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(db: Db, limits: Limits, site: Site, trusted_proxies: TrustedProxies) -> Self {
        Self::with_teams(db, limits, site, trusted_proxies, TeamPolicy::default())
    }

    pub fn with_teams(
        db: Db,
        limits: Limits,
        site: Site,
        trusted_proxies: TrustedProxies,
        teams: TeamPolicy,
    ) -> Self {
        Self(Arc::new(Shared {
            per_ip: RateLimiter::new(limits.rate_per_ip, limits.burst_per_ip),
            per_token: RateLimiter::new(limits.rate_per_token, limits.burst_per_token),
            pulls: InFlight::new(limits.max_pulls_per_device),
            share_lookups: RateLimiter::new(
                limits.share_lookups_per_minute / 60.0,
                limits.share_lookups_per_minute.max(1.0) / 3.0,
            ),
            reply_posts_per_ip: per_hour(limits.replies_per_hour_per_ip),
            reply_posts_per_link: per_hour(limits.replies_per_hour_per_link),
            db,
            limits,
            site,
            trusted_proxies,
            teams,
            hsts: hsts_value(config::DEFAULT_HSTS_MAX_AGE),
        }))
    }

    /// HSTS with `max_age_secs` (0: none).
    pub fn with_hsts_max_age(mut self, max_age_secs: u64) -> Self {
        if let Some(shared) = Arc::get_mut(&mut self.0) {
            shared.hsts = hsts_value(max_age_secs);
        }
        self
    }

    pub fn check_rate<K: std::hash::Hash + Eq>(
        &self,
        limiter: &RateLimiter<K>,
        key: impl Into<K>,
    ) -> Result<(), ApiError> {
        limiter.check(key).map_err(|wait| ApiError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        })
    }
}

/// A limiter of `n` an hour that lets a quarter of them through at once (at least one).
fn per_hour<K: std::hash::Hash + Eq>(n: f64) -> RateLimiter<K> {
    RateLimiter::new(n / 3600.0, (n / 4.0).max(1.0))
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let limits = &state.limits;
    let api = api::router()
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), api_guard));
    // Small JSON answers are not worth compressing; images other than SVG are compressed already.
    let compress = SizeAbove::new(256)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE);
    Router::new()
        .nest("/api", api)
        .fallback(site::serve)
        .layer(CatchPanicLayer::custom(|_panic| {
            ApiError::Internal.into_response()
        }))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout(),
        ))
        .layer(CompressionLayer::new().compress_when(compress))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// For every API response: rate limit per IP, never cache, and JSON errors even from layers
/// that answer in plain text (body limit, timeout, panic).
async fn api_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let ip = extract::client_ip(
        request.extensions(),
        request.headers(),
        &state.trusted_proxies,
    );
    let mut response = match state.check_rate(&state.per_ip, ip) {
        Ok(()) => next.run(request).await,
        Err(err) => err.into_response(),
    };
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        response = ApiError::from_status(status).into_response();
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

const STATIC_SECURITY_HEADERS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    (
        "permissions-policy",
        "camera=(), geolocation=(), microphone=(), payment=(), usb=()",
    ),
];

fn hsts_value(max_age_secs: u64) -> Option<HeaderValue> {
    (max_age_secs > 0)
        .then(|| HeaderValue::from_str(&format!("max-age={max_age_secs}")).ok())
        .flatten()
}

/// Whether the request came over https, as a trusted proxy reports it.
fn forwarded_https(request: &Request, trusted: &proxy::TrustedProxies) -> bool {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    peer.is_some_and(|peer| trusted.forwarded_https(peer, request.headers()))
}

/// Whether the browser treats the page's origin as potentially trustworthy: https (`https`, as
/// a trusted proxy reports it) or a loopback host. Elsewhere a browser ignores COOP and logs an
/// error.
fn trustworthy_origin(request: &Request, https: bool) -> bool {
    if https {
        return true;
    }
    let Some(host) = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
    else {
        return true;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _port)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let https = forwarded_https(&request, &state.trusted_proxies);
    let trustworthy = trustworthy_origin(&request, https);
    // HSTS only where the browser got it over https (browsers ignore it on http anyway), and
    // only as a trusted proxy says: a plain-http deployment must not be told to be https.
    let hsts = state.hsts.clone().filter(|_| https);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in STATIC_SECURITY_HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if trustworthy {
        headers.insert(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        );
    }
    if let Some(hsts) = hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts);
    }
    // HTML pages carry the policy made from their own bytes; everything else the latest one.
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&state.site.policy()) {
            headers.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    response
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Starts the server and runs it until SIGTERM or Ctrl-C.
pub async fn run(config: Config) -> Result<(), StartError> {
    std::fs::create_dir_all(&config.data_dir).map_err(|source| StartError::DataDir {
        path: config.data_dir.display().to_string(),
        source,
    })?;
    let db = Db::connect(config.database_url.as_deref(), &config.data_dir).await?;
    let site = Site::new(config.dist.clone());
    if !site.is_built() {
        tracing::warn!(dist = %config.dist.display(), "the app is not built; pages answer 503 until it is");
    }
    let proxies = TrustedProxies::new(config.trusted_proxies.clone());
    if proxies.is_empty() {
        tracing::info!("no trusted proxy: X-Forwarded-For is ignored, clients are told apart by their connection's address");
    } else {
        tracing::info!(trusted_proxies = %proxies, "X-Forwarded-For is believed from these proxies only");
        if proxies.trusts_everyone() {
            tracing::warn!("every address is a trusted proxy: any client can choose the address it is rate limited by");
        }
    }
    let teams = TeamPolicy::new(&config.teams);
    log_team_rules(&teams);
    let state = AppState::with_teams(
        db.clone(),
        config.limits.clone(),
        site,
        proxies,
        teams.clone(),
    )
    .with_hsts_max_age(config.hsts_max_age);

    let addr = SocketAddr::new(config.host, config.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Bind { addr, source })?;
    let bound = listener
        .local_addr()
        .map_err(|source| StartError::Bind { addr, source })?;
    // Exactly one line on stdout: scripts and tests read the URL (and the real port) from it.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "Signaal: http://{bound}/").and_then(|()| stdout.flush());
    drop(stdout);
    tracing::info!(%bound, db = db.kind(), "listening");

    let purge = tokio::spawn(purge_expired_shares(db.clone()));
    let idle =
        (teams.idle_days > 0).then(|| tokio::spawn(remove_idle_teams(db.clone(), teams.clone())));
    let connections = serve::ConnectionLimits {
        header_read_timeout: config.limits.header_read_timeout(),
        max_connections: config.limits.max_connections,
    };
    serve::serve(listener, app(state), connections, shutdown_signal()).await;
    purge.abort();
    if let Some(idle) = idle {
        idle.abort();
    }
    db.close().await;
    Ok(())
}

/// Expired parent links are deleted when opened; this sweeps the ones nobody opens. Every
/// instance sweeps (on start, then every 10 minutes): with several on one PostgreSQL database
/// they delete the same rows at most once, as a DELETE of deleted rows deletes nothing.
async fn purge_expired_shares(db: Db) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        match db.purge_expired_shares(now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(count = n, "expired parent links deleted"),
            Err(err) => tracing::warn!(error = %err, "cannot delete expired parent links"),
        }
    }
}

fn log_team_rules(teams: &TeamPolicy) {
    let max_bytes = if teams.max_bytes == 0 {
        "unlimited".to_owned()
    } else {
        teams.max_bytes.to_string()
    };
    tracing::info!(
        signup = ?teams.signup,
        team_max_bytes = %max_bytes,
        invite_days = teams.invite_ms / teams::DAY_MS,
        "team rules"
    );
    if matches!(teams.signup, teams::Signup::Open) {
        tracing::info!("anyone who reaches this server can start a team (--team-signup open)");
    }
    if teams.idle_days == 0 {
        tracing::info!("idle teams are kept (--remove-idle-teams-after-days 0)");
    } else {
        tracing::info!(
            after_days = teams.idle_days,
            "teams whose devices are all unseen this long are deleted"
        );
    }
}

/// Deletes teams none of whose devices has been seen for `--remove-idle-teams-after-days`,
/// with their devices, changes and parent links. Every instance sweeps (on start, then every
/// hour); on one PostgreSQL database the same team is deleted once.
async fn remove_idle_teams(db: Db, teams: TeamPolicy) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        let now = now_ms();
        let Some(cutoff) = teams.idle_cutoff(now) else {
            return;
        };
        match db.remove_idle_teams(cutoff).await {
            Ok(removed) if removed.is_empty() => {}
            Ok(removed) => {
                let days = |at: i64| (now - at) / teams::DAY_MS;
                let newest = removed.iter().copied().max().unwrap_or(cutoff);
                let oldest = removed.iter().copied().min().unwrap_or(cutoff);
                tracing::info!(
                    count = removed.len(),
                    after_days = teams.idle_days,
                    idle_days_least = days(newest),
                    idle_days_most = days(oldest),
                    "idle teams deleted"
                );
            }
            Err(err) => tracing::warn!(error = %err, "cannot delete idle teams"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
