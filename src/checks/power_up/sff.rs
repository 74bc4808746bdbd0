//! Power-up of SFF-8472 and SFF-8636 modules: time from power-on until the data-ready bit
//! clears (SFF-8472 A2h 110 b0 Data_Ready_Bar, reference/sff-8472.md §2.1; SFF-8636 byte 2 b0
//! Data_Not_Ready, reference/sff-8636.md §1), then the transmitter faults and, for SFF-8636
//! power classes 5-8, the high-power-class enable of byte 93.

use std::time::Duration;

use tokio::time::Instant;

use super::{Findings, host_power_cycle, ms_text};
use crate::addr::SegmentId;
use crate::checks::common::{Family, Poll, Polled, Verdict, poll, yes_no};
use crate::checks::{AttemptResult, CheckEnv};
use crate::memmap::decoded::{Decoded, Details};
use crate::plan::checks::PowerUpParams;

/// What an SFF module offers this check.
struct Layout {
    /// The data-ready bit: segment, byte, its name.
    ready: (SegmentId, u8, &'static str),
    /// Limit until data ready.
    limit: Duration,
    /// SFF-8472: TX_FAULT readable in A2h 110 b2 (A0h 93 b5 soft TX_FAULT monitoring).
    sfp_tx_fault: bool,
    /// SFF-8636: Tx fault flags (byte 4 b3-0) implemented (Page 00h:195 b3).
    qsfp_tx_fault: bool,
    /// SFF-8636: byte 93 bits the power class needs (b2 classes 5-7, b3 class 8).
    class_enable: Option<(u8, u8)>,
}

fn layout(params: &PowerUpParams, d: &Decoded, family: Family) -> Result<Layout, String> {
    match &d.details {
        Details::Sff8472(s) => {
            if !s.diagnostics.ddm || s.diagnostics.address_change_required {
                return Err(
                    "the module has no directly readable A2h (A0h byte 92 bit 6 clear or \
                     bit 2 set): Data_Ready_Bar cannot be read"
                        .into(),
                );
            }
            Ok(Layout {
                ready: (SegmentId::A2_LOWER, 110, "Data_Ready_Bar (A2h 110 bit 0)"),
                limit: params.sfp_t_init,
                sfp_tx_fault: s.enhanced_options.soft_tx_fault,
                qsfp_tx_fault: false,
                class_enable: None,
            })
        }
        Details::Sff8636(s) => {
            let id = s.serial_id.as_ref();
            // Page 00h:129 classes (reference/sff-8636.md §2): 5-7 need 93 b2, 8 needs 93 b3.
            let class_enable = match d.power.class {
                Some(c @ 5..=7) => Some((c, 0x04)),
                Some(8) => Some((8, 0x08)),
                _ => None,
            };
            Ok(Layout {
                ready: (SegmentId::LOWER, 2, "Data_Not_Ready (byte 2 bit 0)"),
                limit: params.qsfp_t_init,
                sfp_tx_fault: false,
                qsfp_tx_fault: id.is_some_and(|i| i.options_195.is_set(3)),
                class_enable,
            })
        }
        Details::Cmis(_) => Err(format!("{family:?} module decoded as CMIS")),
    }
}

/// Runs the cycles on an SFF-8472 or SFF-8636 module.
pub async fn run(
    params: &PowerUpParams,
    env: &mut CheckEnv<'_>,
    decoded: &Decoded,
    family: Family,
    check_start: Instant,
) -> AttemptResult {
    let l = match layout(params, decoded, family) {
        Ok(l) => l,
        Err(why) => return AttemptResult::skip(why),
    };
    let mut f = Findings::default();
    let mut cycles_done = 0;
    for cycle in 1..=params.cycles {
        let t0 = if host_power_cycle(env, params.off_time).await {
            Instant::now()
        } else {
            f.notes.push(
                "the host cannot power-cycle the module and an SFF module has no software \
                 power cycle: only the current start was timed, from the start of the check"
                    .into(),
            );
            check_start
        };
        cycles_done = cycle;
        let host_cycled = t0 != check_start;
        if !one_cycle(env, &l, cycle, t0, &mut f).await || !host_cycled {
            break;
        }
    }
    let (_, _, name) = l.ready;
    let max = f.timings.max_of("data_ready_ms").map_or_else(
        || "not measured".to_string(),
        |v| format!("cleared in at most {v:.0} ms"),
    );
    f.finish(format!(
        "{cycles_done} power cycle(s): {name} {max} (limit {})",
        ms_text(l.limit)
    ))
}

/// One cycle from `t0`; `false` stops the cycles (the module is stuck or the bus failed).
async fn one_cycle(
    env: &mut CheckEnv<'_>,
    l: &Layout,
    cycle: u32,
    t0: Instant,
    f: &mut Findings,
) -> bool {
    let (seg, byte, name) = l.ready;
    let p = Poll::new(seg, byte, 1, l.limit).tolerant();
    match poll(env.module, t0, &p, |b| match b.first() {
        Some(v) if v & 0x01 == 0 => Verdict::Done,
        _ => Verdict::Wait,
    })
    .await
    {
        Polled::Done { elapsed, .. } => {
            f.timings
                .record(cycle, "data_ready_ms", elapsed, Some(l.limit));
        }
        Polled::TimedOut { elapsed, .. } | Polled::Abort { elapsed, .. } => {
            f.timings
                .record(cycle, "data_ready_ms", elapsed, Some(l.limit));
            f.problems.push(format!(
                "cycle {cycle}: {name} still set {} after power-on (limit {}): gave up",
                ms_text(elapsed),
                ms_text(l.limit)
            ));
            return false;
        }
        Polled::Bus { elapsed, error } => {
            f.error = Some(format!(
                "cycle {cycle}: the module did not answer {} after power-on: {error}",
                ms_text(elapsed)
            ));
            return false;
        }
    }
    if let Err(e) = after_ready(env, l, cycle, t0, f).await {
        f.error = Some(format!("cycle {cycle}: {e}"));
        return false;
    }
    true
}

/// Transmitter faults and the power class enable, once data is ready.
async fn after_ready(
    env: &mut CheckEnv<'_>,
    l: &Layout,
    cycle: u32,
    t0: Instant,
    f: &mut Findings,
) -> Result<(), crate::module::ModuleError> {
    if l.sfp_tx_fault {
        // TX_FAULT may be asserted until t_init has passed (reference/qualification.md §6).
        tokio::time::sleep_until(t0 + l.limit).await;
        let b = env.module.read(SegmentId::A2_LOWER, 110, 1).await?;
        let fault = b.first().is_some_and(|v| v & 0x04 != 0);
        if fault {
            f.problems.push(format!(
                "cycle {cycle}: TX_FAULT (A2h 110 bit 2) asserted after t_init"
            ));
        }
        f.timings
            .push(yes_no(format!("cycle{cycle}.tx_fault_clear"), !fault));
    }
    if let Some((class, bit)) = l.class_enable {
        // Byte 93: b0 Power_override (software controls the power mode), b1 Power_set clear
        // (high power), and the class enable (reference/sff-8636.md §1).
        let old = env.module.read(SegmentId::LOWER, 93, 1).await?;
        let want = (old.first().copied().unwrap_or(0) & 0xF0) | 0x01 | bit;
        env.module.write(SegmentId::LOWER, 93, &[want]).await?;
        let back = env.module.read(SegmentId::LOWER, 93, 1).await?;
        let got = back.first().copied().unwrap_or(0);
        let ok = got & 0x0F == want & 0x0F;
        if !ok {
            f.problems.push(format!(
                "cycle {cycle}: power class {class} not enabled: byte 93 written 0x{want:02x}, \
                 reads 0x{got:02x}"
            ));
        }
        f.timings
            .push(yes_no(format!("cycle{cycle}.high_power_class_enabled"), ok));
    }
    if l.qsfp_tx_fault {
        // Byte 4 b3-0 latch: the first read clears what power-up left, the second shows now.
        env.module.read(SegmentId::LOWER, 4, 1).await?;
        let b = env.module.read(SegmentId::LOWER, 4, 1).await?;
        let lanes = b.first().copied().unwrap_or(0) & 0x0F;
        if lanes != 0 {
            let list: Vec<String> = (0..4)
                .filter(|i| lanes & (1 << i) != 0)
                .map(|i| (i + 1).to_string())
                .collect();
            f.problems.push(format!(
                "cycle {cycle}: Tx fault (byte 4) on lane(s) {}",
                list.join(", ")
            ));
        }
        f.timings
            .push(yes_no(format!("cycle{cycle}.tx_fault_clear"), lanes == 0));
    }
    Ok(())
}
