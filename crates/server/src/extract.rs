//! Request extractors whose every rejection is an [`ApiError`] (axum's own answer in plain text).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::{header, request::Parts, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::db::DeviceRow;
use crate::error::ApiError;
use crate::proxy::TrustedProxies;
use crate::{now_ms, secret, AppState};

/// A JSON body, decoded strictly (unknown fields are errors where the type says so).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge(
                    "the request body is larger than the server accepts".into(),
                )
            } else {
                ApiError::BadRequest(format!("cannot read the request body: {rejection}"))
            }
        })?;
        decode_json(&bytes).map(ApiJson)
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| {
            let mime = mime.trim();
            mime.eq_ignore_ascii_case("application/json")
                || (mime.len() > 5
                    && mime[..mime.len() - 5].contains('/')
                    && mime.to_ascii_lowercase().ends_with("+json"))
        })
}

/// Decodes a request body: syntax errors are `400 invalid_json`, shape errors (wrong types,
/// unknown or missing fields) `422 invalid_request`. Never panics, whatever the bytes.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|err| match err.classify() {
        serde_json::error::Category::Data => ApiError::Invalid(err.to_string()),
        _ => ApiError::InvalidJson(err.to_string()),
    })
}

/// Query parameters.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Query::try_from_uri(&parts.uri)
            .map(|Query(q)| ApiQuery(q))
            .map_err(|e| ApiError::Invalid(format!("invalid query: {}", e.body_text())))
    }
}

/// Path parameters.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::from_request_parts(parts, state)
            .await
            .map(|Path(p)| ApiPath(p))
            .map_err(|e| ApiError::NotFound(format!("invalid path: {}", e.body_text())))
    }
}

/// The client's IP address: the connection's peer, or, when that is a trusted proxy, the
/// client it names in `X-Forwarded-For` ([`TrustedProxies::client_ip`]). Unspecified when the
/// server runs without connection info, as in in-process tests.
pub fn client_ip(
    parts_extensions: &axum::http::Extensions,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
) -> IpAddr {
    let peer = parts_extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(addr)| {
            addr.ip()
        });
    trusted.client_ip(peer, headers)
}

/// How often a device's `last_seen_at` is written: often enough for the device list, rarely
/// enough that reads stay reads.
const TOUCH_EVERY_MS: i64 = 5 * 60 * 1000;

/// The secret in `Authorization: Bearer <secret>`, if it has a secret's form.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| secret::looks_like_secret(t))
}

/// The device behind `Authorization: Bearer <token>`; rate limited per token.
#[derive(Debug, Clone)]
pub struct Device(pub DeviceRow);

impl FromRequestParts<AppState> for Device {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let hash = secret::hash(token);
        state.check_rate(&state.per_token, hash)?;
        let device = state
            .db
            .device_by_token(&hash)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        let now = now_ms();
        if device
            .last_seen_at
            .is_none_or(|seen| now - seen > TOUCH_EVERY_MS)
        {
            // Best effort: a failed bookkeeping write must not fail the request.
            if let Err(err) = state.db.touch_device(&device.device_id, now).await {
                tracing::warn!(error = %err, "cannot record last_seen_at");
            }
        }
        Ok(Device(device))
    }
}
