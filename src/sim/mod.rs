//! The simulated lab: modules (and later chamber, meter, switch ports) behind the transport and
//! instrument traits.

pub mod image_module;
