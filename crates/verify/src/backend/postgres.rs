//! PostgreSQL through the `postgres` crate, TLS through rustls.

use std::sync::Arc;
use std::time::Duration;

use postgres::config::SslMode;
use postgres::{Client, Config, NoTls, SimpleQueryMessage};

use super::{Row, STATEMENT_TIMEOUT_SECONDS, Session};
use crate::url::DatabaseUrl;

pub(crate) struct Postgres {
    client: Client,
}

impl Postgres {
    /// Connects and starts a read-only transaction with a statement timeout.
    /// `sslmode` follows libpq: `disable`; `prefer` (the default) and
    /// `require` encrypt without checking the certificate; `verify-ca` and
    /// `verify-full` check it against the bundled web PKI roots.
    pub(crate) fn connect(url: &DatabaseUrl) -> Result<Self, String> {
        let sslmode = url
            .param("sslmode")
            .unwrap_or_else(|| "prefer".to_owned())
            .to_ascii_lowercase();
        let mut config: Config = url
            .without_params(&["sslmode", "sslrootcert", "sslcert", "sslkey"])
            .parse()
            .map_err(|e: postgres::Error| format!("invalid PostgreSQL URL: {e}"))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        config.application_name("miglint verify");
        let client = match sslmode.as_str() {
            "disable" => config.ssl_mode(SslMode::Disable).connect(NoTls),
            "allow" | "prefer" | "require" | "verify-ca" | "verify-full" => {
                let verify = sslmode.starts_with("verify");
                config.ssl_mode(if sslmode == "require" || verify {
                    SslMode::Require
                } else {
                    SslMode::Prefer
                });
                config.connect(tls(verify)?)
            }
            other => return Err(format!("unsupported sslmode `{other}`")),
        }
        .map_err(|e| describe(&e))?;
        let mut session = Self { client };
        session
            .client
            .batch_execute(&format!(
                "SET default_transaction_read_only = on; \
                 SET statement_timeout = '{STATEMENT_TIMEOUT_SECONDS}s'; \
                 SET lock_timeout = '5s'; \
                 BEGIN TRANSACTION READ ONLY"
            ))
            .map_err(|e| describe(&e))?;
        Ok(session)
    }
}

impl Session for Postgres {
    fn rows(&mut self, sql: &str) -> Result<Vec<Row>, String> {
        let messages = self.client.simple_query(sql).map_err(|e| describe(&e))?;
        Ok(messages
            .into_iter()
            .filter_map(|message| match message {
                SimpleQueryMessage::Row(row) => Some(
                    (0..row.len())
                        .map(|i| row.get(i).map(str::to_owned))
                        .collect(),
                ),
                _ => None,
            })
            .collect())
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.client.batch_execute("ROLLBACK");
    }
}

/// The error with its cause (the server's message, the I/O error).
fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => {
            let mut text = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                let cause_text = cause.to_string();
                if !text.contains(&cause_text) {
                    text = format!("{text}: {cause_text}");
                }
                source = cause.source();
            }
            text
        }
    }
}

fn tls(verify: bool) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup: {e}"))?;
    let config = if verify {
        let roots =
            rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        builder.with_root_certificates(roots).with_no_client_auth()
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider)))
            .with_no_client_auth()
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// libpq's `sslmode=require`: the channel is encrypted, the server's
/// certificate is not checked (its signatures over the handshake still are).
#[derive(Debug)]
struct EncryptOnly(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
