//! The TLS configuration: rustls with the *ring* provider and the platform's roots.
//!
//! reqwest's default provider, aws-lc-rs, needs a C and assembly build that dominates a
//! clean build on small machines; *ring* is lighter and enough for a client. The
//! configuration is built here and handed to reqwest, so no process-wide default provider
//! is installed behind the application's back.

use std::sync::Arc;

use rustls::ClientConfig;
use rustls::crypto::ring;

use crate::FetchError;

/// A client configuration verifying servers against the operating system's roots, and
/// offering HTTP/1.1 only (the client is built without HTTP/2).
pub(crate) fn client_config() -> Result<ClientConfig, FetchError> {
    let provider = Arc::new(ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(Arc::clone(&provider))
        .map_err(|error| setup(format!("TLS certificate verifier: {error}")))?;
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| setup(format!("TLS versions: {error}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

fn setup(reason: String) -> FetchError {
    FetchError::Setup { reason }
}
