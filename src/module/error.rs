//! The one error type of the module layer.

use crate::addr::SegmentId;
use crate::transport::TransportError;

/// Why a module operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
    /// A bus transaction failed while reading a segment (its page select included).
    #[error("reading {segment}: {source}")]
    Read {
        /// What was being read.
        segment: SegmentId,
        /// The transport's error.
        #[source]
        source: TransportError,
    },
    /// Selecting a page failed.
    #[error("selecting {segment}: {source}")]
    Select {
        /// The segment whose page was being selected.
        segment: SegmentId,
        /// The transport's error.
        #[source]
        source: TransportError,
    },
    /// A write was refused (write safety) or failed on the bus.
    #[error("writing {segment}: {source}")]
    Write {
        /// The segment written.
        segment: SegmentId,
        /// The refusal or the transport's error.
        #[source]
        source: TransportError,
    },
}

impl ModuleError {
    /// The transport error underneath.
    pub fn transport(&self) -> &TransportError {
        match self {
            ModuleError::Read { source, .. }
            | ModuleError::Select { source, .. }
            | ModuleError::Write { source, .. } => source,
        }
    }
}
