//! Operations on a module over a transport: paged access and what is built on it.

pub mod dump;
mod error;
pub mod paged;
pub mod write_safety;

pub use error::ModuleError;
