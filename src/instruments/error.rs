//! The one error type of the instruments layer.
//!
//! Every variant that concerns a connected instrument names it and its address ([`Origin`]), so
//! a run record says which box on the bench misbehaved. None of these is a verdict on the module:
//! the runner turns them into ERROR or TIMEOUT, never FAIL (design.md §5).

use std::fmt;

/// Which instrument, at which address: `keysight-816x at tcp://10.0.0.5:5025`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Driver or model name.
    pub instrument: String,
    /// The address as the plan wrote it.
    pub address: String,
}

impl Origin {
    /// An origin from a driver name and an address.
    pub fn new(instrument: impl Into<String>, address: impl Into<String>) -> Self {
        Origin {
            instrument: instrument.into(),
            address: address.into(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.instrument, self.address)
    }
}

/// Why talking to an instrument failed.
#[derive(Debug, thiserror::Error)]
pub enum InstrumentError {
    /// No answer within the time allowed (a silent instrument, a query it did not understand).
    #[error("{at}: no answer within {ms} ms to {what:?}")]
    Timeout {
        /// The instrument.
        at: Origin,
        /// The message that went unanswered.
        what: String,
        /// How long was waited.
        ms: u64,
    },
    /// An operating-system error on the link (connect refused, port busy, write failed).
    #[error("{at}: {context}: {source}")]
    Io {
        /// The instrument.
        at: Origin,
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The instrument answered with something its dialect does not allow (garbage, a bad number).
    #[error("{at}: protocol error: {detail}")]
    Protocol {
        /// The instrument.
        at: Origin,
        /// What was wrong, quoting the reply.
        detail: String,
    },
    /// The instrument reported an error: an SCPI error-queue entry (`SYST:ERR?`) or a
    /// device error register (ThermoStream `EROR?`).
    #[error("{at}: instrument reported error {code}: {message}")]
    InstrumentReported {
        /// The instrument.
        at: Origin,
        /// The first error code (SCPI: negative standard codes, positive device codes;
        /// ThermoStream: the error register value).
        code: i32,
        /// Its text; several queued errors are joined with `; `.
        message: String,
    },
    /// The link is gone and could not be brought back.
    #[error("{at}: not connected: {detail}")]
    NotConnected {
        /// The instrument.
        at: Origin,
        /// Why.
        detail: String,
    },
    /// The instrument answered, but with its out-of-range marker (no light on a meter head,
    /// an invalid thermocouple reading).
    #[error("{at}: reading out of range: {detail}")]
    OutOfRange {
        /// The instrument.
        at: Origin,
        /// The reply and what it means.
        detail: String,
    },
    /// The request cannot be sent to this instrument (a channel it does not have, a NaN setpoint).
    #[error("{at}: invalid request: {detail}")]
    InvalidRequest {
        /// The instrument.
        at: Origin,
        /// What was asked.
        detail: String,
    },
    /// An address string that cannot be parsed.
    #[error("bad instrument address {address:?}: {reason}")]
    BadAddress {
        /// The address as given.
        address: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A driver name this layer does not know.
    #[error("unknown {kind} driver {driver:?} (known: {known})")]
    UnknownDriver {
        /// `chamber`, `meter` or `attenuator`.
        kind: &'static str,
        /// The name as given.
        driver: String,
        /// The known names, comma-separated.
        known: String,
    },
}

impl InstrumentError {
    /// The instrument the error concerns, if any.
    pub fn origin(&self) -> Option<&Origin> {
        match self {
            InstrumentError::Timeout { at, .. }
            | InstrumentError::Io { at, .. }
            | InstrumentError::Protocol { at, .. }
            | InstrumentError::InstrumentReported { at, .. }
            | InstrumentError::NotConnected { at, .. }
            | InstrumentError::OutOfRange { at, .. }
            | InstrumentError::InvalidRequest { at, .. } => Some(at),
            InstrumentError::BadAddress { .. } | InstrumentError::UnknownDriver { .. } => None,
        }
    }

    /// True for [`InstrumentError::Timeout`] (the runner reports these as TIMEOUT).
    pub fn is_timeout(&self) -> bool {
        matches!(self, InstrumentError::Timeout { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_instrument_and_address() {
        let at = Origin::new("keysight-816x", "tcp://10.0.0.5:5025");
        let e = InstrumentError::Timeout {
            at: at.clone(),
            what: "READ1:CHAN1:POW?".into(),
            ms: 200,
        };
        assert_eq!(
            e.to_string(),
            "keysight-816x at tcp://10.0.0.5:5025: no answer within 200 ms to \"READ1:CHAN1:POW?\""
        );
        assert!(e.is_timeout());
        let e = InstrumentError::InstrumentReported {
            at,
            code: -113,
            message: "Undefined header".into(),
        };
        assert!(e.to_string().contains("error -113: Undefined header"));
        assert_eq!(
            e.origin().map(|o| o.instrument.as_str()),
            Some("keysight-816x")
        );
    }
}
