//! Unit tests: exact request bytes, reply parsing, errno meanings, and the transport against a
//! fake kernel that applies the kernel's request checks (net/ethtool/eeprom.c).

use std::sync::{Arc, Mutex};

use crate::addr::DeviceAddr;
use crate::transport::{Transport, TransportError};

use super::errors::{Asked, to_transport};
use super::split::chunks;
use super::transport::{EthtoolTransport, Exchange};
use super::wire::*;

fn le16(v: u16) -> [u8; 2] {
    v.to_ne_bytes()
}
fn le32(v: u32) -> [u8; 4] {
    v.to_ne_bytes()
}

#[test]
fn get_request_bytes_exact() {
    let got = encode_get_request("eth0", 0x50, 0x11, 2, 128, 128, 7, 0x1234);
    let mut want = Vec::new();
    // nlmsghdr: len 76 = 16 (nlmsghdr) + 4 (genl) + 16 (header nest) + 5 × 8 (attributes).
    want.extend_from_slice(&le32(76));
    want.extend_from_slice(&le16(0x1234)); // type = the resolved family id
    want.extend_from_slice(&le16(0x0001)); // flags = NLM_F_REQUEST
    want.extend_from_slice(&le32(7)); // seq
    want.extend_from_slice(&le32(0)); // pid
    // genlmsghdr: cmd 31 (ETHTOOL_MSG_MODULE_EEPROM_GET), version 1, reserved 0.
    want.extend_from_slice(&[31, 1, 0, 0]);
    // Header nest: len 16 = 4 + 12; type 1 | NLA_F_NESTED = 0x8001.
    want.extend_from_slice(&le16(16));
    want.extend_from_slice(&le16(0x8001));
    // DEV_NAME: len 9 = 4 + "eth0\0" (5), type 2, padded to 12 with 3 zeros.
    want.extend_from_slice(&le16(9));
    want.extend_from_slice(&le16(2));
    want.extend_from_slice(b"eth0\0\0\0\0");
    // OFFSET (2): u32 128.
    want.extend_from_slice(&le16(8));
    want.extend_from_slice(&le16(2));
    want.extend_from_slice(&le32(128));
    // LENGTH (3): u32 128.
    want.extend_from_slice(&le16(8));
    want.extend_from_slice(&le16(3));
    want.extend_from_slice(&le32(128));
    // PAGE (4): u8 0x11, len 5, padded with 3 zeros.
    want.extend_from_slice(&le16(5));
    want.extend_from_slice(&le16(4));
    want.extend_from_slice(&[0x11, 0, 0, 0]);
    // BANK (5): u8 2.
    want.extend_from_slice(&le16(5));
    want.extend_from_slice(&le16(5));
    want.extend_from_slice(&[2, 0, 0, 0]);
    // I2C_ADDRESS (6): u8 0x50.
    want.extend_from_slice(&le16(5));
    want.extend_from_slice(&le16(6));
    want.extend_from_slice(&[0x50, 0, 0, 0]);
    assert_eq!(got, want);
}

#[test]
fn name_padding_depends_on_length() {
    // "eth10" + NUL = 6 bytes: attribute len 10, padded to 12; nest len 16.
    let r = encode_get_request("eth10", 0x51, 0, 0, 0, 1, 1, 20);
    assert_eq!(&r[20..24], &[16, 0, 0x01, 0x80][..]);
    assert_eq!(&r[24..28], &[10, 0, 2, 0][..]);
    assert_eq!(&r[28..36], b"eth10\0\0\0");
    // "enp1s0f0" + NUL = 9 bytes: attribute len 13, padded to 16; nest len 20; total 80.
    let r = encode_get_request("enp1s0f0", 0x50, 0, 0, 0, 1, 1, 20);
    assert_eq!(&r[0..4], &le32(80));
    assert_eq!(&r[20..24], &[20, 0, 0x01, 0x80][..]);
    assert_eq!(&r[28..40], b"enp1s0f0\0\0\0\0");
    // The next attribute (OFFSET) starts aligned, at 20 + 20 = 40.
    assert_eq!(&r[40..44], &[8, 0, 2, 0][..]);
}

#[test]
fn family_request_bytes_exact() {
    let got = encode_family_request("ethtool", 3);
    let mut want = Vec::new();
    // 16 + 4 + (4 + "ethtool\0" 8 = 12) = 32.
    want.extend_from_slice(&le32(32));
    want.extend_from_slice(&le16(0x10)); // GENL_ID_CTRL
    want.extend_from_slice(&le16(1));
    want.extend_from_slice(&le32(3));
    want.extend_from_slice(&le32(0));
    want.extend_from_slice(&[3, 1, 0, 0]); // CTRL_CMD_GETFAMILY
    want.extend_from_slice(&le16(12));
    want.extend_from_slice(&le16(2)); // CTRL_ATTR_FAMILY_NAME
    want.extend_from_slice(b"ethtool\0");
    assert_eq!(got, want);
}

/// A genl reply message of `kind` with the given attributes (already encoded).
fn reply(kind: u16, attrs: &[u8]) -> Vec<u8> {
    let mut m = Vec::new();
    let len = 16 + 4 + attrs.len();
    m.extend_from_slice(&le32(len as u32));
    m.extend_from_slice(&le16(kind));
    m.extend_from_slice(&le16(0));
    m.extend_from_slice(&le32(9));
    m.extend_from_slice(&le32(0));
    m.extend_from_slice(&[32, 1, 0, 0]); // ETHTOOL_MSG_MODULE_EEPROM_GET_REPLY
    m.extend_from_slice(attrs);
    m
}

fn attr(kind: u16, payload: &[u8]) -> Vec<u8> {
    let mut a = Vec::new();
    a.extend_from_slice(&le16(4 + payload.len() as u16));
    a.extend_from_slice(&le16(kind));
    a.extend_from_slice(payload);
    while a.len() % 4 != 0 {
        a.push(0);
    }
    a
}

/// An NLMSG_ERROR for `errno`, echoing a capped request header, with an optional ext-ack text.
fn error_msg(errno: i32, text: Option<&str>) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&(-errno).to_ne_bytes());
    let req = encode_get_request("eth0", 0x50, 0, 0, 0, 1, 9, 20);
    body.extend_from_slice(&req[..16]);
    let mut flags = 0x100; // NLM_F_CAPPED
    if let Some(t) = text {
        flags |= 0x200; // NLM_F_ACK_TLVS
        let mut s = t.as_bytes().to_vec();
        s.push(0);
        body.extend_from_slice(&attr(1, &s));
    }
    let mut m = Vec::new();
    m.extend_from_slice(&le32(16 + body.len() as u32));
    m.extend_from_slice(&le16(2));
    m.extend_from_slice(&le16(flags));
    m.extend_from_slice(&le32(9));
    m.extend_from_slice(&le32(0));
    m.extend_from_slice(&body);
    m
}

#[test]
fn reply_data_parsed() {
    let mut attrs = attr(1 | 0x8000, &attr(1, &le32(3)));
    attrs.extend(attr(7, &[0x18, 0x40, 0x07])); // DATA: 3 bytes, padded to 8
    assert_eq!(parse_reply(&reply(20, &attrs)), Ok(vec![0x18, 0x40, 0x07]));
}

#[test]
fn reply_with_128_data_bytes() {
    let data: Vec<u8> = (0..128).collect();
    let r = reply(20, &attr(7, &data));
    assert_eq!(parse_reply(&r), Ok(data));
}

#[test]
fn reply_without_data_or_truncated_is_malformed() {
    assert!(matches!(
        parse_reply(&reply(20, &attr(2, &le32(0)))),
        Err(ReplyError::Malformed(_))
    ));
    let r = reply(20, &attr(7, &[1, 2, 3, 4]));
    for cut in 0..r.len() {
        // Never panics; a message cut short is an error.
        let _ = parse_reply(&r[..cut]);
    }
    assert!(parse_reply(&r[..10]).is_err());
    assert!(parse_reply(&[]).is_err());
}

#[test]
fn error_messages_parsed_with_and_without_ext_ack() {
    assert_eq!(
        parse_reply(&error_msg(19, Some("no device matches name"))),
        Err(ReplyError::Errno {
            errno: 19,
            message: Some("no device matches name".into())
        })
    );
    assert_eq!(
        parse_reply(&error_msg(95, None)),
        Err(ReplyError::Errno {
            errno: 95,
            message: None
        })
    );
}

#[test]
fn error_message_uncapped_echo_skips_the_whole_request() {
    // Without NLM_F_CAPPED the kernel echoes the whole request before the TLVs.
    let req = encode_get_request("eth0", 0x50, 0, 0, 0, 1, 9, 20);
    let mut body = Vec::new();
    body.extend_from_slice(&(-22i32).to_ne_bytes());
    body.extend_from_slice(&req);
    body.extend_from_slice(&attr(1, b"bad page\0"));
    let mut m = Vec::new();
    m.extend_from_slice(&le32(16 + body.len() as u32));
    m.extend_from_slice(&le16(2));
    m.extend_from_slice(&le16(0x200));
    m.extend_from_slice(&le32(9));
    m.extend_from_slice(&le32(0));
    m.extend_from_slice(&body);
    assert_eq!(
        parse_reply(&m),
        Err(ReplyError::Errno {
            errno: 22,
            message: Some("bad page".into())
        })
    );
}

#[test]
fn family_reply_parsed() {
    let mut attrs = attr(2, b"ethtool\0");
    attrs.extend(attr(1, &le16(0x1c)));
    assert_eq!(parse_family_reply(&reply(0x10, &attrs)), Ok(0x1c));
    assert_eq!(
        parse_family_reply(&error_msg(2, None)),
        Err(ReplyError::Errno {
            errno: 2,
            message: None
        })
    );
}

fn asked(page: u8, offset: u8) -> Asked<'static> {
    Asked {
        ifname: "eth7",
        device: DeviceAddr::A0,
        page,
        bank: 0,
        offset,
        len: 128,
    }
}

fn errno(e: i32) -> ReplyError {
    ReplyError::Errno {
        errno: e,
        message: None,
    }
}

#[test]
fn errno_meanings() {
    let e = to_transport(errno(19), asked(0, 0));
    assert!(
        matches!(&e, TransportError::InvalidRequest(m) if m.contains("no such interface `eth7`"))
    );
    let e = to_transport(errno(95), asked(0, 0));
    assert!(
        matches!(&e, TransportError::Io { context, .. } if context.contains("the driver cannot read module EEPROM"))
    );
    let e = to_transport(errno(95), asked(3, 128));
    assert!(
        matches!(&e, TransportError::Unavailable { what } if what.contains("unsupported page"))
    );
    let e = to_transport(errno(22), asked(0x20, 128));
    assert!(
        matches!(&e, TransportError::Unavailable { what } if what.contains("unsupported page"))
    );
    let e = to_transport(errno(22), asked(0, 0));
    assert!(matches!(e, TransportError::InvalidRequest(_)));
    for n in [2, 6] {
        let e = to_transport(errno(n), asked(0, 0));
        assert!(
            matches!(&e, TransportError::Disconnected(m) if m.contains("no module plugged in eth7"))
        );
    }
    assert!(matches!(
        to_transport(errno(5), asked(0, 0)),
        TransportError::BusError { .. }
    ));
    assert!(matches!(
        to_transport(errno(16), asked(0, 0)),
        TransportError::Nack { .. }
    ));
    let e = to_transport(errno(1), asked(0, 0));
    assert!(matches!(&e, TransportError::Io { context, .. } if context.contains("CAP_NET_ADMIN")));
    let e = to_transport(
        ReplyError::Errno {
            errno: 19,
            message: Some("no device matches name".into()),
        },
        asked(0, 0),
    );
    assert!(e.to_string().contains("(kernel: no device matches name)"));
    assert!(matches!(
        to_transport(ReplyError::Malformed("x".into()), asked(0, 0)),
        TransportError::Protocol(_)
    ));
}

#[test]
fn chunks_split_at_128() {
    assert_eq!(
        chunks(0, 256).collect::<Vec<_>>(),
        vec![(0, 128), (128, 128)]
    );
    assert_eq!(
        chunks(120, 16).collect::<Vec<_>>(),
        vec![(120, 8), (128, 8)]
    );
    assert_eq!(chunks(200, 56).collect::<Vec<_>>(), vec![(200, 56)]);
    assert_eq!(chunks(0, 1).collect::<Vec<_>>(), vec![(0, 1)]);
}

/// A fake kernel: answers the family lookup, then module-EEPROM requests from a memory of
/// `(bank, page) -> 256 bytes`, applying the kernel's checks; logs every request.
struct FakeKernel {
    pages: Vec<((u8, u8), Vec<u8>)>,
    log: Log,
    ifname: &'static str,
}

fn find_attr(attrs: &[u8], kind: u16) -> Option<&[u8]> {
    let mut at = 0;
    while at + 4 <= attrs.len() {
        let len = u16::from_ne_bytes([attrs[at], attrs[at + 1]]) as usize;
        let k = u16::from_ne_bytes([attrs[at + 2], attrs[at + 3]]) & 0x3fff;
        if k == kind {
            return attrs.get(at + 4..at + len);
        }
        at += (len + 3) & !3;
    }
    None
}

impl Exchange for FakeKernel {
    fn exchange(&mut self, request: &[u8]) -> std::io::Result<Vec<u8>> {
        let kind = u16::from_ne_bytes([request[4], request[5]]);
        let attrs = &request[20..];
        if kind == 0x10 {
            return Ok(reply(0x10, &attr(1, &le16(0x1c))));
        }
        assert_eq!(kind, 0x1c);
        assert_eq!(request[16], 31);
        let name = find_attr(find_attr(attrs, 1).unwrap(), 2).unwrap();
        if &name[..name.len() - 1] != self.ifname.as_bytes() {
            return Ok(error_msg(19, Some("no device matches name")));
        }
        let u32a = |k| u32::from_ne_bytes(find_attr(attrs, k).unwrap().try_into().unwrap());
        let (offset, length) = (u32a(2), u32a(3));
        let page = find_attr(attrs, 4).unwrap()[0];
        let bank = find_attr(attrs, 5).unwrap()[0];
        let i2c = find_attr(attrs, 6).unwrap()[0];
        self.log
            .lock()
            .unwrap()
            .push((i2c, bank, page, 0, offset, length));
        // eeprom_parse_request checks.
        if offset > 255
            || !(1..=128).contains(&length)
            || (page != 0 && offset < 128)
            || (offset < 128 && offset + length > 128)
            || offset + length > 256
        {
            return Ok(error_msg(22, Some("bad request")));
        }
        let Some((_, mem)) = self.pages.iter().find(|(k, _)| *k == (bank, page)) else {
            return Ok(error_msg(22, Some("page not supported")));
        };
        let data = &mem[offset as usize..(offset + length) as usize];
        Ok(reply(0x1c, &attr(7, data)))
    }
}

type Log = Arc<Mutex<Vec<(u8, u8, u8, u8, u32, u32)>>>;

fn fake() -> (Box<FakeKernel>, Log) {
    let log: Log = Arc::default();
    let p0: Vec<u8> = (0..=255).collect();
    let p1: Vec<u8> = (0..=255u8).map(|b| b ^ 0x11).collect();
    let p11b1: Vec<u8> = (0..=255u8).map(|b| b ^ 0xB1).collect();
    let k = FakeKernel {
        pages: vec![((0, 0), p0), ((0, 1), p1), ((1, 0x11), p11b1)],
        log: log.clone(),
        ifname: "eth7",
    };
    (Box::new(k), log)
}

#[test]
fn transport_reads_with_kept_page_and_bank() {
    let (k, log) = fake();
    let mut t = EthtoolTransport::connect(k, "eth7").unwrap();
    // The probe read byte 0 of page 0.
    assert_eq!(log.lock().unwrap()[0], (0x50, 0, 0, 0, 0, 1));
    // Page select to 1: kept, never sent.
    t.write(DeviceAddr::A0, 127, &[1]).unwrap();
    assert_eq!(t.selected_page(), 1);
    assert_eq!(log.lock().unwrap().len(), 1);
    let mut buf = [0u8; 256];
    t.read(DeviceAddr::A0, 0, &mut buf).unwrap();
    // Lower half is page 0 (no page attribute in the lower half), upper half is page 1.
    assert_eq!(buf[5], 5);
    assert_eq!(buf[130], 130 ^ 0x11);
    let l = log.lock().unwrap().clone();
    assert_eq!(l[1], (0x50, 0, 0, 0, 0, 128));
    assert_eq!(l[2], (0x50, 0, 1, 0, 128, 128));
    // Bank 1 page 0x11 in one write of bytes 126-127.
    t.write(DeviceAddr::A0, 126, &[1, 0x11]).unwrap();
    let mut b = [0u8; 4];
    t.read(DeviceAddr::A0, 126, &mut b).unwrap();
    assert_eq!(b, [126, 127, 128 ^ 0xB1, 129 ^ 0xB1]);
    assert_eq!(t.describe(), "ethtool:eth7");
}

#[test]
fn unsupported_page_is_unavailable() {
    let (k, _) = fake();
    let mut t = EthtoolTransport::connect(k, "eth7").unwrap();
    t.write(DeviceAddr::A0, 127, &[0x20]).unwrap();
    let mut buf = [0u8; 128];
    let e = t.read(DeviceAddr::A0, 128, &mut buf).unwrap_err();
    assert!(
        matches!(&e, TransportError::Unavailable { what } if what.contains("unsupported page"))
    );
}

#[test]
fn writes_other_than_selects_refused_and_change_nothing() {
    let (k, _) = fake();
    let mut t = EthtoolTransport::connect(k, "eth7").unwrap();
    let e = t
        .write(DeviceAddr::A0, 127, &[3])
        .and(t.write(DeviceAddr::A0, 125, &[0, 0, 9]));
    let e = e.unwrap_err();
    assert!(
        matches!(&e, TransportError::WriteRefused { reason } if reason.contains("the kernel offers no module writes through ethtool"))
    );
    // The refused write kept the earlier page.
    assert_eq!(t.selected_page(), 3);
    assert!(t.write(DeviceAddr::A2, 126, &[1]).is_err());
    assert!(t.write(DeviceAddr(0x52), 127, &[1]).is_err());
}

#[test]
fn sff8472_a2_page_kept_apart_from_a0() {
    let (k, log) = fake();
    let mut t = EthtoolTransport::connect(k, "eth7").unwrap();
    // SFF-8472: the page register of A2h upper pages is A2h byte 127.
    t.write(DeviceAddr::A2, 127, &[1]).unwrap();
    assert_eq!(t.selected_page_of(DeviceAddr::A2), 1);
    assert_eq!(t.selected_page(), 0);
    let mut b = [0u8; 2];
    t.read(DeviceAddr::A2, 128, &mut b).unwrap();
    assert_eq!(
        log.lock().unwrap().last().copied(),
        Some((0x51, 0, 1, 0, 128, 2))
    );
    t.read(DeviceAddr::A0, 128, &mut b).unwrap();
    assert_eq!(
        log.lock().unwrap().last().copied(),
        Some((0x50, 0, 0, 0, 128, 2))
    );
}

#[test]
fn missing_interface_named_at_connect() {
    let (k, _) = fake();
    let e = EthtoolTransport::connect(k, "nosuchif0").unwrap_err();
    assert!(
        e.to_string().contains("no such interface `nosuchif0`"),
        "{e}"
    );
    let (k, _) = fake();
    assert!(matches!(
        EthtoolTransport::connect(k, "way-too-long-interface"),
        Err(TransportError::InvalidRequest(_))
    ));
}
