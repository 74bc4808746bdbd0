//! Transports move bytes to and from a module; they never interpret them.
