//! The one error type of the module layer.

use crate::addr::SegmentId;
use crate::transport::TransportError;

/// Why a module operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
    /// A bus transaction failed while reading or selecting a segment.
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
}
