//! [`Rendezvous`]: a barrier that modules cross together (every module at the chamber's next
//! setpoint before it moves), and that a module leaving the run (done, stopped, failed out)
//! no longer holds up.

use std::sync::Mutex;

use tokio::sync::Notify;

/// A reusable barrier for a changing number of participants.
#[derive(Debug)]
pub struct Rendezvous {
    state: Mutex<State>,
    notify: Notify,
    /// What the last leader reported at its release (e.g. how long the chamber took to settle).
    note: Mutex<Option<f64>>,
}

#[derive(Debug)]
struct State {
    participants: usize,
    arrived: usize,
    generation: u64,
}

/// What crossing the barrier made of this caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The last to arrive: acts for everyone (e.g. sets the chamber), then calls
    /// [`Rendezvous::release`].
    Leader,
    /// Waits for the leader's release.
    Follower,
}

impl Rendezvous {
    /// A barrier for `participants`.
    pub fn new(participants: usize) -> Self {
        Rendezvous {
            state: Mutex::new(State {
                participants,
                arrived: 0,
                generation: 0,
            }),
            notify: Notify::new(),
            note: Mutex::new(None),
        }
    }

    /// [`release`](Self::release), leaving `note` for the followers to read with
    /// [`last_note`](Self::last_note) (the same figure for every module).
    pub fn release_with(&self, note: Option<f64>) {
        if let Ok(mut n) = self.note.lock() {
            *n = note;
        }
        self.release();
    }

    /// What the leader of the last crossing left with [`release_with`](Self::release_with).
    pub fn last_note(&self) -> Option<f64> {
        self.note.lock().ok().and_then(|n| *n)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Arrives. The last participant to arrive gets [`Role::Leader`] at once; the others wait
    /// until the leader calls [`release`](Self::release) (or leaves), then get
    /// [`Role::Follower`].
    pub async fn arrive(&self) -> Role {
        let generation = {
            let mut s = self.lock();
            s.arrived += 1;
            if s.arrived >= s.participants {
                return Role::Leader;
            }
            s.generation
        };
        loop {
            let notified = self.notify.notified();
            if self.lock().generation != generation {
                return Role::Follower;
            }
            notified.await;
        }
    }

    /// The leader is done: everyone waiting goes on, and the barrier is ready for the next
    /// crossing.
    pub fn release(&self) {
        let mut s = self.lock();
        s.arrived = 0;
        s.generation += 1;
        drop(s);
        self.notify.notify_waiters();
    }

    /// A participant leaves for good (finished its checks, stopped, or failed out of the
    /// remaining steps). Returns `true` when everyone still in the run is now waiting at the
    /// barrier: nobody else will arrive to lead them, so the caller must do the shared step for
    /// them and call [`release`](Self::release).
    pub fn leave(&self) -> bool {
        let mut s = self.lock();
        s.participants = s.participants.saturating_sub(1);
        s.arrived > 0 && s.arrived >= s.participants
    }

    /// Starts a new shared step with `participants` (the modules that run it).
    pub fn reset(&self, participants: usize) {
        let mut s = self.lock();
        s.participants = participants;
        s.arrived = 0;
        s.generation += 1;
        drop(s);
        self.notify.notify_waiters();
    }

    /// Participants still in the run.
    pub fn participants(&self) -> usize {
        self.lock().participants
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn everyone_waits_for_the_leader_each_time() {
        let r = Arc::new(Rendezvous::new(3));
        let acted = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..3 {
            let (r, acted) = (Arc::clone(&r), Arc::clone(&acted));
            tasks.push(tokio::spawn(async move {
                let mut seen = Vec::new();
                for round in 0..4 {
                    if r.arrive().await == Role::Leader {
                        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
                        acted.fetch_add(1, Ordering::SeqCst);
                        r.release();
                    }
                    // Nobody passes round n before the leader of round n acted.
                    seen.push(acted.load(Ordering::SeqCst) > round);
                }
                seen
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), vec![true; 4]);
        }
        assert_eq!(acted.load(Ordering::SeqCst), 4);
    }

    #[tokio::test(start_paused = true)]
    async fn a_leaving_participant_does_not_hold_the_others() {
        let r = Arc::new(Rendezvous::new(2));
        let r2 = Arc::clone(&r);
        let waiter = tokio::spawn(async move { r2.arrive().await });
        tokio::task::yield_now().await;
        // The other participant leaves; the waiter is the only one left and has arrived.
        assert!(
            r.leave(),
            "the caller must act as leader for the waiting one"
        );
        r.release();
        assert_eq!(waiter.await.unwrap(), Role::Follower);
        assert_eq!(r.participants(), 1);
        assert_eq!(r.arrive().await, Role::Leader);
    }
}
