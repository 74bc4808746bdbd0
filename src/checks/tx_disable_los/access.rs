//! Where each spec keeps the soft Tx disable, the Tx power monitor and the Rx LOS state, and
//! what the module says it implements:
//!
//! | | Tx disable | Tx power | Rx LOS |
//! |---|---|---|---|
//! | SFF-8472 | A2h 110 b6 (A0h 93 b6) | A2h 102-103, 0.1 µW (A0h 92 b6) | A2h 110 b1, live (A0h 93 b4) |
//! | SFF-8636 | byte 86 b3-0 (00h:195 b4) | bytes 50-57, 0.1 µW (00h:220 b2) | byte 3 b3-0, latched |
//! | CMIS | 10h:130, bit per lane (01h:155 b1) | 11h:154-169, 0.1 µW (01h:160 b1) | 11h:147, latched (01h:158 b1) |
//!
//! (reference/sff-8472.md §1.3, §2, §2.1; sff-8636.md §1, §2; cmis.md §4, §6, §7.)

use std::time::Duration;

use crate::addr::SegmentId;
use crate::checks::common::{CMIS_P10, CMIS_P11, Family, Poll};
use crate::memmap::decoded::{Decoded, Details};
use crate::memmap::sff8472::Calibration;
use crate::memmap::units;
use crate::module::ModuleError;
use crate::module::paged::PagedModule;
use crate::plan::checks::TxDisableLosParams;

/// A limit and where it came from.
#[derive(Debug, Clone)]
pub struct Limit {
    /// The limit.
    pub value: Duration,
    /// Its source, for the message.
    pub source: &'static str,
}

/// The registers of one module.
#[derive(Debug, Clone)]
pub struct Access {
    family: Family,
    /// Lanes (1-based) the module monitors.
    pub lanes: Vec<u16>,
    /// Soft Tx disable implemented.
    pub tx_disable: bool,
    /// Tx power monitored.
    pub tx_power: bool,
    /// Rx LOS readable.
    pub rx_los: bool,
    /// SFF-8472 calibration of the Tx power reading.
    calibration: Option<Calibration>,
    /// Disable to dark.
    pub off_limit: Limit,
    /// Enable to light.
    pub on_limit: Limit,
}

impl Access {
    /// What `d` offers; CMIS modules are held to their advertised DPTxTurnOff/On maxima
    /// (Page 01h:168) when advertised, the others to the plan's limits.
    pub fn new(d: &Decoded, params: &TxDisableLosParams) -> Access {
        let lanes: Vec<u16> = d.dom.lanes.iter().map(|l| l.lane).collect();
        let plan = |value, source| Limit { value, source };
        let mut a = Access {
            family: Family::of(d.spec),
            lanes,
            tx_disable: false,
            tx_power: false,
            rx_los: false,
            calibration: None,
            off_limit: plan(params.tx_off_max, "the plan's tx_off_max"),
            on_limit: plan(params.tx_on_max, "the plan's tx_on_max"),
        };
        match &d.details {
            Details::Sff8472(s) => {
                let a2 = s.diagnostics.ddm && !s.diagnostics.address_change_required;
                a.lanes.truncate(1);
                a.tx_disable = s.enhanced_options.soft_tx_disable && a2;
                a.tx_power = a2;
                a.rx_los = s.enhanced_options.soft_rx_los && a2;
                a.calibration = s.calibration;
            }
            Details::Sff8636(s) => {
                let id = s.serial_id.as_ref();
                a.lanes.retain(|l| *l <= 4);
                a.tx_disable = id.is_some_and(|i| i.options_195.is_set(4));
                a.tx_power = id.is_some_and(|i| i.diag.tx_power);
                a.rx_los = true;
            }
            Details::Cmis(c) => {
                a.lanes.retain(|l| *l <= 8);
                let has_lane_pages = c
                    .banks
                    .iter()
                    .any(|b| b.bank == 0 && b.page10.is_some() && b.page11.is_some());
                if let Some(p1) = &c.page01 {
                    a.tx_disable = p1.controls.tx_output_disable && has_lane_pages;
                    a.tx_power = p1.lane_monitors.tx_power && has_lane_pages;
                    a.rx_los = p1.flags.rx_los && has_lane_pages;
                    if let Some(v) = p1.durations.dp_tx_turn_off.upper_bound() {
                        a.off_limit = plan(v, "advertised MaxDurationDPTxTurnOff");
                    }
                    if let Some(v) = p1.durations.dp_tx_turn_on.upper_bound() {
                        a.on_limit = plan(v, "advertised MaxDurationDPTxTurnOn");
                    }
                }
            }
        }
        a
    }

    /// The Tx disable register: segment, byte.
    fn disable_register(&self) -> (SegmentId, u8) {
        match self.family {
            Family::Sff8472 => (SegmentId::A2_LOWER, 110),
            Family::Sff8636 => (SegmentId::LOWER, 86),
            Family::Cmis => (CMIS_P10, 130),
        }
    }

    /// The Tx disable register as it is now.
    pub async fn read_disable(&self, m: &mut PagedModule) -> Result<u8, ModuleError> {
        let (seg, at) = self.disable_register();
        Ok(m.read(seg, at, 1).await?.first().copied().unwrap_or(0))
    }

    /// Writes the Tx disable register back to `saved` (only its writable bits).
    pub async fn restore_disable(&self, m: &mut PagedModule, saved: u8) -> Result<(), ModuleError> {
        let (seg, at) = self.disable_register();
        m.write(seg, at, &[self.writable(saved)]).await
    }

    /// Disables (`true`) or enables the transmitters of `lanes` (bit n = lane n+1).
    pub async fn set_disabled(
        &self,
        m: &mut PagedModule,
        lanes: u8,
        disabled: bool,
    ) -> Result<(), ModuleError> {
        let now = self.read_disable(m).await?;
        let bits = match self.family {
            // A2h 110 b6: one transmitter.
            Family::Sff8472 => 0x40,
            Family::Sff8636 => lanes & 0x0F,
            Family::Cmis => lanes,
        };
        let value = if disabled { now | bits } else { now & !bits };
        let (seg, at) = self.disable_register();
        m.write(seg, at, &[self.writable(value)]).await
    }

    /// SFF-8472 110: only b6 (soft TX_DISABLE) and b3 (soft RS(0)) are written; the other bits
    /// are pin states.
    fn writable(&self, v: u8) -> u8 {
        match self.family {
            Family::Sff8472 => v & 0x48,
            _ => v,
        }
    }

    /// A poll of the Tx power registers.
    pub fn tx_power_poll(&self, limit: Duration) -> Poll {
        match self.family {
            Family::Sff8472 => Poll::new(SegmentId::A2_LOWER, 102, 2, limit),
            Family::Sff8636 => Poll::new(SegmentId::LOWER, 50, 8, limit),
            Family::Cmis => Poll::new(CMIS_P11, 154, 16, limit),
        }
    }

    /// Tx power of `lane` (1-based) in mW from the bytes of [`Access::tx_power_poll`].
    pub fn tx_mw(&self, bytes: &[u8], lane: u16) -> Option<f64> {
        let i = usize::from(lane.checked_sub(1)?) * 2;
        let raw = u16::from_be_bytes([*bytes.get(i)?, *bytes.get(i + 1)?]);
        Some(match (&self.calibration, self.family) {
            (Some(cal), Family::Sff8472) => cal.tx_power_mw(raw).max(0.0),
            _ => units::power_mw(raw),
        })
    }

    /// A poll of the Rx LOS state or flags.
    pub fn los_poll(&self, limit: Duration) -> Poll {
        match self.family {
            Family::Sff8472 => Poll::new(SegmentId::A2_LOWER, 110, 1, limit),
            Family::Sff8636 => Poll::new(SegmentId::LOWER, 3, 1, limit),
            Family::Cmis => Poll::new(CMIS_P11, 147, 1, limit),
        }
    }

    /// Lanes with Rx LOS (bit n = lane n+1) from the bytes of [`Access::los_poll`].
    pub fn los_lanes(&self, bytes: &[u8]) -> u8 {
        let b = bytes.first().copied().unwrap_or(0);
        match self.family {
            // A2h 110 b1: RX_LOS state of the one receiver.
            Family::Sff8472 => (b >> 1) & 0x01,
            // Byte 3 b3-0: Rx4..Rx1 LOS.
            Family::Sff8636 => b & 0x0F,
            Family::Cmis => b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(family: Family) -> Access {
        let l = Limit {
            value: Duration::from_millis(1),
            source: "",
        };
        Access {
            family,
            lanes: vec![1, 2, 3, 4],
            tx_disable: true,
            tx_power: true,
            rx_los: true,
            calibration: None,
            off_limit: l.clone(),
            on_limit: l,
        }
    }

    #[test]
    fn tx_power_per_lane() {
        // Lane 2 at bytes 2-3: 0x1F40 = 8000 × 0.1 µW = 0.8 mW.
        let a = access(Family::Sff8636);
        let b = [0, 0, 0x1F, 0x40, 0, 0, 0, 0];
        assert_eq!(a.tx_mw(&b, 2), Some(0.8));
        assert_eq!(a.tx_mw(&b, 1), Some(0.0));
        assert_eq!(a.tx_mw(&b, 9), None);
        assert_eq!(a.tx_mw(&b, 0), None);
    }

    #[test]
    fn los_bits_per_family() {
        // SFF-8472 110 = 0x02: RX_LOS; 0x01 (Data_Ready_Bar) is not LOS.
        assert_eq!(access(Family::Sff8472).los_lanes(&[0x02]), 1);
        assert_eq!(access(Family::Sff8472).los_lanes(&[0x01]), 0);
        // SFF-8636 byte 3 = 0xF5: Tx LOS in b7-4 ignored; Rx1 and Rx3.
        assert_eq!(access(Family::Sff8636).los_lanes(&[0xF5]), 0x05);
        assert_eq!(access(Family::Cmis).los_lanes(&[0x81]), 0x81);
    }

    #[test]
    fn sff8472_writes_only_its_writable_bits() {
        // 110 = 0xC6 (pin, soft disable, TX_FAULT, LOS) → 0x40 written back.
        assert_eq!(access(Family::Sff8472).writable(0xC6), 0x40);
        assert_eq!(access(Family::Cmis).writable(0xC6), 0xC6);
    }
}
