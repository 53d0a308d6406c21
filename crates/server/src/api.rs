//! The JSON API under `/api/`: health, teams and devices, sync push/pull, parent links.
//! Shapes are in `signaal_core::wire`.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use signaal_core::clock::{check_skew, Hlc};
use signaal_core::wire::{self, limits};
use uuid::Uuid;

use crate::db::{
    Joined, NewChange, Pushed, ReplyAuth, ReplyPut, ReplyRow, SharePut, ShareRow, TeamChange,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{bearer, client_ip, ApiJson, ApiPath, ApiQuery, Device};
use crate::{now_ms, secret, AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/teams", post(create_team))
        .route("/teams/{team}/devices", post(join_team).get(list_devices))
        .route("/teams/{team}/devices/{device}", delete(remove_device))
        .route(
            "/teams/{team}/devices/{device}/admin",
            post(make_admin).delete(revoke_admin),
        )
        .route("/teams/{team}/invite", post(rotate_invite))
        .route("/sync/push", post(push))
        .route("/sync/pull", get(pull))
        .route(
            "/shares/{id}",
            put(put_share).get(open_share).delete(revoke_share),
        )
        .route("/shares/{id}/status", get(share_status))
        .route("/shares/{id}/replies", post(post_reply))
        .route("/shares/{id}/replies/{reply}", get(reply_status))
        .route("/replies", get(team_replies))
        .route("/replies/{id}/{reply}", delete(confirm_reply))
        .fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
}

async fn health(State(state): State<AppState>) -> ApiResult<Json<wire::Health>> {
    state.db.ping().await?;
    Ok(Json(wire::Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        db: state.db.kind().into(),
    }))
}

fn check_label(label: Option<String>) -> ApiResult<Option<String>> {
    let label = label.map(|l| l.trim().to_owned()).filter(|l| !l.is_empty());
    if let Some(l) = &label {
        if l.chars().count() > limits::MAX_LABEL_CHARS || l.chars().any(char::is_control) {
            return Err(ApiError::Invalid(format!(
                "device_label must be at most {} characters without control characters",
                limits::MAX_LABEL_CHARS
            )));
        }
    }
    Ok(label)
}

async fn create_team(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<wire::CreateTeamRequest>,
) -> ApiResult<(StatusCode, Json<wire::CreateTeamResponse>)> {
    state.teams.signup.check(body.signup_code.as_deref())?;
    let label = check_label(body.device_label)?;
    let (team_id, device_id) = (secret::new_uuid()?, secret::new_uuid()?);
    let (device_token, invite_secret) = (secret::new_secret()?, secret::new_secret()?);
    let now = now_ms();
    let invite_expires_at = state.teams.invite_expiry(now);
    state
        .db
        .create_team(
            &team_id.to_string(),
            &secret::hash(&invite_secret),
            invite_expires_at,
            &device_id.to_string(),
            &secret::hash(&device_token),
            label.as_deref(),
            now,
        )
        .await?;
    tracing::info!(%team_id, "team created");
    let invite_expires_at = Some(invite_expires_at);
    Ok((
        StatusCode::CREATED,
        Json(wire::CreateTeamResponse {
            team_id,
            device_id,
            device_token,
            invite_secret,
            invite_expires_at,
        }),
    ))
}

fn parse_uuid(text: &str, what: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(text).map_err(|_| ApiError::NotFound(format!("no such {what}")))
}

async fn join_team(
    State(state): State<AppState>,
    ApiPath(team): ApiPath<String>,
    ApiJson(body): ApiJson<wire::JoinTeamRequest>,
) -> ApiResult<(StatusCode, Json<wire::JoinTeamResponse>)> {
    let invalid =
        || ApiError::Forbidden("this invite is not valid (any more); ask for a new one".into());
    let team_id = Uuid::parse_str(&team).map_err(|_| invalid())?;
    if !secret::looks_like_secret(&body.invite_secret) {
        return Err(invalid());
    }
    let label = check_label(body.device_label)?;
    let (device_id, device_token) = (secret::new_uuid()?, secret::new_secret()?);
    let joined = state
        .db
        .join_team(
            &team_id.to_string(),
            &secret::hash(&body.invite_secret),
            &device_id.to_string(),
            &secret::hash(&device_token),
            label.as_deref(),
            now_ms(),
        )
        .await?;
    let invite_expires_at = match joined {
        Joined::Yes { invite_expires_at } => invite_expires_at,
        // Only a holder of the current secret learns that it has expired.
        Joined::Expired => {
            return Err(ApiError::denied(
                StatusCode::FORBIDDEN,
                "invite_expired",
                "this invite has expired; ask an admin of the team for a new one",
            ))
        }
        Joined::No => return Err(invalid()),
    };
    tracing::info!(%team_id, %device_id, "device joined");
    let invite_expires_at = Some(invite_expires_at);
    Ok((
        StatusCode::CREATED,
        Json(wire::JoinTeamResponse {
            team_id,
            device_id,
            device_token,
            invite_expires_at,
        }),
    ))
}

/// The team in the path, if it is the device's own.
fn own_team(device: &Device, team: &str) -> ApiResult<()> {
    let team_id = parse_uuid(team, "team")?;
    if team_id.to_string() == device.0.team_id {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "this device belongs to another team".into(),
        ))
    }
}

async fn list_devices(
    State(state): State<AppState>,
    device: Device,
    ApiPath(team): ApiPath<String>,
) -> ApiResult<Json<wire::DeviceList>> {
    own_team(&device, &team)?;
    let rows = state.db.list_devices(&device.0.team_id).await?;
    let invite_expires_at = state.db.invite_expires_at(&device.0.team_id).await?;
    let devices = rows
        .into_iter()
        .map(|row| {
            Ok(wire::DeviceInfo {
                device_id: stored_uuid(&row.device_id)?,
                this_device: row.device_id == device.0.device_id,
                label: row.label,
                created_at: row.created_at,
                last_seen_at: row.last_seen_at,
                is_admin: row.is_admin,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Json(wire::DeviceList {
        devices,
        invite_expires_at,
    }))
}

fn admin_only() -> ApiError {
    ApiError::denied(
        StatusCode::FORBIDDEN,
        "admin_only",
        "only an admin of the team may do this",
    )
}

fn last_admin() -> ApiError {
    ApiError::denied(
        StatusCode::CONFLICT,
        "last_admin",
        "this is the team's last admin; make another device admin first",
    )
}

/// What a refused change to the team's devices answers.
fn team_change(outcome: TeamChange) -> ApiResult<()> {
    match outcome {
        TeamChange::Done => Ok(()),
        TeamChange::AdminOnly => Err(admin_only()),
        TeamChange::LastAdmin => Err(last_admin()),
        TeamChange::NotFound => Err(ApiError::NotFound("no such device in this team".into())),
    }
}

async fn remove_device(
    State(state): State<AppState>,
    device: Device,
    ApiPath((team, target)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    own_team(&device, &team)?;
    let target = parse_uuid(&target, "device")?.to_string();
    let leaving = target == device.0.device_id;
    // Removing another device rotates the invite, which the removed device knew.
    let invite_secret = secret::new_secret()?;
    let invite_expires_at = state.teams.invite_expiry(now_ms());
    let outcome = state
        .db
        .remove_device(
            &device.0.team_id,
            &device.0.device_id,
            &target,
            (&secret::hash(&invite_secret), invite_expires_at),
        )
        .await?;
    team_change(outcome)?;
    if leaving {
        tracing::info!(team_id = %device.0.team_id, device_id = %target, "device left");
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    tracing::info!(team_id = %device.0.team_id, device_id = %target, by = %device.0.device_id, "device removed, invite rotated");
    Ok(Json(wire::InviteResponse {
        invite_secret,
        invite_expires_at: Some(invite_expires_at),
    })
    .into_response())
}

async fn set_admin(
    state: &AppState,
    device: &Device,
    team: &str,
    target: &str,
    admin: bool,
) -> ApiResult<StatusCode> {
    own_team(device, team)?;
    let target = parse_uuid(target, "device")?.to_string();
    team_change(
        state
            .db
            .set_admin(&device.0.team_id, &device.0.device_id, &target, admin)
            .await?,
    )?;
    tracing::info!(team_id = %device.0.team_id, device_id = %target, admin, by = %device.0.device_id, "admin changed");
    Ok(StatusCode::NO_CONTENT)
}

async fn make_admin(
    State(state): State<AppState>,
    device: Device,
    ApiPath((team, target)): ApiPath<(String, String)>,
) -> ApiResult<StatusCode> {
    set_admin(&state, &device, &team, &target, true).await
}

async fn revoke_admin(
    State(state): State<AppState>,
    device: Device,
    ApiPath((team, target)): ApiPath<(String, String)>,
) -> ApiResult<StatusCode> {
    set_admin(&state, &device, &team, &target, false).await
}

async fn rotate_invite(
    State(state): State<AppState>,
    device: Device,
    ApiPath(team): ApiPath<String>,
) -> ApiResult<Json<wire::InviteResponse>> {
    own_team(&device, &team)?;
    let invite_secret = secret::new_secret()?;
    let invite_expires_at = state.teams.invite_expiry(now_ms());
    let team_id = &device.0.team_id;
    if !state
        .db
        .rotate_invite(
            team_id,
            &device.0.device_id,
            &secret::hash(&invite_secret),
            invite_expires_at,
        )
        .await?
    {
        return Err(admin_only());
    }
    Ok(Json(wire::InviteResponse {
        invite_secret,
        invite_expires_at: Some(invite_expires_at),
    }))
}

/// Decodes standard base64 and checks the decoded length.
fn decode_b64(text: &str, field: &str, min: usize, max: usize) -> ApiResult<Vec<u8>> {
    // Reject before decoding: base64 is 4/3 of the bytes.
    if text.len() > max.div_ceil(3) * 4 + 4 {
        return Err(ApiError::PayloadTooLarge(format!(
            "{field} is larger than {max} bytes"
        )));
    }
    let bytes = STANDARD.decode(text).map_err(|e| {
        ApiError::Invalid(format!(
            "{field} is not valid base64 (standard alphabet, padded): {e}"
        ))
    })?;
    if bytes.len() > max {
        return Err(ApiError::PayloadTooLarge(format!(
            "{field} is larger than {max} bytes"
        )));
    }
    if bytes.len() < min {
        return Err(ApiError::Invalid(format!(
            "{field} must be at least {min} bytes"
        )));
    }
    Ok(bytes)
}

fn check_clock(clock: &str, now: i64) -> ApiResult<()> {
    if clock.is_empty()
        || clock.len() > limits::MAX_CLOCK_LEN
        || !clock.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(ApiError::Invalid(format!(
            "clock must be 1 to {} printable ASCII characters",
            limits::MAX_CLOCK_LEN
        )));
    }
    // The clock is otherwise opaque here; one in the app's own form is held to the allowed skew,
    // so a device with a wrong date learns it at once instead of winning every merge.
    if let Ok(stamp) = clock.parse::<Hlc>() {
        check_skew(stamp, u64::try_from(now).unwrap_or(0))
            .map_err(|ahead| ApiError::ClockAhead(ahead.to_string()))?;
    }
    Ok(())
}

fn to_seq(seq: i64) -> wire::Seq {
    wire::Seq::try_from(seq).unwrap_or_default()
}

async fn push(
    State(state): State<AppState>,
    device: Device,
    ApiJson(body): ApiJson<wire::PushRequest>,
) -> ApiResult<Json<wire::PushResponse>> {
    let max_batch = state.limits.max_batch;
    if body.changes.len() > max_batch {
        return Err(ApiError::PayloadTooLarge(format!(
            "{} changes in one push; at most {max_batch} are accepted, send the rest in another batch",
            body.changes.len()
        )));
    }
    let max_ciphertext = state.limits.max_ciphertext_bytes;
    let now = now_ms();
    let changes = body
        .changes
        .iter()
        .map(|c| {
            check_clock(&c.clock, now)?;
            Ok(NewChange {
                change_id: c.change_id.to_string(),
                record_id: c.record_id.to_string(),
                clock: c.clock.clone(),
                nonce: decode_b64(&c.nonce, "nonce", limits::NONCE_BYTES, limits::NONCE_BYTES)?,
                ciphertext: decode_b64(
                    &c.ciphertext,
                    "ciphertext",
                    limits::TAG_BYTES,
                    max_ciphertext,
                )?,
                erased: c.erased,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let max_bytes = state.teams.max_bytes;
    let seq = match state
        .db
        .push(
            &device.0.team_id,
            &device.0.device_id,
            &changes,
            now,
            max_bytes,
        )
        .await?
    {
        Pushed::Stored(seq) => seq,
        Pushed::Full {
            stored_bytes,
            adding,
        } => {
            tracing::warn!(team_id = %device.0.team_id, stored_bytes, adding, max_bytes, "team storage full, push refused");
            return Err(ApiError::denied(
                StatusCode::INSUFFICIENT_STORAGE,
                "team_storage_full",
                format!(
                    "the team's storage is full: it holds {stored_bytes} bytes and this push would add {adding}, \
                     past the server's limit of {max_bytes}; nothing of it was stored"
                ),
            ));
        }
    };
    let accepted = body.changes.iter().map(|c| c.change_id).collect();
    Ok(Json(wire::PushResponse {
        accepted,
        seq: to_seq(seq),
    }))
}

async fn pull(
    State(state): State<AppState>,
    device: Device,
    ApiQuery(query): ApiQuery<wire::PullQuery>,
) -> ApiResult<Json<wire::PullResponse>> {
    let max = state.limits.max_pull_limit.max(1);
    let limit = query.limit.unwrap_or(limits::DEFAULT_PULL_LIMIT.min(max));
    if limit == 0 || limit > max {
        return Err(ApiError::Invalid(format!(
            "limit must be between 1 and {max}"
        )));
    }
    let after =
        i64::try_from(query.after).map_err(|_| ApiError::Invalid("after is too large".into()))?;
    let _running = state
        .pulls
        .enter(device.0.device_id.clone())
        .ok_or(ApiError::RateLimited {
            retry_after_secs: 1,
        })?;
    let max_bytes = state.limits.max_pull_bytes;
    let (rows, more) = state
        .db
        .pull(&device.0.team_id, after, i64::from(limit), max_bytes)
        .await?;
    let next = rows.last().map_or(query.after, |r| to_seq(r.seq));
    let changes = rows
        .into_iter()
        .map(|r| {
            Ok(wire::PulledChange {
                seq: to_seq(r.seq),
                change_id: stored_uuid(&r.change_id)?,
                record_id: stored_uuid(&r.record_id)?,
                clock: r.clock,
                nonce: STANDARD.encode(&r.nonce),
                ciphertext: STANDARD.encode(&r.ciphertext),
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(Json(wire::PullResponse {
        changes,
        next,
        more,
    }))
}

/// Ids in the database were written from parsed UUIDs; anything else is corruption.
fn stored_uuid(text: &str) -> ApiResult<Uuid> {
    Uuid::parse_str(text).map_err(|_| {
        tracing::error!(id = text, "malformed id in the database");
        ApiError::Internal
    })
}

/// A share id: base64url (no padding) of 16–32 bytes. Anything else is treated as unknown.
fn share_id(text: &str) -> Option<&str> {
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    (limits::SHARE_ID_MIN_BYTES..=limits::SHARE_ID_MAX_BYTES)
        .contains(&bytes.len())
        .then_some(text)
}

fn share_status_of(row: &ShareRow) -> wire::ShareStatus {
    wire::ShareStatus {
        expires_at: row.expires_at,
        open_count: u64::try_from(row.open_count).unwrap_or_default(),
        last_opened_at: row.last_opened_at,
    }
}

async fn put_share(
    State(state): State<AppState>,
    device: Device,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<wire::PutShareRequest>,
) -> ApiResult<Json<wire::ShareStatus>> {
    let id = share_id(&id).ok_or_else(|| {
        ApiError::Invalid(format!(
            "a share id is base64url of {}–{} random bytes",
            limits::SHARE_ID_MIN_BYTES,
            limits::SHARE_ID_MAX_BYTES
        ))
    })?;
    let now = now_ms();
    let latest = now + limits::MAX_SHARE_DAYS * 24 * 60 * 60 * 1000;
    if body.expires_at <= now || body.expires_at > latest {
        return Err(ApiError::Invalid(format!(
            "expires_at must be in the future and at most {} days ahead",
            limits::MAX_SHARE_DAYS
        )));
    }
    let nonce = decode_b64(
        &body.nonce,
        "nonce",
        limits::NONCE_BYTES,
        limits::NONCE_BYTES,
    )?;
    let ciphertext = decode_b64(
        &body.ciphertext,
        "ciphertext",
        limits::TAG_BYTES,
        state.limits.max_share_bytes,
    )?;
    let reply_auth = body
        .reply_auth
        .as_deref()
        .map(|hash| decode_b64(hash, "reply_auth", 32, 32))
        .transpose()?;
    let team = &device.0.team_id;
    match state
        .db
        .put_share(
            id,
            team,
            &nonce,
            &ciphertext,
            body.expires_at,
            reply_auth.as_deref(),
            now,
        )
        .await?
    {
        // Another team's id is answered as a first publish of an unknown id would be, and
        // nothing is stored: the answer does not tell that the id exists. (128 random bits do
        // not collide; only someone who already knows the link gets here.)
        SharePut::Taken => Ok(Json(wire::ShareStatus {
            expires_at: body.expires_at,
            open_count: 0,
            last_opened_at: None,
        })),
        SharePut::Stored => {
            let row = state
                .db
                .share_status(id, team, now)
                .await?
                .ok_or(ApiError::Gone)?;
            Ok(Json(share_status_of(&row)))
        }
    }
}

async fn open_share(
    State(state): State<AppState>,
    request: Request,
) -> ApiResult<Json<wire::ShareEnvelope>> {
    // Throttled per IP before anything else, so ids cannot be probed quickly.
    state.check_rate(
        &state.share_lookups,
        client_ip(
            request.extensions(),
            request.headers(),
            &state.trusted_proxies,
        ),
    )?;
    let id = request.uri().path().rsplit('/').next().unwrap_or_default();
    let id = share_id(id).ok_or(ApiError::Gone)?;
    let row = state
        .db
        .open_share(id, now_ms())
        .await?
        .ok_or(ApiError::Gone)?;
    Ok(Json(wire::ShareEnvelope {
        nonce: STANDARD.encode(&row.nonce),
        ciphertext: STANDARD.encode(&row.ciphertext),
        expires_at: row.expires_at,
    }))
}

async fn share_status(
    State(state): State<AppState>,
    device: Device,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<wire::ShareStatus>> {
    let id = share_id(&id).ok_or(ApiError::Gone)?;
    let row = state
        .db
        .share_status(id, &device.0.team_id, now_ms())
        .await?
        .ok_or(ApiError::Gone)?;
    Ok(Json(share_status_of(&row)))
}

async fn revoke_share(
    State(state): State<AppState>,
    device: Device,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    if let Some(id) = share_id(&id) {
        state.db.delete_share(id, &device.0.team_id).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// A reply id: base64url (no padding) of 16 bytes made on the parent's phone.
fn reply_id(text: &str) -> Option<&str> {
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    (bytes.len() == limits::REPLY_ID_BYTES).then_some(text)
}

fn reply_forbidden() -> ApiError {
    ApiError::denied(
        StatusCode::FORBIDDEN,
        "reply_forbidden",
        "this link does not take replies with this token",
    )
}

/// The live link `id` if the request presents its reply token: 410 for an unknown, revoked or
/// expired link (as opening it would answer), 403 for a missing or wrong token, or for a link
/// published without a reply hash.
async fn reply_link<'a>(
    state: &AppState,
    id: &'a str,
    headers: &axum::http::HeaderMap,
) -> ApiResult<&'a str> {
    let id = share_id(id).ok_or(ApiError::Gone)?;
    let ReplyAuth::Live(hash) = state.db.reply_auth(id, now_ms()).await? else {
        return Err(ApiError::Gone);
    };
    let token = bearer(headers).ok_or_else(reply_forbidden)?;
    match hash {
        Some(hash) if hash == secret::hash(token) => Ok(id),
        _ => Err(reply_forbidden()),
    }
}

async fn post_reply(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
    ApiJson(body): ApiJson<wire::PostReplyRequest>,
) -> ApiResult<(StatusCode, Json<wire::ReplyReceipt>)> {
    // Per IP before anything else, so neither ids nor tokens can be probed quickly.
    let ip = client_ip(&parts.extensions, &parts.headers, &state.trusted_proxies);
    state.check_rate(&state.reply_posts_per_ip, ip)?;
    let id = parts.uri.path().split('/').rev().nth(1).unwrap_or_default();
    let id = reply_link(&state, id, &parts.headers).await?;
    // Per link only once the token is right: nobody without it can use up a parent's turns.
    state.check_rate(&state.reply_posts_per_link, id.to_owned())?;
    let reply_id = reply_id(&body.reply_id).ok_or_else(|| {
        ApiError::Invalid(format!(
            "reply_id is base64url of {} random bytes",
            limits::REPLY_ID_BYTES
        ))
    })?;
    let row = ReplyRow {
        share_id: id.to_owned(),
        reply_id: reply_id.to_owned(),
        nonce: decode_b64(
            &body.nonce,
            "nonce",
            limits::NONCE_BYTES,
            limits::NONCE_BYTES,
        )?,
        ciphertext: decode_b64(
            &body.ciphertext,
            "ciphertext",
            limits::TAG_BYTES,
            limits::MAX_REPLY_BYTES,
        )?,
        received_at: now_ms(),
    };
    match state
        .db
        .put_reply(id, &row, limits::MAX_PENDING_REPLIES)
        .await?
    {
        ReplyPut::Stored => Ok((
            StatusCode::CREATED,
            Json(wire::ReplyReceipt {
                received_at: row.received_at,
            }),
        )),
        ReplyPut::Full => Err(ApiError::denied(
            StatusCode::TOO_MANY_REQUESTS,
            "replies_waiting",
            format!(
                "{} replies already wait for the team to read them; try again later",
                limits::MAX_PENDING_REPLIES
            ),
        )),
    }
}

async fn reply_status(
    State(state): State<AppState>,
    parts: axum::http::request::Parts,
    ApiPath((id, reply)): ApiPath<(String, String)>,
) -> ApiResult<Json<wire::ReplyStatus>> {
    let ip = client_ip(&parts.extensions, &parts.headers, &state.trusted_proxies);
    state.check_rate(&state.share_lookups, ip)?;
    let id = reply_link(&state, &id, &parts.headers).await?;
    let pending = match reply_id(&reply) {
        Some(reply) => state.db.reply_pending(id, reply).await?,
        None => false,
    };
    Ok(Json(wire::ReplyStatus {
        delivered: !pending,
    }))
}

async fn team_replies(
    State(state): State<AppState>,
    device: Device,
) -> ApiResult<Json<wire::ReplyList>> {
    let rows = state.db.team_replies(&device.0.team_id, now_ms()).await?;
    Ok(Json(wire::ReplyList {
        replies: rows
            .into_iter()
            .map(|r| wire::PendingReply {
                link_id: r.share_id,
                reply_id: r.reply_id,
                nonce: STANDARD.encode(&r.nonce),
                ciphertext: STANDARD.encode(&r.ciphertext),
                received_at: r.received_at,
            })
            .collect(),
    }))
}

async fn confirm_reply(
    State(state): State<AppState>,
    device: Device,
    ApiPath((id, reply)): ApiPath<(String, String)>,
) -> ApiResult<StatusCode> {
    if let (Some(id), Some(reply)) = (share_id(&id), reply_id(&reply)) {
        state.db.delete_reply(id, reply, &device.0.team_id).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
