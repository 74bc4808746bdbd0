//! Versatile Diagnostics Monitoring (VDM), CMIS pages 20h-2Fh (reference/cmis.md §9): observable
//! descriptors, samples, threshold sets, flags and the freeze handshake state, decoded from the
//! pages of a [`ModuleImage`](crate::memmap::image::ModuleImage) (bank 0).

mod decode;
mod model;
pub mod observables;
mod sections;
#[cfg(test)]
mod tests;

pub use decode::decode;
pub use model::{
    Observable, PRE_FEC_BER_CURRENT_HOST, PRE_FEC_BER_CURRENT_MEDIA, Vdm, VdmFlags, VdmThresholds,
};
pub use observables::{ObservableKind, SampleFormat, kind_of};
