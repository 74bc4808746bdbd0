//! Tests of every ASCII message, malformed input, short replies, garbage and resync
//! (docs/serial-ascii-protocol.md).

use super::*;

fn lines(bytes: &[u8], max: usize) -> Vec<Line> {
    let mut s = LineSplitter::new(max);
    bytes.iter().filter_map(|&b| s.push(b)).collect()
}

#[test]
fn commands_encode_as_documented() {
    let read = Command::Read {
        device: 0x50,
        offset: 0x80,
        len: 16,
    };
    // 16 = 0x10.
    assert_eq!(read.encode(Some(0x1F)).unwrap(), b"#1F R 50 80 10\n");
    assert_eq!(read.encode(None).unwrap(), b"R 50 80 10\n");
    let write = Command::Write {
        device: 0x50,
        offset: 0x7F,
        data: vec![0x03],
    };
    assert_eq!(write.encode(Some(0)).unwrap(), b"#00 W 50 7F 03\n");
    // Mux channel 1 of a PCA954x at 0x70: control byte 0x02, no data.
    let mux = Command::Write {
        device: 0x70,
        offset: 0x02,
        data: vec![],
    };
    assert_eq!(mux.encode(None).unwrap(), b"W 70 02\n");
    assert_eq!(Command::Identify.encode(Some(0xA0)).unwrap(), b"#A0 I\n");
    // 128 = 0x80: the largest read.
    let full = Command::Read {
        device: 0x51,
        offset: 0x80,
        len: 128,
    };
    assert_eq!(full.encode(None).unwrap(), b"R 51 80 80\n");
}

#[test]
fn commands_parse_back_in_either_case_and_spacing() {
    for (line, tag, cmd) in [
        (
            &b"#1f r 50 80 10"[..],
            Some(0x1F),
            Command::Read {
                device: 0x50,
                offset: 0x80,
                len: 16,
            },
        ),
        (
            b"R 50 0 1",
            None,
            Command::Read {
                device: 0x50,
                offset: 0,
                len: 1,
            },
        ),
        (
            b"W 51 7f 0a0B  0c",
            None,
            Command::Write {
                device: 0x51,
                offset: 0x7F,
                data: vec![0x0A, 0x0B, 0x0C],
            },
        ),
        (b"#00 I", Some(0), Command::Identify),
        (
            b"w 70 04",
            None,
            Command::Write {
                device: 0x70,
                offset: 4,
                data: vec![],
            },
        ),
    ] {
        let (t, c) = parse_command(line);
        assert_eq!(t, tag, "{}", String::from_utf8_lossy(line));
        assert_eq!(c.unwrap(), cmd);
    }
}

#[test]
fn bad_commands_give_the_documented_codes_and_keep_the_tag() {
    let cases: [(&[u8], Option<u8>, ErrCode); 12] = [
        (b"#05 X 50", Some(5), ErrCode::UnknownCommand),
        (b"#06 R 50 80", Some(6), ErrCode::BadArgument),
        (b"R 5G 80 10", None, ErrCode::BadArgument),
        (b"R 50 80 10 99", None, ErrCode::BadArgument),
        (b"R 150 80 10", None, ErrCode::BadArgument),
        (b"R 80 00 01", None, ErrCode::BadArgument),
        (b"#07 R 50 80 0", Some(7), ErrCode::Length),
        (b"R 50 80 81", None, ErrCode::Length),
        (b"R 50 F0 11", None, ErrCode::Length),
        (b"W 50 80 123", None, ErrCode::BadArgument),
        (b"W 50 80 \x01", None, ErrCode::BadArgument),
        (b"#7 R 50 0 1", None, ErrCode::BadArgument),
    ];
    for (line, tag, code) in cases {
        let (t, c) = parse_command(line);
        let e = c.unwrap_err();
        assert_eq!(t, tag, "{}", String::from_utf8_lossy(line));
        assert_eq!(e.code(), code, "{}: {e}", String::from_utf8_lossy(line));
    }
    assert_eq!(parse_command(b"").1, Err(AsciiError::Empty));
    assert_eq!(parse_command(b"#01 ").1, Err(AsciiError::Empty));
    let long = vec![b'W'; MAX_LINE + 1];
    assert!(parse_command(&long).1.is_err());
    // 65 data bytes exceed the protocol's write limit.
    let mut w = b"W 50 00 ".to_vec();
    w.extend(std::iter::repeat_n(b'A', 130));
    assert_eq!(parse_command(&w).1.unwrap_err().code(), ErrCode::Length);
}

#[test]
fn encoding_refuses_what_the_protocol_forbids() {
    for c in [
        Command::Read {
            device: 0x50,
            offset: 0,
            len: 0,
        },
        Command::Read {
            device: 0x50,
            offset: 0,
            len: 129,
        },
        Command::Read {
            device: 0x50,
            offset: 0xFF,
            len: 2,
        },
        Command::Read {
            device: 0xA0,
            offset: 0,
            len: 1,
        },
        Command::Write {
            device: 0x50,
            offset: 0,
            data: vec![0; 65],
        },
    ] {
        assert!(c.encode(None).is_err(), "{c:?}");
    }
}

#[test]
fn responses_encode_and_parse() {
    let data = Response::data(&[0x00, 0xA5, 0xff]);
    assert_eq!(data.encode(Some(0x1F)), b"#1F OK 00A5FF\n");
    assert_eq!(Response::Ok(String::new()).encode(None), b"OK\n");
    assert_eq!(Response::Nack.encode(Some(2)), b"#02 NACK\n");
    let err = Response::Err {
        code: ErrCode::Bus,
        text: "arbitration lost".into(),
    };
    assert_eq!(err.encode(Some(3)), b"#03 ERR 05 arbitration lost\n");
    for (line, tag, resp) in [
        (&b"#1F OK 00A5FF"[..], Some(0x1F), data.clone()),
        (b"#1f OK 00a5ff", Some(0x1F), Response::Ok("00a5ff".into())),
        (b"OK", None, Response::Ok(String::new())),
        (b"#02 NACK", Some(2), Response::Nack),
        (b"#03 ERR 05 arbitration lost", Some(3), err.clone()),
        (
            b"ERR 42",
            None,
            Response::Err {
                code: ErrCode::Other(42),
                text: String::new(),
            },
        ),
    ] {
        assert_eq!(parse_response(line).unwrap(), (tag, resp));
    }
    assert_eq!(
        Response::hex_data("00A5ff").unwrap(),
        [0x00, 0xA5, 0xFF],
        "either case"
    );
    assert!(
        Response::hex_data("00A").is_err(),
        "short reply: odd digits"
    );
    assert!(Response::hex_data("0G").is_err());
    // '#' in an error text would break resync: it is replaced.
    let e = Response::Err {
        code: ErrCode::Bus,
        text: "bad #1\x07".into(),
    };
    assert_eq!(e.encode(None), b"ERR 05 bad ?1?\n");
}

#[test]
fn malformed_replies_are_errors() {
    for line in [
        &b"OKAY"[..],
        b"NACK extra",
        b"ERR 5 x",
        b"ERR AB x",
        b"#1F",
        b"#1F ",
        b"#1FOK",
        b"\xFFOK",
        b"hello",
    ] {
        assert!(
            parse_response(line).is_err(),
            "{}",
            String::from_utf8_lossy(line)
        );
    }
}

#[test]
fn noise_glued_before_a_reply_is_skipped() {
    // Noise with no LF before the reply: the reply starts at the last '#'.
    let (tag, r) = parse_response(b"\x13q#zz#2A OK 0102").unwrap();
    assert_eq!(tag, Some(0x2A));
    assert_eq!(r, Response::Ok("0102".into()));
}

#[test]
fn identity_round_trips_and_defaults() {
    let id = Identity {
        name: "optiqual sim".into(),
        max_read: 128,
        max_write: 32,
        bus_hz: 400_000,
        mux: Some(0x70),
    };
    let p = id.to_payload();
    assert_eq!(
        p,
        "oqi2c/1 name=optiqual_sim max_read=128 max_write=32 bus_hz=400000 mux=70"
    );
    let back = Identity::parse(&p).unwrap();
    assert_eq!(back.name, "optiqual_sim");
    assert_eq!(
        (back.max_read, back.bus_hz, back.mux),
        (128, 400_000, Some(0x70))
    );
    let minimal = Identity::parse("oqi2c/1 future=yes").unwrap();
    assert_eq!(
        (
            minimal.max_read,
            minimal.max_write,
            minimal.bus_hz,
            minimal.mux
        ),
        (32, 8, 100_000, None)
    );
    assert!(Identity::parse("oqi2c/2").is_err());
    assert!(Identity::parse("firmata").is_err());
    assert!(Identity::parse("oqi2c/1 max_read=200").is_err());
    assert!(Identity::parse("oqi2c/1 max_read=x").is_err());
}

#[test]
fn line_splitter_handles_crlf_long_lines_and_partials() {
    assert_eq!(
        lines(b"OK\r\n#01 NACK\n\n", 10),
        [
            Line::Text(b"OK".to_vec()),
            Line::Text(b"#01 NACK".to_vec()),
            Line::Text(vec![])
        ]
    );
    // 12 bytes with a limit of 10: reported once, then the splitter is back in step.
    assert_eq!(
        lines(b"0123456789AB\nOK\n", 10),
        [Line::TooLong { len: 12 }, Line::Text(b"OK".to_vec())]
    );
    let mut s = LineSplitter::new(10);
    for &b in b"#01 O" {
        assert!(s.push(b).is_none());
    }
    assert!(s.is_partial());
    assert_eq!(s.reset(), 5);
    assert!(!s.is_partial());
}

#[test]
fn parsers_never_panic_on_arbitrary_lines() {
    let mut seed = 0x1234_5678_u32;
    for len in 0..400 {
        let line: Vec<u8> = (0..len % 40)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                // Mostly the protocol's own alphabet, sometimes anything.
                let alphabet = b"#0123456789ABCDEFRWIOKNACERX ";
                if seed % 7 == 0 {
                    (seed >> 16) as u8
                } else {
                    alphabet[(seed >> 16) as usize % alphabet.len()]
                }
            })
            .collect();
        let _ = parse_command(&line);
        let _ = parse_response(&line);
    }
}
