//! Sealing and opening a handover published as a link (`signaal_core::handover_link`): the
//! same envelope as a parent summary, under the handover's own HKDF info, with no reply token
//! (a recipient cannot post anything).

use crate::base64;
use crate::crypto::CryptoError;
use crate::share::key;
use signaal_core::handover_link::{aad, HandoverLink, Published, SEAL_INFO};
use signaal_core::share::ShareError;
use signaal_core::wire::{PutShareRequest, ShareEnvelope, UnixMillis};

/// Seals `published` under `link`, valid until `expires_at` (the end of the link's last day).
pub async fn seal(
    link: &HandoverLink,
    published: &Published,
    expires_at: UnixMillis,
) -> Result<PutShareRequest, CryptoError> {
    let key = key(&link.secret, SEAL_INFO)
        .await
        .map_err(|e| CryptoError::Unavailable(e.to_string()))?;
    let sealed = key
        .seal(&aad(&link.link_id, expires_at), &published.to_json())
        .await?;
    Ok(PutShareRequest {
        nonce: base64::encode(&sealed.nonce),
        ciphertext: base64::encode(&sealed.ciphertext),
        expires_at,
        reply_auth: None,
    })
}

/// The handover behind a link. A wrong secret, an altered ciphertext and an altered expiry all
/// fail AES-GCM's check alike: reported as a link that does not fit.
pub async fn open(
    link_id: &str,
    secret: &str,
    envelope: &ShareEnvelope,
) -> Result<Published, ShareError> {
    let nonce = base64::decode(&envelope.nonce).ok_or(ShareError::Unreadable)?;
    let ciphertext = base64::decode(&envelope.ciphertext).ok_or(ShareError::Unreadable)?;
    let plaintext = key(secret, SEAL_INFO)
        .await?
        .open(&aad(link_id, envelope.expires_at), &nonce, &ciphertext)
        .await
        .map_err(|_| ShareError::BadLink)?;
    Published::from_json(&plaintext)
}
