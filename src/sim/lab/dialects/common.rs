//! Pieces every simulated SCPI dialect shares: the standard SCPI error answers and, for
//! tests, a [`Command`] built by hand.

use crate::sim::lab::scpi::Answer;
#[cfg(test)]
use crate::sim::lab::scpi::Command;

/// SCPI error −224: the parameter is not one the command takes.
pub(super) const BAD_VALUE: Answer = Answer::Error(-224, "Illegal parameter value");

/// SCPI error −222: the parameter is outside the instrument's range.
pub(super) const OUT_OF_RANGE: Answer = Answer::Error(-222, "Data out of range");

/// A command as the server hands it to a responder.
#[cfg(test)]
pub(super) fn cmd<'a>(header: &'a str, query: bool, args: &'a str) -> Command<'a> {
    Command {
        header,
        query,
        args,
    }
}
