//! A plain SMTP relay on the local network (`smtp://host:port`: no TLS, no login), with
//! connections the portal opens itself.
//!
//! Written here rather than left to lettre's pooled transport for this one case: lettre
//! writes the end of a message (`\r\n.\r\n`) as a packet of its own, and its sockets keep
//! Nagle's algorithm on, so that packet waits for the relay to acknowledge the body, which a
//! relay delays by up to 40 ms: every message cost a round of delayed ACK, and four
//! connections delivered about 60 emails a second. Opening the socket here with
//! `TCP_NODELAY` and handing it to lettre for the SMTP conversation removes the wait. Relays
//! with TLS or a login keep lettre's transport (its TLS streams are its own to configure).

use lettre::transport::smtp::{client::AsyncSmtpConnection, extension::ClientId, Error};
use lettre::{address::Envelope, Message};
use std::time::Duration;
use tokio::sync::Mutex;

/// Connections kept open between batches; the worker sends at most this many at once.
const IDLE: usize = 4;
/// Connecting, and each message's whole conversation, must finish within this.
const TIMEOUT: Duration = Duration::from_secs(10);

pub struct PlainRelay {
    host: String,
    port: u16,
    hello: ClientId,
    idle: Mutex<Vec<AsyncSmtpConnection>>,
}

/// Why a message did not go: the relay's own answer (permanent or not), or no answer.
pub enum Failure {
    Smtp(Error),
    Network(String),
}

impl PlainRelay {
    pub fn new(host: String, port: u16) -> Self {
        PlainRelay {
            host,
            port,
            hello: ClientId::default(),
            idle: Mutex::new(Vec::new()),
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, Failure> {
        let address = (self.host.as_str(), self.port);
        let stream = tokio::time::timeout(TIMEOUT, tokio::net::TcpStream::connect(address))
            .await
            .map_err(|_| Failure::Network("timed out connecting to the relay".into()))?
            .map_err(|e| Failure::Network(format!("cannot connect to the relay: {e}")))?;
        stream
            .set_nodelay(true)
            .map_err(|e| Failure::Network(format!("cannot set TCP_NODELAY: {e}")))?;
        tokio::time::timeout(
            TIMEOUT,
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello),
        )
        .await
        .map_err(|_| Failure::Network("timed out greeting the relay".into()))?
        .map_err(Failure::Smtp)
    }

    /// An idle connection that still answers, or a new one.
    async fn take(&self) -> Result<AsyncSmtpConnection, Failure> {
        loop {
            let idle = self.idle.lock().await.pop();
            match idle {
                Some(mut connection) => {
                    if connection.test_connected().await {
                        return Ok(connection);
                    }
                    connection.abort().await;
                }
                None => return self.connect().await,
            }
        }
    }

    pub async fn send(&self, message: &Message) -> Result<(), Failure> {
        let envelope: &Envelope = message.envelope();
        let bytes = message.formatted();
        let mut connection = self.take().await?;
        let sent = tokio::time::timeout(TIMEOUT, connection.send(envelope, &bytes)).await;
        match sent {
            Ok(Ok(_)) => {
                self.give_back(connection).await;
                Ok(())
            }
            // The relay refused this message; the connection is still good for the next.
            Ok(Err(e)) if e.is_permanent() => {
                self.give_back(connection).await;
                Err(Failure::Smtp(e))
            }
            Ok(Err(e)) => {
                connection.abort().await;
                Err(Failure::Smtp(e))
            }
            Err(_) => {
                connection.abort().await;
                Err(Failure::Network("the relay did not answer in time".into()))
            }
        }
    }

    async fn give_back(&self, connection: AsyncSmtpConnection) {
        let mut idle = self.idle.lock().await;
        if idle.len() < IDLE {
            idle.push(connection);
        }
    }
}
