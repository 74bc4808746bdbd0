//! Operations on a module over a transport.
