//! The bytes of the generic-netlink messages the ethtool backend sends and receives: pure
//! functions, no socket (so every byte is unit-tested).
//!
//! Numbers from the kernel UAPI headers:
//! - `linux/netlink.h`: `struct nlmsghdr` (len u32, type u16, flags u16, seq u32, pid u32),
//!   `NLM_F_REQUEST` = 1, `NLMSG_ERROR` = 2, `NLMSG_DONE` = 3, `NLM_F_CAPPED` = 0x100,
//!   `NLM_F_ACK_TLVS` = 0x200, `NLMSGERR_ATTR_MSG` = 1, `NLA_F_NESTED` = 0x8000,
//!   attributes aligned to 4 (`NLA_ALIGNTO`).
//! - `linux/genetlink.h`: `struct genlmsghdr` (cmd u8, version u8, reserved u16),
//!   `GENL_ID_CTRL` = 0x10, `CTRL_CMD_GETFAMILY` = 3, `CTRL_ATTR_FAMILY_ID` = 1 (u16),
//!   `CTRL_ATTR_FAMILY_NAME` = 2 (string).
//! - `linux/ethtool_netlink.h`: `ETHTOOL_GENL_NAME` "ethtool", `ETHTOOL_GENL_VERSION` 1;
//!   user message enum: `ETHTOOL_MSG_MODULE_EEPROM_GET` = 31 (after `..._TUNNEL_INFO_GET` = 28,
//!   `..._FEC_GET` = 29, `..._FEC_SET` = 30); `ETHTOOL_A_HEADER_DEV_NAME` = 2;
//!   `ETHTOOL_A_MODULE_EEPROM_{HEADER=1, OFFSET=2 (u32), LENGTH=3 (u32), PAGE=4 (u8),
//!   BANK=5 (u8), I2C_ADDRESS=6 (u8), DATA=7 (binary)}`.

/// `NLM_F_REQUEST` (linux/netlink.h).
pub const NLM_F_REQUEST: u16 = 0x1;
/// `NLMSG_ERROR` (linux/netlink.h): an error (or an ack when the errno is 0).
pub const NLMSG_ERROR: u16 = 2;
/// `NLMSG_DONE` (linux/netlink.h).
pub const NLMSG_DONE: u16 = 3;
/// `NLM_F_CAPPED`: the error message carries only the header of the request.
const NLM_F_CAPPED: u16 = 0x100;
/// `NLM_F_ACK_TLVS`: extended-ack attributes follow the error message.
const NLM_F_ACK_TLVS: u16 = 0x200;
/// `NLMSGERR_ATTR_MSG`: the extended-ack text.
const NLMSGERR_ATTR_MSG: u16 = 1;
/// `NLA_F_NESTED`: the attribute holds attributes.
pub const NLA_F_NESTED: u16 = 0x8000;
/// `GENL_ID_CTRL`: the generic-netlink controller family.
pub const GENL_ID_CTRL: u16 = 0x10;
/// `CTRL_CMD_GETFAMILY`.
pub const CTRL_CMD_GETFAMILY: u8 = 3;
/// `CTRL_ATTR_FAMILY_ID` (u16).
pub const CTRL_ATTR_FAMILY_ID: u16 = 1;
/// `CTRL_ATTR_FAMILY_NAME` (string).
pub const CTRL_ATTR_FAMILY_NAME: u16 = 2;
/// `ETHTOOL_GENL_NAME`.
pub const ETHTOOL_GENL_NAME: &str = "ethtool";
/// `ETHTOOL_GENL_VERSION`.
pub const ETHTOOL_GENL_VERSION: u8 = 1;
/// `ETHTOOL_MSG_MODULE_EEPROM_GET` (user-to-kernel enum of linux/ethtool_netlink.h).
pub const ETHTOOL_MSG_MODULE_EEPROM_GET: u8 = 31;
/// `ETHTOOL_A_HEADER_DEV_NAME` (string, inside the header nest).
pub const ETHTOOL_A_HEADER_DEV_NAME: u16 = 2;
/// `ETHTOOL_A_MODULE_EEPROM_HEADER` (nest of `ETHTOOL_A_HEADER_*`).
pub const A_HEADER: u16 = 1;
/// `ETHTOOL_A_MODULE_EEPROM_OFFSET` (u32).
pub const A_OFFSET: u16 = 2;
/// `ETHTOOL_A_MODULE_EEPROM_LENGTH` (u32).
pub const A_LENGTH: u16 = 3;
/// `ETHTOOL_A_MODULE_EEPROM_PAGE` (u8).
pub const A_PAGE: u16 = 4;
/// `ETHTOOL_A_MODULE_EEPROM_BANK` (u8).
pub const A_BANK: u16 = 5;
/// `ETHTOOL_A_MODULE_EEPROM_I2C_ADDRESS` (u8).
pub const A_I2C_ADDRESS: u16 = 6;
/// `ETHTOOL_A_MODULE_EEPROM_DATA` (binary).
pub const A_DATA: u16 = 7;

/// Length of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;
/// Length of `struct genlmsghdr`.
pub const GENL_HDRLEN: usize = 4;
/// Length of `struct nlattr`.
const NLA_HDRLEN: usize = 4;

/// Rounds up to the netlink alignment of 4.
fn align4(n: usize) -> usize {
    (n + 3) & !3
}

/// A message under construction: header, genl header, attributes; `finish` writes the length.
struct Builder {
    buf: Vec<u8>,
}

impl Builder {
    fn new(msg_type: u16, flags: u16, seq: u32, cmd: u8, version: u8) -> Builder {
        let mut buf = Vec::with_capacity(80);
        buf.extend_from_slice(&0u32.to_ne_bytes()); // nlmsg_len, written by finish
        buf.extend_from_slice(&msg_type.to_ne_bytes());
        buf.extend_from_slice(&flags.to_ne_bytes());
        buf.extend_from_slice(&seq.to_ne_bytes());
        buf.extend_from_slice(&0u32.to_ne_bytes()); // nlmsg_pid: 0, the kernel fills it in
        buf.extend_from_slice(&[cmd, version, 0, 0]); // genlmsghdr
        Builder { buf }
    }

    /// Appends one attribute with its payload, padded to 4.
    fn attr(&mut self, kind: u16, payload: &[u8]) {
        let len = NLA_HDRLEN + payload.len();
        self.buf
            .extend_from_slice(&u16::try_from(len).unwrap_or(u16::MAX).to_ne_bytes());
        self.buf.extend_from_slice(&kind.to_ne_bytes());
        self.buf.extend_from_slice(payload);
        self.buf.resize(self.buf.len() + align4(len) - len, 0);
    }

    /// Appends a NUL-terminated string attribute.
    fn attr_str(&mut self, kind: u16, s: &str) {
        let mut payload = Vec::with_capacity(s.len() + 1);
        payload.extend_from_slice(s.as_bytes());
        payload.push(0);
        self.attr(kind, &payload);
    }

    fn finish(mut self) -> Vec<u8> {
        let len = u32::try_from(self.buf.len()).unwrap_or(u32::MAX);
        if let Some(head) = self.buf.get_mut(0..4) {
            head.copy_from_slice(&len.to_ne_bytes());
        }
        self.buf
    }
}

/// The `CTRL_CMD_GETFAMILY` request that resolves the family `name` to its id.
pub fn encode_family_request(name: &str, seq: u32) -> Vec<u8> {
    let mut b = Builder::new(GENL_ID_CTRL, NLM_F_REQUEST, seq, CTRL_CMD_GETFAMILY, 1);
    b.attr_str(CTRL_ATTR_FAMILY_NAME, name);
    b.finish()
}

/// One `ETHTOOL_MSG_MODULE_EEPROM_GET` request for `len` bytes at `offset` of `page`/`bank` of
/// the device at `i2c_addr` on the interface `ifname`, to the ethtool family `family_id`.
///
/// The caller keeps the kernel's limits (offset ≤ 255, length 1..128, no crossing of byte 128,
/// page ≠ 0 only in the upper half): see [`super::split::chunks`].
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per request attribute, in the order of the kernel's message"
)]
pub fn encode_get_request(
    ifname: &str,
    i2c_addr: u8,
    page: u8,
    bank: u8,
    offset: u8,
    len: u8,
    seq: u32,
    family_id: u16,
) -> Vec<u8> {
    let mut b = Builder::new(
        family_id,
        NLM_F_REQUEST,
        seq,
        ETHTOOL_MSG_MODULE_EEPROM_GET,
        ETHTOOL_GENL_VERSION,
    );
    // The header nest holds the device name (ETHTOOL_A_HEADER_DEV_NAME).
    let mut nest = Builder { buf: Vec::new() };
    nest.attr_str(ETHTOOL_A_HEADER_DEV_NAME, ifname);
    b.attr(A_HEADER | NLA_F_NESTED, &nest.buf);
    b.attr(A_OFFSET, &u32::from(offset).to_ne_bytes());
    b.attr(A_LENGTH, &u32::from(len).to_ne_bytes());
    b.attr(A_PAGE, &[page]);
    b.attr(A_BANK, &[bank]);
    b.attr(A_I2C_ADDRESS, &[i2c_addr]);
    b.finish()
}

/// What a reply said instead of data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    /// The kernel answered `NLMSG_ERROR` with this (positive) errno and, when it sent one, its
    /// extended-ack text.
    #[error("kernel error {errno}{}", .message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Errno {
        /// The errno (positive, e.g. 19 for ENODEV).
        errno: i32,
        /// The extended-ack message, if any.
        message: Option<String>,
    },
    /// The bytes are not a well-formed reply.
    #[error("malformed netlink reply: {0}")]
    Malformed(String),
}

/// One netlink message found in a receive buffer.
struct Message<'a> {
    kind: u16,
    flags: u16,
    /// The bytes after the nlmsghdr, up to nlmsg_len.
    body: &'a [u8],
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at + 2)?;
    Some(u16::from_ne_bytes([*s.first()?, *s.get(1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 4)?;
    let mut a = [0u8; 4];
    a.copy_from_slice(s);
    Some(u32::from_ne_bytes(a))
}

/// Splits a receive buffer into its messages.
fn messages(buf: &[u8]) -> Result<Vec<Message<'_>>, ReplyError> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < buf.len() {
        let (Some(len), Some(kind), Some(flags)) =
            (u32_at(buf, at), u16_at(buf, at + 4), u16_at(buf, at + 6))
        else {
            return Err(ReplyError::Malformed(format!(
                "{} bytes left at {at}, shorter than a message header",
                buf.len() - at
            )));
        };
        let len = len as usize;
        let Some(body) = buf
            .get(at + NLMSG_HDRLEN..at + len)
            .filter(|_| len >= NLMSG_HDRLEN)
        else {
            return Err(ReplyError::Malformed(format!(
                "message at {at} says {len} bytes, {} are there",
                buf.len() - at
            )));
        };
        out.push(Message { kind, flags, body });
        at += align4(len);
    }
    Ok(out)
}

/// Iterates the attributes of `b` as `(type without flags, payload)`.
fn attrs(b: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let len = usize::from(u16_at(b, at)?);
        let kind = u16_at(b, at + 2)?;
        let payload = b
            .get(at + NLA_HDRLEN..at + len)
            .filter(|_| len >= NLA_HDRLEN)?;
        at += align4(len);
        Some((kind & 0x3FFF, payload))
    })
}

/// The error of an `NLMSG_ERROR` body, or `None` for an ack (errno 0).
fn error_of(m: &Message<'_>) -> Result<Option<ReplyError>, ReplyError> {
    let Some(raw) = u32_at(m.body, 0) else {
        return Err(ReplyError::Malformed("error message without errno".into()));
    };
    // The kernel sends -errno as an i32.
    let err = i32::from_ne_bytes(raw.to_ne_bytes());
    if err == 0 {
        return Ok(None);
    }
    let mut message = None;
    if m.flags & NLM_F_ACK_TLVS != 0 {
        // After the errno comes the request's header (and its payload unless capped).
        let echoed = if m.flags & NLM_F_CAPPED != 0 {
            NLMSG_HDRLEN
        } else {
            u32_at(m.body, 4).map_or(NLMSG_HDRLEN, |l| align4(l as usize))
        };
        if let Some(tlvs) = m.body.get(4 + echoed..) {
            message = attrs(tlvs)
                .find(|(k, _)| *k == NLMSGERR_ATTR_MSG)
                .map(|(_, p)| {
                    let text = p.split(|c| *c == 0).next().unwrap_or_default();
                    String::from_utf8_lossy(text).into_owned()
                });
        }
    }
    Ok(Some(ReplyError::Errno {
        errno: err.saturating_neg(),
        message,
    }))
}

/// The bytes of the `ETHTOOL_A_MODULE_EEPROM_DATA` attribute of a module-EEPROM reply, or the
/// kernel's error.
pub fn parse_reply(buf: &[u8]) -> Result<Vec<u8>, ReplyError> {
    for m in messages(buf)? {
        match m.kind {
            NLMSG_ERROR => {
                if let Some(e) = error_of(&m)? {
                    return Err(e);
                }
            }
            NLMSG_DONE => {}
            _ => {
                let attrs_at = m.body.get(GENL_HDRLEN..).unwrap_or_default();
                if let Some((_, data)) = attrs(attrs_at).find(|(k, _)| *k == A_DATA) {
                    return Ok(data.to_vec());
                }
                return Err(ReplyError::Malformed(
                    "module EEPROM reply without a DATA attribute".into(),
                ));
            }
        }
    }
    Err(ReplyError::Malformed("no reply message".into()))
}

/// The family id of a `CTRL_CMD_GETFAMILY` reply, or the kernel's error.
pub fn parse_family_reply(buf: &[u8]) -> Result<u16, ReplyError> {
    for m in messages(buf)? {
        match m.kind {
            NLMSG_ERROR => {
                if let Some(e) = error_of(&m)? {
                    return Err(e);
                }
            }
            NLMSG_DONE => {}
            _ => {
                let attrs_at = m.body.get(GENL_HDRLEN..).unwrap_or_default();
                return attrs(attrs_at)
                    .find(|(k, _)| *k == CTRL_ATTR_FAMILY_ID)
                    .and_then(|(_, p)| u16_at(p, 0))
                    .ok_or_else(|| {
                        ReplyError::Malformed("family reply without a FAMILY_ID".into())
                    });
            }
        }
    }
    Err(ReplyError::Malformed("no reply message".into()))
}
