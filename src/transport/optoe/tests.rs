use std::io::Write;

use super::*;
use crate::addr::DeviceAddr;
use crate::transport::{Transport, TransportError};

/// A temp file whose byte i is `i % 251` (so every position is recognisable), byte 0 = `id`.
fn file_with(id: u8, len: usize) -> tempfile::NamedTempFile {
    let mut bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    if let Some(b) = bytes.first_mut() {
        *b = id;
    }
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(&bytes).unwrap();
    f
}

fn pattern(at: usize) -> u8 {
    (at % 251) as u8
}

#[test]
fn one_address_linear_map() {
    let l = Layout::OneAddress;
    assert_eq!(l.linear(DeviceAddr::A0, 5, 10), Some(10));
    // Page 0 byte 128 -> 128; page 3 byte 130 -> 128 + 3*128 + 2 = 514.
    assert_eq!(l.linear(DeviceAddr::A0, 0, 128), Some(128));
    assert_eq!(l.linear(DeviceAddr::A0, 3, 130), Some(514));
    // Page 0xFF byte 255 -> 128 + 255*128 + 127 = 32,895, the last byte of 32,896.
    assert_eq!(l.linear(DeviceAddr::A0, 0xFF, 255), Some(32_895));
    assert_eq!(l.linear(DeviceAddr::A2, 0, 0), None);
}

#[test]
fn sfp_linear_map() {
    let l = Layout::Sfp;
    // A0h 0-255 as is, whatever page is selected.
    assert_eq!(l.linear(DeviceAddr::A0, 7, 200), Some(200));
    // A2h lower at 256 + offset.
    assert_eq!(l.linear(DeviceAddr::A2, 7, 96), Some(352));
    // A2h upper page 0 byte 128 -> 384; page 2 byte 129 -> 384 + 256 + 1 = 641.
    assert_eq!(l.linear(DeviceAddr::A2, 0, 128), Some(384));
    assert_eq!(l.linear(DeviceAddr::A2, 2, 129), Some(641));
    // Page 0xFF byte 255 -> 384 + 255*128 + 127 = 33,151, the last byte of 33,152.
    assert_eq!(l.linear(DeviceAddr::A2, 0xFF, 255), Some(33_151));
}

#[test]
fn layout_by_identifier() {
    assert_eq!(Layout::for_identifier(0x03), Layout::Sfp);
    assert_eq!(Layout::for_identifier(0x02), Layout::Sfp);
    assert_eq!(Layout::for_identifier(0x0B), Layout::Sfp);
    assert_eq!(Layout::for_identifier(0x11), Layout::OneAddress);
    assert_eq!(Layout::for_identifier(0x18), Layout::OneAddress);
}

#[test]
fn page_select_is_kept_not_written_and_steers_upper_reads() {
    let f = file_with(0x18, 32_896);
    let mut t = OptoeTransport::open(f.path()).unwrap();
    assert_eq!(t.layout(), Layout::OneAddress);
    // CMIS bank+page select: bank 0, page 0x11.
    t.write(DeviceAddr::A0, 126, &[0, 0x11]).unwrap();
    assert_eq!(t.selected_page(), 0x11);
    // The file's bytes 126/127 are untouched.
    let mut regs = [0u8; 2];
    t.read(DeviceAddr::A0, 126, &mut regs).unwrap();
    assert_eq!(regs, [pattern(126), pattern(127)]);
    // Byte 128 of page 11h is at 128 + 17*128 = 2304.
    let mut b = [0u8; 4];
    t.read(DeviceAddr::A0, 128, &mut b).unwrap();
    assert_eq!(b, [2304, 2305, 2306, 2307].map(pattern));
}

#[test]
fn a_read_across_byte_128_takes_lower_and_selected_page() {
    let f = file_with(0x18, 32_896);
    let mut t = OptoeTransport::open(f.path()).unwrap();
    t.write(DeviceAddr::A0, 127, &[2]).unwrap();
    let mut b = [0u8; 4];
    t.read(DeviceAddr::A0, 126, &mut b).unwrap();
    // 126, 127 from the lower half; 128, 129 of page 2 at 128 + 256 = 384, 385.
    assert_eq!(b, [126, 127, 384, 385].map(pattern));
}

#[test]
fn bank_above_zero_is_refused_and_nothing_changes() {
    let f = file_with(0x18, 32_896);
    let mut t = OptoeTransport::open(f.path()).unwrap();
    let e = t.write(DeviceAddr::A0, 126, &[1, 0x10]).unwrap_err();
    assert!(matches!(e, TransportError::WriteRefused { .. }), "{e}");
    assert!(e.to_string().contains("optoe serves bank 0 only"), "{e}");
    assert_eq!(t.selected_page(), 0);
    assert!(!t.capabilities().banks);
}

#[test]
fn writes_skip_the_registers_and_land_at_the_linear_offset() {
    let f = file_with(0x18, 32_896);
    let mut t = OptoeTransport::open(f.path()).unwrap();
    // Bytes 122-127: 122-125 to the file, 126/127 kept as bank 0 / page 3.
    t.write(DeviceAddr::A0, 122, &[1, 2, 3, 4, 0, 3]).unwrap();
    t.write(DeviceAddr::A0, 130, &[0xAB]).unwrap();
    let bytes = std::fs::read(f.path()).unwrap();
    assert_eq!(bytes[122..128], [1, 2, 3, 4, pattern(126), pattern(127)]);
    // Page 3 byte 130: 128 + 3*128 + 2 = 514.
    assert_eq!(bytes[514], 0xAB);
}

#[test]
fn sfp_file_serves_both_addresses_and_a2_pages() {
    let f = file_with(0x03, 33_152);
    let mut t = OptoeTransport::open(f.path()).unwrap();
    assert_eq!(t.layout(), Layout::Sfp);
    let mut b = [0u8; 2];
    t.read(DeviceAddr::A0, 200, &mut b).unwrap();
    assert_eq!(b, [200, 201].map(pattern));
    t.read(DeviceAddr::A2, 0, &mut b).unwrap();
    assert_eq!(b, [256, 257].map(pattern));
    // A2h 127 is the page register; A0h 127 is an ordinary byte.
    t.write(DeviceAddr::A2, 127, &[1]).unwrap();
    t.read(DeviceAddr::A2, 128, &mut b).unwrap();
    // A2h page 1 byte 128 at 384 + 128 = 512.
    assert_eq!(b, [512, 513].map(pattern));
    t.write(DeviceAddr::A0, 127, &[0x77]).unwrap();
    assert_eq!(t.selected_page(), 1);
    assert_eq!(std::fs::read(f.path()).unwrap()[127], 0x77);
    let e = t
        .read(DeviceAddr(0x52), 0, &mut b)
        .expect_err("0x52 is not in the file");
    assert!(matches!(e, TransportError::InvalidRequest(_)), "{e}");
}

#[test]
fn a_short_file_reports_disconnected() {
    let f = file_with(0x18, 256);
    let mut t = OptoeTransport::open(f.path()).unwrap();
    t.write(DeviceAddr::A0, 127, &[1]).unwrap();
    let mut b = [0u8; 128];
    let e = t.read(DeviceAddr::A0, 128, &mut b).unwrap_err();
    assert!(matches!(e, TransportError::Disconnected(_)), "{e}");
    assert!(e.to_string().contains("short read"), "{e}");
}

#[test]
fn an_empty_file_cannot_be_opened() {
    let f = file_with(0, 0);
    let e = OptoeTransport::open(f.path()).unwrap_err();
    assert!(matches!(e, TransportError::Disconnected(_)), "{e}");
}

#[test]
fn read_only_refuses_writes_naming_the_path() {
    let f = file_with(0x18, 32_896);
    let mut t = OptoeTransport::open_read_only(f.path()).unwrap();
    assert!(!t.writable());
    let e = t.write(DeviceAddr::A0, 100, &[1]).unwrap_err();
    assert!(matches!(e, TransportError::WriteRefused { .. }), "{e}");
    assert!(
        e.to_string().contains(&f.path().display().to_string()),
        "{e}"
    );
    // A page select still works: it never reaches the file.
    t.write(DeviceAddr::A0, 127, &[1]).unwrap();
    assert_eq!(t.selected_page(), 1);
}

#[test]
fn describe_and_capabilities() {
    let f = file_with(0x03, 512);
    let t = OptoeTransport::open(f.path()).unwrap();
    assert_eq!(t.describe(), format!("optoe:{}", f.path().display()));
    let c = t.capabilities();
    assert_eq!(c.max_read, 128);
    assert!(!c.in_memory);
    assert_eq!(c.bus_hz, 100_000);
}
