//! How a run's progress is shown: a bar per module with its current step on a terminal (stderr),
//! plain lines otherwise (CI logs); `-q` prints nothing, `-v` adds each step's message.

use std::collections::HashMap;
use std::io::IsTerminal;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::results::Outcome;
use crate::runner::progress::Progress;

/// The progress display of one run.
pub struct View {
    quiet: bool,
    verbose: bool,
    steps: u64,
    bars: Option<(MultiProgress, HashMap<String, ProgressBar>)>,
}

fn word(o: Outcome) -> &'static str {
    match o {
        Outcome::Pass => "PASS",
        Outcome::Fail => "FAIL",
        Outcome::Error => "ERROR",
        Outcome::Skip => "SKIP",
        Outcome::Timeout => "TIMEOUT",
    }
}

fn human_s(s: f64) -> String {
    if s >= 3600.0 {
        format!("{:.1} h", s / 3600.0)
    } else if s >= 60.0 {
        format!("{:.1} min", s / 60.0)
    } else {
        format!("{s:.1} s")
    }
}

impl View {
    /// Bars when stderr is a terminal and there are not too many modules to show; plain lines
    /// otherwise.
    pub fn new(quiet: bool, verbose: bool, modules: usize, steps: usize) -> Self {
        let bars = (!quiet && std::io::stderr().is_terminal() && modules <= 64).then(|| {
            (
                MultiProgress::with_draw_target(ProgressDrawTarget::stderr()),
                HashMap::new(),
            )
        });
        View {
            quiet,
            verbose,
            steps: steps as u64,
            bars,
        }
    }

    fn bar(&mut self, slot: &str) -> Option<&ProgressBar> {
        let steps = self.steps;
        let (multi, bars) = self.bars.as_mut()?;
        Some(bars.entry(slot.to_string()).or_insert_with(|| {
            let bar = multi.add(ProgressBar::new(steps));
            bar.set_style(
                ProgressStyle::with_template("{prefix:>12} [{bar:20}] {pos}/{len} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_prefix(slot.to_string());
            bar
        }))
    }

    /// Shows one event.
    pub fn show(&mut self, p: &Progress) {
        if self.quiet {
            return;
        }
        let plain = self.bars.is_none();
        let verbose = self.verbose;
        match p {
            Progress::Started { modules, steps, .. } => {
                if plain {
                    eprintln!("run: {modules} module(s), {steps} step(s) each");
                }
            }
            Progress::Identified { slot, what } => match self.bar(slot) {
                Some(b) => b.set_message(what.clone()),
                None => eprintln!("{slot}: {what}"),
            },
            Progress::StepStarted {
                slot,
                check,
                planned_s,
            } => {
                let eta = if *planned_s >= 60.0 {
                    format!(" (at least {} on the run clock)", human_s(*planned_s))
                } else {
                    String::new()
                };
                match self.bar(slot) {
                    Some(b) => b.set_message(format!("{check}{eta}")),
                    None if verbose => eprintln!("{slot}: {check} started{eta}"),
                    None => {}
                }
            }
            Progress::StepFinished {
                slot,
                check,
                outcome,
                duration_s,
                message,
                resumed,
            } => {
                let line = if *resumed {
                    format!("{slot}: {check} (done before the resume)")
                } else if verbose || *outcome != Outcome::Pass {
                    format!(
                        "{slot}: {check} {} in {}: {message}",
                        word(*outcome),
                        human_s(*duration_s)
                    )
                } else {
                    format!(
                        "{slot}: {check} {} in {}",
                        word(*outcome),
                        human_s(*duration_s)
                    )
                };
                match self.bar(slot) {
                    Some(b) => {
                        b.inc(1);
                        if *outcome != Outcome::Pass && !*resumed {
                            b.println(line);
                        }
                    }
                    None => eprintln!("{line}"),
                }
            }
            Progress::Finished => {}
        }
    }

    /// Clears the bars.
    pub fn finish(&mut self) {
        if let Some((_, bars)) = &self.bars {
            for b in bars.values() {
                b.finish();
            }
        }
    }
}
