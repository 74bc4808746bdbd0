//! Mutex locking that survives poisoning: a panicked test thread must not take the simulated
//! lab down with it, and non-test code never unwraps.

use std::sync::{Mutex, MutexGuard};

/// Locks `m`, taking the value even if another holder panicked.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
