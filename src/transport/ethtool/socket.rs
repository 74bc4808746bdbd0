//! The thin live part: a generic-netlink socket (through `netlink-sys`, which keeps the unsafe
//! system calls out of this crate) that sends one request and takes its one reply.

use std::io::ErrorKind;

use netlink_sys::{Socket, SocketAddr, protocols::NETLINK_GENERIC};

use super::transport::Exchange;

/// Largest reply expected: a module-EEPROM reply is at most 128 data bytes plus headers; an
/// error echoes the request (under 100 bytes) plus the extended-ack text.
const RECV_CAPACITY: usize = 8192;

/// A connected `NETLINK_GENERIC` socket.
pub struct NetlinkSocket {
    socket: Socket,
}

impl std::fmt::Debug for NetlinkSocket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NetlinkSocket")
    }
}

impl NetlinkSocket {
    /// Opens and connects a generic-netlink socket to the kernel, non-blocking.
    pub fn open() -> std::io::Result<NetlinkSocket> {
        let mut socket = Socket::new(NETLINK_GENERIC)?;
        socket.bind_auto()?;
        socket.connect(&SocketAddr::new(0, 0))?;
        // Extended acks carry the kernel's reason in words; older kernels lack the option.
        let _ = socket.set_ext_ack(true);
        // A generic-netlink "do" request is answered inside the send call (the kernel runs the
        // handler synchronously), so the reply is queued when `send` returns: receiving
        // non-blocking never waits and never hangs.
        socket.set_non_blocking(true)?;
        Ok(NetlinkSocket { socket })
    }
}

impl Exchange for NetlinkSocket {
    fn exchange(&mut self, request: &[u8]) -> std::io::Result<Vec<u8>> {
        // Drop anything stale left from an earlier, failed exchange.
        let mut stale = Vec::with_capacity(RECV_CAPACITY);
        while self.socket.recv(&mut stale, 0).is_ok() {
            stale.clear();
        }
        let sent = self.socket.send(request, 0)?;
        if sent != request.len() {
            return Err(std::io::Error::new(
                ErrorKind::WriteZero,
                format!("netlink sent {sent} of {} bytes", request.len()),
            ));
        }
        let mut buf = Vec::with_capacity(RECV_CAPACITY);
        match self.socket.recv(&mut buf, 0) {
            Ok(_) => Ok(buf),
            Err(e) if e.kind() == ErrorKind::WouldBlock => Err(std::io::Error::new(
                ErrorKind::TimedOut,
                "the kernel queued no reply to the netlink request",
            )),
            Err(e) => Err(e),
        }
    }
}
