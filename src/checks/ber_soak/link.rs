//! Waiting for the module's link to carry traffic before the soak starts: a few bytes polled
//! every [`POLL`] on tokio time, up to a bound.
//!
//! - CMIS (reference/cmis.md §4, §6-7): ModuleReady (lower byte 3 b3-1 = 3); then, for paged
//!   memory, every host lane with an active AppSel (Page 11h:206-213 b7-4 ≠ 0, bank 0) in
//!   DPActivated (11h:128-131, code 4), at least one such lane, and no media lane's Tx output
//!   disabled (10h:130). Flat memory is always ModuleReady and has no data paths.
//! - SFF-8636 / SFF-8436: Data_Not_Ready (byte 2 b0) clear, and no Tx disabled (byte 86 b3-0).
//! - SFF-8472 with diagnostics (A0h 92 b6): A2h byte 110 with Data_Ready_Bar (b0), TX_FAULT (b2),
//!   soft TX disable (b6) and the TX_DISABLE pin state (b7) all clear. Without A2h nothing tells,
//!   so the link is taken as up.
//!
//! Latched flags are never read here (reading clears them, which other checks rely on).

use std::time::Duration;

use crate::addr::SegmentId;
use crate::memmap::Decoded;
use crate::memmap::decoded::{Details, Spec};
use crate::module::paged::PagedModule;

/// Poll period (FB polls ModuleReady every 100 ms, qualification.md §6).
pub const POLL: Duration = Duration::from_millis(100);

/// Slack added to the advertised CMIS durations (polling, the drawn times of a real module).
const SLACK: Duration = Duration::from_secs(10);

/// Longest wait of an SFF module: a cooled SFP may take up to 90 s to start
/// (qualification.md §6, t_start_up of cooled modules); QSFP28 ≤ 5 s.
const SFF_LIMIT: Duration = Duration::from_secs(90);

/// How long to wait for the link of a module.
///
/// CMIS: the advertised maxima of ModulePwrUp (01h:167 b3-0), DPInit (01h:144 b3-0) and
/// DPTxTurnOn (01h:168 b3-0), upper bounds of the ranges of cmis.md §4.1 (as FB and SN use
/// them), plus [`SLACK`]; a duration not advertised (code 13, reserved, page 01h absent) takes
/// FB's fallbacks: 60 s for ModuleReady, 10 s for each data path step (qualification.md §6).
/// A coherent 400ZR (ModulePwrUp code 9 → 1 min, DPInit code 10 → 5 min) gets ≈ 6 min.
pub fn limit_for(decoded: &Decoded) -> Duration {
    let Details::Cmis(d) = &decoded.details else {
        return SFF_LIMIT;
    };
    let durations = d.page01.as_ref().map(|p| p.durations);
    let bound = |pick: fn(
        &crate::memmap::cmis::page01::Durations,
    ) -> crate::memmap::cmis::durations::MaxDuration,
                 fallback: u64| {
        durations
            .as_ref()
            .and_then(|d| pick(d).upper_bound())
            .unwrap_or(Duration::from_secs(fallback))
    };
    bound(|d| d.module_pwr_up, 60)
        .saturating_add(bound(|d| d.dp_init, 10))
        .saturating_add(bound(|d| d.dp_tx_turn_on, 10))
        .saturating_add(SLACK)
}

/// What one poll saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkState {
    /// Carrying traffic.
    Up,
    /// Not yet; what is missing, for the timeout message.
    Down(String),
}

/// How to poll a module, chosen once from its decoded record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProbe {
    /// CMIS paged memory (module state and data paths).
    CmisPaged,
    /// CMIS flat memory (module state only).
    CmisFlat,
    /// SFF-8636 / SFF-8436.
    Qsfp,
    /// SFF-8472 with A2h diagnostics.
    SfpDiag,
    /// Nothing to poll.
    None,
}

impl LinkProbe {
    /// The probe for a decoded module.
    pub fn for_module(decoded: &Decoded) -> Self {
        match (&decoded.spec, &decoded.details) {
            (Spec::Cmis, Details::Cmis(d)) => {
                let flat = d.lower.as_ref().is_some_and(|l| {
                    l.status.memory_model == crate::memmap::cmis::lower_status::MemoryModel::Flat
                });
                if flat {
                    LinkProbe::CmisFlat
                } else {
                    LinkProbe::CmisPaged
                }
            }
            (Spec::Sff8636 | Spec::Sff8436, _) => LinkProbe::Qsfp,
            (Spec::Sff8472, Details::Sff8472(d)) if d.diagnostics.ddm => LinkProbe::SfpDiag,
            _ => LinkProbe::None,
        }
    }
}

/// CMIS paged: state from lower byte 3, 11h:128-131 (DP state nibbles, lane 1 in b3-0),
/// 11h:206-213 (active DPConfig) and 10h:130 (Tx disable).
pub fn cmis_state(byte3: u8, dp_states: &[u8], active: &[u8], tx_disable: u8) -> LinkState {
    // Byte 3 b3-1 ModuleState: 3 = ModuleReady (cmis.md §4).
    let module = (byte3 >> 1) & 0x07;
    if module != 3 {
        return LinkState::Down(format!("module state code {module}, not ModuleReady (3)"));
    }
    let mut in_use = 0usize;
    let mut waiting = Vec::new();
    for (i, cfg) in active.iter().enumerate().take(8) {
        if cfg >> 4 == 0 {
            continue;
        }
        in_use += 1;
        let b = dp_states.get(i / 2).copied().unwrap_or(0);
        let state = if i % 2 == 0 { b & 0x0F } else { b >> 4 };
        if state != 4 {
            waiting.push(format!("lane {} state {state}", i + 1));
        }
    }
    if in_use == 0 {
        return LinkState::Down(
            "no data path configured (active AppSel 0 on every host lane of bank 0)".into(),
        );
    }
    if !waiting.is_empty() {
        return LinkState::Down(format!(
            "data path not DPActivated (4): {}",
            waiting.join(", ")
        ));
    }
    if tx_disable != 0 {
        return LinkState::Down(format!(
            "tx output disabled on media lanes (10h:130 = 0x{tx_disable:02x})"
        ));
    }
    LinkState::Up
}

/// SFF-8636: byte 2 (b0 Data_Not_Ready) and byte 86 (b3-0 Tx4..Tx1 disable).
pub fn qsfp_state(byte2: u8, byte86: u8) -> LinkState {
    if byte2 & 0x01 != 0 {
        return LinkState::Down("Data_Not_Ready (byte 2 b0) is set".into());
    }
    if byte86 & 0x0F != 0 {
        return LinkState::Down(format!("tx disabled (byte 86 = 0x{:02x})", byte86 & 0x0F));
    }
    LinkState::Up
}

/// SFF-8472: A2h byte 110.
pub fn sfp_state(byte110: u8) -> LinkState {
    for (bit, what) in [
        (0, "Data_Ready_Bar"),
        (2, "TX_FAULT"),
        (6, "soft TX disable"),
        (7, "TX_DISABLE pin"),
    ] {
        if byte110 & (1 << bit) != 0 {
            return LinkState::Down(format!("A2h byte 110 b{bit} ({what}) is set"));
        }
    }
    LinkState::Up
}

async fn poll(module: &mut PagedModule, probe: LinkProbe) -> Result<LinkState, String> {
    let e = |e: crate::module::ModuleError| e.to_string();
    Ok(match probe {
        LinkProbe::None => LinkState::Up,
        LinkProbe::CmisFlat | LinkProbe::CmisPaged => {
            let b3 = module.read(SegmentId::LOWER, 3, 1).await.map_err(e)?;
            let byte3 = b3.first().copied().unwrap_or(0);
            if probe == LinkProbe::CmisFlat {
                // Flat memory is always ModuleReady and has no data path pages.
                LinkState::Up
            } else if (byte3 >> 1) & 0x07 != 3 {
                cmis_state(byte3, &[], &[], 0)
            } else {
                let p11 = SegmentId::banked(0, 0x11);
                let dp = module.read(p11, 128, 4).await.map_err(e)?;
                let active = module.read(p11, 206, 8).await.map_err(e)?;
                let dis = module
                    .read(SegmentId::banked(0, 0x10), 130, 1)
                    .await
                    .map_err(e)?;
                cmis_state(byte3, &dp, &active, dis.first().copied().unwrap_or(0))
            }
        }
        LinkProbe::Qsfp => {
            let b2 = module.read(SegmentId::LOWER, 2, 1).await.map_err(e)?;
            let b86 = module.read(SegmentId::LOWER, 86, 1).await.map_err(e)?;
            qsfp_state(
                b2.first().copied().unwrap_or(0xFF),
                b86.first().copied().unwrap_or(0),
            )
        }
        LinkProbe::SfpDiag => {
            let b = module.read(SegmentId::A2_LOWER, 110, 1).await.map_err(e)?;
            sfp_state(b.first().copied().unwrap_or(0xFF))
        }
    })
}

/// Polls until the link is up; returns how long it took, or what was last seen after
/// `limit` (read errors count as "not yet": a module may NACK while it starts).
pub async fn wait_up(
    module: &mut PagedModule,
    probe: LinkProbe,
    limit: Duration,
) -> Result<Duration, String> {
    let start = tokio::time::Instant::now();
    loop {
        let last = match poll(module, probe).await {
            Ok(LinkState::Up) => return Ok(start.elapsed()),
            Ok(LinkState::Down(why)) => why,
            Err(bus) => format!("read failed: {bus}"),
        };
        if start.elapsed() >= limit {
            return Err(format!("link not up after {} s: {last}", limit.as_secs()));
        }
        tokio::time::sleep(POLL).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmis_states() {
        // Byte 3 = 0x07: b3-1 = 3 ModuleReady; 11h:128-131 = 0x44 (lanes DPActivated);
        // 11h:206-213 = 0x10 (AppSel 1) on every lane; 10h:130 = 0.
        assert_eq!(cmis_state(0x07, &[0x44; 4], &[0x10; 8], 0), LinkState::Up);
        // Byte 3 = 0x03: b3-1 = 1 ModuleLowPwr.
        assert!(matches!(
            cmis_state(0x03, &[0x44; 4], &[0x10; 8], 0),
            LinkState::Down(_)
        ));
        // Lane 2 in DPInit (0x24: lane 1 = 4, lane 2 = 2).
        assert_eq!(
            cmis_state(0x07, &[0x24, 0x44, 0x44, 0x44], &[0x10; 8], 0),
            LinkState::Down("data path not DPActivated (4): lane 2 state 2".into())
        );
        // Lanes 5-8 unused (AppSel 0) may stay deactivated (0x11).
        let active = [0x10, 0x10, 0x10, 0x10, 0, 0, 0, 0];
        assert_eq!(
            cmis_state(0x07, &[0x44, 0x44, 0x11, 0x11], &active, 0),
            LinkState::Up
        );
        assert!(matches!(
            cmis_state(0x07, &[0x44; 4], &[0; 8], 0),
            LinkState::Down(_)
        ));
        assert!(matches!(
            cmis_state(0x07, &[0x44; 4], &[0x10; 8], 0x01),
            LinkState::Down(_)
        ));
    }

    #[test]
    fn qsfp_and_sfp_states() {
        assert_eq!(qsfp_state(0x00, 0x00), LinkState::Up);
        // Byte 2 = 0x01: Data_Not_Ready.
        assert!(matches!(qsfp_state(0x01, 0), LinkState::Down(_)));
        // Byte 86 = 0x04: Tx3 disabled; the upper nibble (rate select elsewhere) is ignored.
        assert!(matches!(qsfp_state(0, 0x04), LinkState::Down(_)));
        assert_eq!(qsfp_state(0, 0xF0), LinkState::Up);
        assert_eq!(sfp_state(0x00), LinkState::Up);
        // b1 (LOS) and b3-5 do not block; b0, b2, b6, b7 do.
        assert_eq!(sfp_state(0x02), LinkState::Up);
        for b in [0x01, 0x04, 0x40, 0x80] {
            assert!(matches!(sfp_state(b), LinkState::Down(_)), "{b:#x}");
        }
    }
}
