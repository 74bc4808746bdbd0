//! What a simulated board's firmware does with the bytes of its serial line.

/// Board firmware: consumes the host's bytes one at a time and answers with bytes.
pub trait Firmware: Send {
    /// What the board prints when a host connects (StandardFirmata's version and firmware
    /// reports after the reset that opening the port causes); empty for none.
    fn on_connect(&mut self) -> Vec<u8>;

    /// Consumes one byte from the host; returns the reply bytes it completed (often none).
    fn feed(&mut self, byte: u8) -> Vec<u8>;

    /// Forgets a partial request (the host went away).
    fn reset_link(&mut self);

    /// The line has been quiet for [`IDLE`]; a board may drop a partial request (the ASCII
    /// protocol says it should, Firmata boards do not).
    fn idle(&mut self) {}
}

/// Silence after which [`Firmware::idle`] is called.
pub const IDLE: std::time::Duration = std::time::Duration::from_secs(1);
