//! The 7-bit split of Firmata data (firmata/protocol `i2c.md` "data 0 (LSB), data 0 (MSB)";
//! StandardFirmata `argv[i] + (argv[i+1] << 7)`): between sysex markers every byte has bit 7
//! clear, so an 8-bit byte `b` travels as `b & 0x7F` then `b >> 7`, and 14-bit fields (address,
//! register, count, delay) as low 7 bits then high 7 bits.

use super::FirmataError;

/// Largest value a 14-bit field carries.
pub const MAX_14: u16 = 0x3FFF;

/// Appends byte `b` as its (LSB, MSB) pair: `0xA5` → `25 01`.
pub fn push_byte(out: &mut Vec<u8>, b: u8) {
    out.push(b & 0x7F);
    out.push(b >> 7);
}

/// Appends every byte of `data` as pairs.
pub fn push_bytes(out: &mut Vec<u8>, data: &[u8]) {
    for &b in data {
        push_byte(out, b);
    }
}

/// Appends a 14-bit value as (LSB, MSB); larger values are an error naming `what`.
pub fn push_14(out: &mut Vec<u8>, value: u16, what: &str) -> Result<(), FirmataError> {
    if value > MAX_14 {
        return Err(FirmataError::OutOfRange {
            what: format!("{what} {value} does not fit 14 bits (at most {MAX_14})"),
        });
    }
    out.push((value & 0x7F) as u8);
    out.push((value >> 7) as u8);
    Ok(())
}

/// The 14-bit value of an (LSB, MSB) pair.
pub fn value_14(lsb: u8, msb: u8) -> u16 {
    u16::from(lsb & 0x7F) | (u16::from(msb & 0x7F) << 7)
}

/// Checks that every payload byte is 7-bit.
pub fn check_seven_bit(payload: &[u8]) -> Result<(), FirmataError> {
    match payload.iter().position(|b| b & 0x80 != 0) {
        Some(index) => Err(FirmataError::NotSevenBit {
            index,
            value: payload[index],
        }),
        None => Ok(()),
    }
}

/// Decodes LSB/MSB pairs back into bytes; an odd count or a pair above 255 is an error.
pub fn decode_bytes(pairs: &[u8]) -> Result<Vec<u8>, FirmataError> {
    if pairs.len() % 2 != 0 {
        return Err(FirmataError::OddPairs { len: pairs.len() });
    }
    check_seven_bit(pairs)?;
    pairs
        .chunks_exact(2)
        .enumerate()
        .map(|(index, p)| {
            let value = value_14(p[0], p[1]);
            u8::try_from(value).map_err(|_| FirmataError::PairTooWide { index, value })
        })
        .collect()
}
