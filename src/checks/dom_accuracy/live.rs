//! [`Live`]: a module's decoded memory kept current by re-reading only the segments that hold
//! live values, and [`Live::wait_ready`], the bounded wait until its monitors can be trusted.
//!
//! Shared by `dom_accuracy`, `thermal_sweep` and `link_budget`: one full snapshot at the start
//! (identity, thresholds, wavelength), then cheap refreshes of
//! - SFF-8472: A2h bytes 0-127 (monitors 96-109, status 110; reference/sff-8472.md);
//! - SFF-8636: the lower page (status 2, monitors 22-81, Tx disable 86; reference/sff-8636.md);
//! - CMIS: the lower page (state byte 3, monitors 14-17) and page 11h of every bank read
//!   (data-path states 128-131, lane monitors 154-201; reference/cmis.md).

use std::time::Duration;

use tokio::time::Instant;

use crate::addr::{DeviceAddr, Half, SegmentId};
use crate::checks::CheckEnv;
use crate::memmap::cmis::lower_status::ModuleState;
use crate::memmap::decoded::{Details, Spec};
use crate::memmap::{self, Decoded, ModuleImage};

/// How long a module may take until its monitors are valid and its lasers on: the 90 s a
/// cooled SFP may take (qualification.md §6 t_start_up), which also covers the 60 s fallback for
/// CMIS ModuleReady and 10 s for the data path.
pub(crate) const READY_TIMEOUT: Duration = Duration::from_secs(90);

/// Poll interval while waiting (the 100 ms FBOSS uses for ModuleReady, qualification.md §6).
pub(crate) const READY_POLL: Duration = Duration::from_millis(100);

/// Time given to the monitors after the module became ready (or its lasers came on) while we
/// waited: a monitor refreshes on its own cycle, and the laser is still turning on (SFF-8472
/// lists 300 ms for a power-level change to settle, qualification.md §6; 500 ms covers it).
pub(crate) const READY_SETTLE: Duration = Duration::from_millis(500);

/// A decoded module whose live values can be refreshed.
#[derive(Debug)]
pub(crate) struct Live {
    image: ModuleImage,
    /// The latest decode.
    pub decoded: Decoded,
    live: Vec<SegmentId>,
}

/// Whether the transmitters are on, so that Tx power, bias and the light at the far end mean
/// something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lasers {
    /// On (lanes the module reports as disabled are listed, 1-based).
    On {
        /// Lanes disabled on their own (SFF-8636 byte 86).
        disabled: Vec<u16>,
    },
    /// Off, with the reason.
    Off(String),
}

/// What the status bytes say now.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// The module reports no monitors at all.
    NoDom(String),
    /// The module is in a fault state: it will not become ready by waiting.
    Fault(String),
    /// Monitors not valid yet.
    NotReady(String),
    /// Monitors valid; lasers on, or not (yet) with the reason.
    Valid(Result<Vec<u16>, String>),
}

/// Why [`Live::wait_ready`] gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotReady {
    /// The module has no monitors (nothing to check: skip).
    NoDom(String),
    /// Bus trouble, a fault state or a timeout (an error of the check).
    Error(String),
}

impl Live {
    /// Reads every advertised page and decodes them.
    pub async fn snapshot(env: &mut CheckEnv<'_>) -> Result<Live, String> {
        let (dump, decoded) = env
            .snapshot()
            .await
            .map_err(|e| format!("reading the module: {e}"))?;
        let live = live_segments(decoded.spec, &dump.image);
        Ok(Live {
            image: dump.image,
            decoded,
            live,
        })
    }

    /// Re-reads the live segments and decodes again.
    pub async fn refresh(&mut self, env: &mut CheckEnv<'_>) -> Result<(), String> {
        for &segment in &self.live {
            let page = env
                .module
                .read_segment(segment)
                .await
                .map_err(|e| format!("reading the module: {e}"))?;
            self.image.insert(segment, page);
        }
        self.decoded = memmap::decode(&self.image).map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Waits, refreshing every [`READY_POLL`], until the monitors are valid and the lasers on
    /// (at most [`READY_TIMEOUT`]). Monitors valid but lasers still off at the deadline gives
    /// [`Lasers::Off`]; monitors never valid, a fault state or a bus error gives an error.
    pub async fn wait_ready(&mut self, env: &mut CheckEnv<'_>) -> Result<Lasers, NotReady> {
        let deadline = Instant::now() + READY_TIMEOUT;
        let mut waited = false;
        loop {
            let state = state(&self.decoded);
            let late = Instant::now() >= deadline;
            match state {
                State::NoDom(why) => return Err(NotReady::NoDom(why)),
                State::Fault(why) => return Err(NotReady::Error(why)),
                State::Valid(Ok(disabled)) => {
                    if waited {
                        tokio::time::sleep(READY_SETTLE).await;
                        self.refresh(env).await.map_err(NotReady::Error)?;
                    }
                    return Ok(Lasers::On { disabled });
                }
                State::Valid(Err(why)) if late => return Ok(Lasers::Off(why)),
                State::NotReady(why) if late => {
                    return Err(NotReady::Error(format!(
                        "monitors not valid after {} s: {why}",
                        READY_TIMEOUT.as_secs()
                    )));
                }
                State::Valid(Err(_)) | State::NotReady(_) => {}
            }
            waited = true;
            tokio::time::sleep(READY_POLL).await;
            self.refresh(env).await.map_err(NotReady::Error)?;
        }
    }

    /// The module's nominal laser wavelength in nm, when it declares one.
    pub fn wavelength_nm(&self) -> Option<f64> {
        let nm = match &self.decoded.details {
            Details::Sff8472(d) => d.identity.wavelength_nm.map(f64::from),
            Details::Sff8636(d) => match d.serial_id.as_ref().map(|s| s.media) {
                Some(memmap::sff8636::Media::Optical { wavelength_nm, .. }) => Some(wavelength_nm),
                _ => None,
            },
            Details::Cmis(d) => d.page01.as_ref().map(|p| p.nominal_wavelength_nm),
        };
        nm.filter(|v| v.is_finite() && *v > 0.0)
    }
}

/// The segments holding live values, of those present in `image`.
fn live_segments(spec: Spec, image: &ModuleImage) -> Vec<SegmentId> {
    image
        .segments()
        .map(|(id, _)| id)
        .filter(|id| match spec {
            Spec::Sff8472 => *id == SegmentId::A2_LOWER,
            Spec::Sff8436 | Spec::Sff8636 => *id == SegmentId::LOWER,
            Spec::Cmis => {
                *id == SegmentId::LOWER
                    || (id.device == DeviceAddr::A0
                        && matches!(id.half, Half::Upper(sel) if sel.page == 0x11))
            }
        })
        .collect()
}

/// Reads the status bytes of the decode.
fn state(d: &Decoded) -> State {
    match &d.details {
        Details::Sff8472(s) => {
            if !s.diagnostics.ddm {
                return State::NoDom("A0h byte 92 bit 6: no digital diagnostics".into());
            }
            let Some(st) = s.status.as_ref().map(|a| a.status) else {
                return State::NoDom("A2h was not read".into());
            };
            // A2h 110 bit 0 Data_Ready_Bar (qualification.md §6: must read 0 before DOM).
            if st.data_not_ready {
                return State::NotReady("A2h 110.0 Data_Ready_Bar set".into());
            }
            State::Valid(if st.tx_disable_state || st.soft_tx_disable {
                Err("Tx disabled (A2h 110 bits 7/6)".into())
            } else if st.tx_fault {
                Err("TX_FAULT asserted (A2h 110.2)".into())
            } else {
                Ok(Vec::new())
            })
        }
        Details::Sff8636(s) => {
            // Lower byte 2 bit 0 Data_Not_Ready.
            if s.status.data_not_ready {
                return State::NotReady("byte 2 bit 0 Data_Not_Ready set".into());
            }
            // Byte 86 bits 3-0: Tx disable per lane.
            let disabled: Vec<u16> = (1u16..)
                .zip(s.controls.tx_disable)
                .filter_map(|(lane, off)| off.then_some(lane))
                .collect();
            State::Valid(if disabled.len() == s.controls.tx_disable.len() {
                Err("every lane Tx disabled (byte 86)".into())
            } else {
                Ok(disabled)
            })
        }
        Details::Cmis(c) => {
            let Some(lower) = &c.lower else {
                return State::NoDom("the lower page was not read".into());
            };
            match lower.status.module_state {
                ModuleState::Fault => State::Fault("module in ModuleFault (byte 3)".into()),
                ModuleState::PwrUp => State::NotReady("module in ModulePwrUp (byte 3)".into()),
                ModuleState::Reserved(n) => {
                    State::NotReady(format!("reserved module state {n} (byte 3)"))
                }
                ModuleState::LowPwr => State::Valid(Err("module in ModuleLowPwr".into())),
                ModuleState::PwrDn => State::Valid(Err("module in ModulePwrDn".into())),
                ModuleState::Ready => State::Valid(cmis_lasers(c)),
            }
        }
    }
}

/// Data-path states (Page 11h:128-131, cmis.md §7): lasers on once some lane is DPActivated (4)
/// and none is in a transient state (DPInit 2, DPDeinit 3, DPTxTurnOn 5, DPTxTurnOff 6).
/// A module without page 11h (flat memory) counts as on when ModuleReady.
fn cmis_lasers(c: &memmap::cmis::Details) -> Result<Vec<u16>, String> {
    let states: Vec<u8> = c
        .banks
        .iter()
        .filter_map(|b| b.page11.as_ref())
        .flat_map(|p| p.lanes.iter().map(|l| l.dp_state.0))
        .collect();
    if states.is_empty() {
        return Ok(Vec::new());
    }
    let transient = states.iter().any(|s| matches!(s, 2 | 3 | 5 | 6));
    let active = states.contains(&4);
    if active && !transient {
        Ok(Vec::new())
    } else {
        Err(format!(
            "no data path activated (Page 11h states {states:?})"
        ))
    }
}
