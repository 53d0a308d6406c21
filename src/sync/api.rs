//! The sync server's HTTP API (shapes in `signaal_core::wire`), over `fetch`. The server is the
//! app's own origin, so paths are relative and a restarted server on the same address is found
//! again without configuration.

use super::error::SyncError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use signaal_core::wire::{
    Change, CreateTeamRequest, CreateTeamResponse, DeviceList, ErrorBody, InviteResponse,
    JoinTeamRequest, JoinTeamResponse, PullResponse, PushRequest, PushResponse, PutShareRequest,
    ReplyList, Seq, ShareStatus,
};
use signaal_web::http;

async fn send(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<String, SyncError> {
    let reply = http::send(method, path, token, body)
        .await
        .map_err(|_| SyncError::Unreachable)?;
    if reply.ok() {
        return Ok(reply.body);
    }
    let status = reply.status;
    let body = serde_json::from_str::<ErrorBody>(&reply.body).ok();
    if let Some(rule) = body.as_ref().and_then(|e| SyncError::from_code(&e.error)) {
        return Err(rule);
    }
    let message = body.map_or(reply.body, |e| e.message);
    Err(match status {
        401 => SyncError::NotInTeam,
        413 => SyncError::TooLarge(message),
        429 => SyncError::RateLimited,
        500.. => SyncError::Server { status, message },
        _ => SyncError::Refused { status, message },
    })
}

async fn call<T: DeserializeOwned>(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&impl Serialize>,
) -> Result<T, SyncError> {
    let body = body
        .map(|b| serde_json::to_string(b))
        .transpose()
        .map_err(|e| SyncError::Protocol(e.to_string()))?;
    let text = send(method, path, token, body).await?;
    serde_json::from_str(&text).map_err(|e| SyncError::Protocol(e.to_string()))
}

pub async fn create_team(
    label: Option<String>,
    signup_code: Option<String>,
) -> Result<CreateTeamResponse, SyncError> {
    call(
        "POST",
        "/api/teams",
        None,
        Some(&CreateTeamRequest {
            device_label: label,
            signup_code,
        }),
    )
    .await
}

pub async fn join_team(
    team_id: &str,
    invite_secret: &str,
    label: Option<String>,
) -> Result<JoinTeamResponse, SyncError> {
    let body = JoinTeamRequest {
        invite_secret: invite_secret.to_owned(),
        device_label: label,
    };
    call(
        "POST",
        &format!("/api/teams/{team_id}/devices"),
        None,
        Some(&body),
    )
    .await
    .map_err(|err| match err {
        SyncError::Refused {
            status: 403 | 404,
            message,
        } => SyncError::InviteRefused(message),
        other => other,
    })
}

pub async fn devices(token: &str, team_id: &str) -> Result<DeviceList, SyncError> {
    call(
        "GET",
        &format!("/api/teams/{team_id}/devices"),
        Some(token),
        None::<&()>,
    )
    .await
}

/// Removing another device answers the invite that replaced the one it knew; leaving, nothing.
pub async fn remove_device(
    token: &str,
    team_id: &str,
    device_id: &str,
) -> Result<Option<InviteResponse>, SyncError> {
    let body = send(
        "DELETE",
        &format!("/api/teams/{team_id}/devices/{device_id}"),
        Some(token),
        None,
    )
    .await?;
    Ok(serde_json::from_str(&body).ok())
}

/// Makes a device admin (`admin`) or takes that back.
pub async fn set_admin(
    token: &str,
    team_id: &str,
    device_id: &str,
    admin: bool,
) -> Result<(), SyncError> {
    let method = if admin { "POST" } else { "DELETE" };
    send(
        method,
        &format!("/api/teams/{team_id}/devices/{device_id}/admin"),
        Some(token),
        None,
    )
    .await
    .map(drop)
}

pub async fn rotate_invite(token: &str, team_id: &str) -> Result<InviteResponse, SyncError> {
    call(
        "POST",
        &format!("/api/teams/{team_id}/invite"),
        Some(token),
        None::<&()>,
    )
    .await
}

pub async fn push(token: &str, changes: Vec<Change>) -> Result<PushResponse, SyncError> {
    call(
        "POST",
        "/api/sync/push",
        Some(token),
        Some(&PushRequest { changes }),
    )
    .await
}

pub async fn pull(token: &str, after: Seq, limit: u32) -> Result<PullResponse, SyncError> {
    call(
        "GET",
        &format!("/api/sync/pull?after={after}&limit={limit}"),
        Some(token),
        None::<&()>,
    )
    .await
}

pub async fn put_share(
    token: &str,
    link_id: &str,
    body: &PutShareRequest,
) -> Result<ShareStatus, SyncError> {
    call(
        "PUT",
        &format!("/api/shares/{link_id}"),
        Some(token),
        Some(body),
    )
    .await
}

pub async fn share_status(token: &str, link_id: &str) -> Result<ShareStatus, SyncError> {
    call(
        "GET",
        &format!("/api/shares/{link_id}/status"),
        Some(token),
        None::<&()>,
    )
    .await
}

/// Revoking a link that is already gone (revoked elsewhere, expired) is a success too.
pub async fn revoke_share(token: &str, link_id: &str) -> Result<(), SyncError> {
    match send(
        "DELETE",
        &format!("/api/shares/{link_id}"),
        Some(token),
        None,
    )
    .await
    {
        Ok(_) | Err(SyncError::Refused { status: 410, .. }) => Ok(()),
        Err(other) => Err(other),
    }
}

/// Every parent's reply waiting for the team.
pub async fn replies(token: &str) -> Result<ReplyList, SyncError> {
    call("GET", "/api/replies", Some(token), None::<&()>).await
}

/// The reply is with the team: the server deletes it.
pub async fn confirm_reply(token: &str, link_id: &str, reply_id: &str) -> Result<(), SyncError> {
    send(
        "DELETE",
        &format!("/api/replies/{link_id}/{reply_id}"),
        Some(token),
        None,
    )
    .await
    .map(drop)
}
