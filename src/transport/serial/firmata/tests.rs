//! Byte-exact tests of every Firmata message, worked from firmata/protocol `i2c.md` and
//! reference/protocols.md §1.1 "Worked bytes".

use super::seven_bit::{decode_bytes, push_14, push_bytes, value_14};
use super::*;

fn parse_all(direction: Direction, bytes: &[u8]) -> (Vec<Event>, usize) {
    let mut p = Parser::new(direction, 1024);
    let events = bytes.iter().filter_map(|&b| p.push(b)).collect();
    (events, p.take_garbage())
}

fn one(direction: Direction, bytes: &[u8]) -> Message {
    let (events, garbage) = parse_all(direction, bytes);
    assert_eq!(garbage, 0, "{bytes:02x?}");
    match events.as_slice() {
        [Event::Message(m)] => m.clone(),
        other => panic!("{bytes:02x?} gave {other:?}"),
    }
}

#[test]
fn seven_bit_pairs_split_low_7_bits_first() {
    let mut out = Vec::new();
    // 0xA5 = 1010_0101: LSB 0x25, MSB 0x01; 0x7F stays 7F 00; 0x80 is 00 01.
    push_bytes(&mut out, &[0xA5, 0x7F, 0x80, 0x00]);
    assert_eq!(out, [0x25, 0x01, 0x7F, 0x00, 0x00, 0x01, 0x00, 0x00]);
    assert_eq!(decode_bytes(&out).unwrap(), [0xA5, 0x7F, 0x80, 0x00]);
    // 14-bit: 1000 = 0x3E8 → LSB 0x68, MSB 0x07.
    let mut v = Vec::new();
    push_14(&mut v, 1000, "x").unwrap();
    assert_eq!(v, [0x68, 0x07]);
    assert_eq!(value_14(0x68, 0x07), 1000);
    assert!(push_14(&mut v, 0x4000, "delay").is_err());
}

#[test]
fn malformed_pairs_are_errors() {
    assert_eq!(
        decode_bytes(&[0x01, 0x00, 0x02]),
        Err(FirmataError::OddPairs { len: 3 })
    );
    // MSB 2 would make 0x100 + low bits: more than a byte.
    assert_eq!(
        decode_bytes(&[0x01, 0x02]),
        Err(FirmataError::PairTooWide {
            index: 0,
            value: 0x101
        })
    );
    assert!(matches!(
        decode_bytes(&[0x81, 0x00]),
        Err(FirmataError::NotSevenBit { index: 0, .. })
    ));
}

#[test]
fn register_read_request_matches_the_worked_bytes() {
    // Read 16 bytes at 0x50 register 0x80 with a repeated START: F0 76 50 48 00 01 10 00 F7
    // (0x80 → 00 01; 16 → 10 00; byte 3 = 0x40 restart | 0x08 read once).
    let r = I2cRequest::read(0x50, 0x80, 16, 0);
    let bytes = Message::I2cRequest(r.clone()).encode().unwrap();
    assert_eq!(
        bytes,
        [0xF0, 0x76, 0x50, 0x48, 0x00, 0x01, 0x10, 0x00, 0xF7]
    );
    assert_eq!(bytes.len(), message::READ_REQUEST_LEN);
    assert_eq!(one(Direction::ToBoard, &bytes), Message::I2cRequest(r));
    // Without restart and with sequence number 5: byte 3 = 0x08 | 5 = 0x0D.
    let plain = [0xF0, 0x76, 0x50, 0x0D, 0x00, 0x01, 0x10, 0x00, 0xF7];
    let Message::I2cRequest(r) = one(Direction::ToBoard, &plain) else {
        panic!()
    };
    assert!(!r.restart);
    assert_eq!(r.seq, 5);
    assert_eq!(
        r.action,
        I2cAction::ReadOnce {
            register: Some(0x80),
            count: 16
        }
    );
}

#[test]
fn read_without_register_and_continuous_and_stop() {
    // 2 bytes after the address: the count alone (StandardFirmata's argc != 6 branch).
    let Message::I2cRequest(r) = one(
        Direction::ToBoard,
        &[0xF0, 0x76, 0x50, 0x08, 0x04, 0x00, 0xF7],
    ) else {
        panic!()
    };
    assert_eq!(
        r.action,
        I2cAction::ReadOnce {
            register: None,
            count: 4
        }
    );
    // Mode 10 (read continuously) = 0x10; mode 11 (stop) = 0x18.
    let cont = I2cRequest {
        action: I2cAction::ReadContinuously {
            register: Some(2),
            count: 3,
        },
        restart: false,
        ..I2cRequest::read(0x51, 0, 0, 0)
    };
    let bytes = Message::I2cRequest(cont.clone()).encode().unwrap();
    assert_eq!(
        bytes,
        [0xF0, 0x76, 0x51, 0x10, 0x02, 0x00, 0x03, 0x00, 0xF7]
    );
    assert_eq!(one(Direction::ToBoard, &bytes), Message::I2cRequest(cont));
    let stop = [0xF0, 0x76, 0x51, 0x18, 0xF7];
    let Message::I2cRequest(r) = one(Direction::ToBoard, &stop) else {
        panic!()
    };
    assert_eq!(r.action, I2cAction::StopReading);
    // 3 bytes after the address fit neither rule.
    let (events, _) = parse_all(Direction::ToBoard, &[0xF0, 0x76, 0x50, 0x08, 1, 2, 3, 0xF7]);
    assert!(matches!(
        events[0],
        Event::Invalid(FirmataError::Malformed { .. })
    ));
}

#[test]
fn page_select_write_matches_the_worked_bytes() {
    // Write 0x03 to register 0x7F of 0x50: F0 76 50 00 7F 00 03 00 F7.
    let w = I2cRequest::write(0x50, vec![0x7F, 0x03], 0);
    let bytes = Message::I2cRequest(w.clone()).encode().unwrap();
    assert_eq!(
        bytes,
        [0xF0, 0x76, 0x50, 0x00, 0x7F, 0x00, 0x03, 0x00, 0xF7]
    );
    assert_eq!(bytes.len(), message::write_request_len(2));
    assert_eq!(one(Direction::ToBoard, &bytes), Message::I2cRequest(w));
}

#[test]
fn requests_longer_than_the_board_buffer_are_refused() {
    // 2 + 2 × 31 = 64 payload bytes fit MAX_DATA_BYTES; 32 bus bytes (66) do not.
    assert!(
        Message::I2cRequest(I2cRequest::write(0x50, vec![0; 31], 0))
            .encode()
            .is_ok()
    );
    let e = Message::I2cRequest(I2cRequest::write(0x50, vec![0; 32], 0))
        .encode()
        .unwrap_err();
    assert!(e.to_string().contains("66 sysex bytes"), "{e}");
    assert_eq!(Flavor::Standard.max_write(), 30);
    assert!(
        Message::I2cRequest(I2cRequest::read(0x80, 0, 1, 0))
            .encode()
            .is_err(),
        "8-bit address"
    );
}

#[test]
fn ten_bit_address_round_trips() {
    // 0x2A5 = 10_1010_0101: LSB 0x25, top bits 0b101 in byte 3, plus 0x20 and read once.
    let r = I2cRequest {
        address: 0x2A5,
        ten_bit: true,
        restart: false,
        seq: 0,
        action: I2cAction::ReadOnce {
            register: None,
            count: 1,
        },
    };
    let bytes = Message::I2cRequest(r.clone()).encode().unwrap();
    assert_eq!(bytes[2..4], [0x25, 0x20 | 0x08 | 0x05]);
    assert_eq!(one(Direction::ToBoard, &bytes), Message::I2cRequest(r));
}

#[test]
fn i2c_reply_decodes_address_register_and_data() {
    // Reply to the worked read: F0 77 50 00 00 01 + (A5 → 25 01) (07 → 07 00) + F7.
    let bytes = [
        0xF0, 0x77, 0x50, 0x00, 0x00, 0x01, 0x25, 0x01, 0x07, 0x00, 0xF7,
    ];
    let reply = I2cReply {
        address: 0x50,
        tag: 0,
        register: 0x80,
        data: vec![0xA5, 0x07],
    };
    assert_eq!(
        one(Direction::ToHost, &bytes),
        Message::I2cReply(reply.clone())
    );
    assert_eq!(Message::I2cReply(reply).encode().unwrap(), bytes);
    assert_eq!(message::reply_len(2), bytes.len());
    // Too short for the register: invalid; odd data: invalid.
    let (e, _) = parse_all(Direction::ToHost, &[0xF0, 0x77, 0x50, 0x00, 0x00, 0xF7]);
    assert!(matches!(
        e[0],
        Event::Invalid(FirmataError::Malformed { .. })
    ));
    let (e, _) = parse_all(
        Direction::ToHost,
        &[0xF0, 0x77, 0x50, 0x00, 0x00, 0x01, 0x25, 0xF7],
    );
    assert_eq!(e[0], Event::Invalid(FirmataError::OddPairs { len: 1 }));
}

#[test]
fn handshake_messages() {
    assert_eq!(Message::VersionQuery.encode().unwrap(), [0xF9]);
    assert_eq!(one(Direction::ToBoard, &[0xF9]), Message::VersionQuery);
    // Towards the host F9 carries major, minor: protocol 2.5.
    assert_eq!(
        one(Direction::ToHost, &[0xF9, 2, 5]),
        Message::Version { major: 2, minor: 5 }
    );
    assert_eq!(Message::FirmwareQuery.encode().unwrap(), [0xF0, 0x79, 0xF7]);
    assert_eq!(
        one(Direction::ToBoard, &[0xF0, 0x79, 0xF7]),
        Message::FirmwareQuery
    );
    // "Std": S=0x53, t=0x74, d=0x64, each followed by MSB 0.
    let fw = Message::Firmware {
        major: 2,
        minor: 5,
        name: "Std".into(),
    };
    let bytes = fw.encode().unwrap();
    assert_eq!(bytes, [0xF0, 0x79, 2, 5, 0x53, 0, 0x74, 0, 0x64, 0, 0xF7]);
    assert_eq!(one(Direction::ToHost, &bytes), fw);
    assert_eq!(
        Message::CapabilityQuery.encode().unwrap(),
        [0xF0, 0x6B, 0xF7]
    );
    // Pin 0: digital in (0,1) and out (1,1); pin 1: none; pin 2: I2C (6,1).
    let caps = Message::Capabilities(vec![
        vec![
            Capability {
                mode: 0,
                resolution: 1,
            },
            Capability {
                mode: 1,
                resolution: 1,
            },
        ],
        vec![],
        vec![Capability {
            mode: PIN_MODE_I2C,
            resolution: 1,
        }],
    ]);
    let bytes = caps.encode().unwrap();
    assert_eq!(
        bytes,
        [0xF0, 0x6C, 0, 1, 1, 1, 0x7F, 0x7F, 6, 1, 0x7F, 0xF7]
    );
    assert_eq!(one(Direction::ToHost, &bytes), caps);
    let (e, _) = parse_all(Direction::ToHost, &[0xF0, 0x6C, 6, 1, 0xF7]);
    assert!(matches!(e[0], Event::Invalid(_)), "no 7F end");
    let (e, _) = parse_all(Direction::ToHost, &[0xF0, 0x6C, 6, 0x7F, 0xF7]);
    assert!(
        matches!(e[0], Event::Invalid(_)),
        "pair cut by the end marker"
    );
    assert_eq!(
        Message::I2cConfig { delay_us: Some(0) }.encode().unwrap(),
        [0xF0, 0x78, 0, 0, 0xF7]
    );
    assert_eq!(
        one(Direction::ToBoard, &[0xF0, 0x78, 0xF7]),
        Message::I2cConfig { delay_us: None }
    );
    assert_eq!(one(Direction::ToBoard, &[0xFF]), Message::SystemReset);
}

#[test]
fn string_data_carries_the_i2c_errors() {
    let bytes = Message::Text(TOO_FEW_BYTES.into()).encode().unwrap();
    assert_eq!(bytes.len(), 3 + 2 * TOO_FEW_BYTES.len());
    assert_eq!(&bytes[..4], [0xF0, 0x71, b'I', 0]);
    assert_eq!(
        one(Direction::ToHost, &bytes),
        Message::Text(TOO_FEW_BYTES.into())
    );
}

#[test]
fn unknown_sysex_and_channel_messages_are_skipped_cleanly() {
    // Analog message E0 lsb msb and digital 90 lsb msb towards the host; unknown sysex 0x42.
    let bytes = [0xE0, 0x10, 0x01, 0x90, 0x00, 0x00, 0xF0, 0x42, 0x01, 0xF7];
    let (events, garbage) = parse_all(Direction::ToHost, &bytes);
    assert_eq!(garbage, 0);
    assert_eq!(
        events,
        [Event::Message(Message::OtherSysex {
            command: 0x42,
            payload: vec![1]
        })]
    );
    // Pin mode F4 pin mode towards the board: ignored, not garbage.
    let (events, garbage) = parse_all(Direction::ToBoard, &[0xF4, 0x12, 0x06, 0xF9]);
    assert_eq!((events.len(), garbage), (1, 0));
}

#[test]
fn garbage_before_inside_and_between_frames_is_skipped() {
    let reply = Message::I2cReply(I2cReply {
        address: 0x50,
        tag: 0,
        register: 0,
        data: vec![1, 2, 3],
    })
    .encode()
    .unwrap();
    // Noise before, a frame cut by a new F0 (its 3 bytes are garbage), a stray F7, noise after.
    let mut stream = vec![0x00, 0x13, 0x55];
    stream.extend_from_slice(&[0xF0, 0x77, 0x50]);
    stream.extend_from_slice(&reply);
    stream.extend_from_slice(&[0xF7, 0x42, 0xF3]);
    stream.extend_from_slice(&reply);
    let (events, garbage) = parse_all(Direction::ToHost, &stream);
    assert_eq!(events.len(), 2);
    assert!(
        events
            .iter()
            .all(|e| matches!(e, Event::Message(Message::I2cReply(_))))
    );
    // 3 noise + 3 cut frame + F7 + 42 + F3.
    assert_eq!(garbage, 9);
    // F0 F7: an empty frame is garbage, not a message.
    let (events, garbage) = parse_all(Direction::ToHost, &[0xF0, 0xF7]);
    assert!(events.is_empty());
    assert_eq!(garbage, 2);
    // A version report cut short by a sysex start.
    let (events, garbage) = parse_all(Direction::ToHost, &[0xF9, 0x02, 0xF0, 0x79, 0xF7]);
    assert_eq!(events, [Event::Message(Message::FirmwareQuery)]);
    assert_eq!(garbage, 2);
}

#[test]
fn oversized_sysex_is_dropped_like_a_board_does() {
    let mut p = Parser::new(Direction::ToBoard, MAX_DATA_BYTES);
    let mut stream = vec![0xF0, 0x76];
    stream.extend(std::iter::repeat_n(0x01, MAX_DATA_BYTES + 2));
    stream.push(0xF7);
    let events: Vec<_> = stream.iter().filter_map(|&b| p.push(b)).collect();
    assert_eq!(
        events,
        [Event::Overflow {
            command: 0x76,
            len: MAX_DATA_BYTES + 2
        }]
    );
    assert!(p.is_idle());
}

#[test]
fn reset_drops_a_partial_frame() {
    let mut p = Parser::new(Direction::ToHost, 1024);
    for b in [0xF0, 0x77, 0x50, 0x00] {
        assert!(p.push(b).is_none());
    }
    assert!(!p.is_idle());
    p.reset();
    assert!(p.is_idle());
    assert_eq!(p.take_garbage(), 4);
    // The rest of the old frame is now noise.
    assert!(p.push(0x01).is_none());
    assert!(p.push(0xF7).is_none());
    assert_eq!(p.take_garbage(), 2);
}

#[test]
fn flavors_give_the_read_limit() {
    assert_eq!(Flavor::of_name("StandardFirmata"), Flavor::Standard);
    assert_eq!(Flavor::of_name("StandardFirmataPlus"), Flavor::Standard);
    assert_eq!(Flavor::of_name("ConfigurableFirmata"), Flavor::Configurable);
    assert_eq!(Flavor::of_name("Custom"), Flavor::Other);
    assert_eq!(Flavor::Standard.max_read(), 32);
    assert_eq!(Flavor::Configurable.max_read(), 31);
    assert_eq!(Flavor::Other.max_read(), 31);
}

#[test]
fn parser_never_panics_on_any_byte_pair_sequence() {
    // Every 2-byte sequence and a sweep of 3-byte ones, both directions.
    for dir in [Direction::ToBoard, Direction::ToHost] {
        let mut p = Parser::new(dir, 16);
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                p.push(a);
                p.push(b);
                p.push(0xF7);
            }
        }
    }
}
