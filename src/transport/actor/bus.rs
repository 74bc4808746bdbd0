//! The actor task and its handles.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{broadcast, mpsc, oneshot};

use crate::transport::{Capabilities, Transport, TransportError};

use super::op::{Op, Outcome, Request, RetryPolicy};
use super::stats::{BusStats, FAILED_ATTEMPT_BITS, read_bits, write_bits};

/// How an actor runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusConfig {
    /// Longest a single transport call may take before the bus is declared unhealthy.
    pub op_timeout: Duration,
    /// Longest a caller waits for its request, queueing included. A request given up while
    /// still queued is skipped, never run late.
    pub request_timeout: Duration,
    /// Requests that may wait in the queue.
    pub queue: usize,
}

impl Default for BusConfig {
    fn default() -> Self {
        BusConfig {
            op_timeout: Duration::from_secs(1),
            request_timeout: Duration::from_secs(30),
            queue: 64,
        }
    }
}

/// State shared by the actor and its handles.
struct Shared {
    caps: Capabilities,
    name: String,
    /// Why the bus is unhealthy, once it is.
    unhealthy: Mutex<Option<String>>,
    totals: Mutex<BusStats>,
    next_context: AtomicU64,
}

impl Shared {
    fn unhealthy(&self) -> Option<String> {
        self.unhealthy
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn mark_unhealthy(&self, why: String) {
        let mut guard = self
            .unhealthy
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if guard.is_none() {
            *guard = Some(why);
        }
    }

    fn add(&self, stats: BusStats) {
        *self.totals.lock().unwrap_or_else(PoisonError::into_inner) += stats;
    }

    fn unhealthy_error(&self, why: &str) -> TransportError {
        TransportError::Disconnected(format!(
            "bus {} is unhealthy ({why}); no request is sent until it is reopened",
            self.name
        ))
    }
}

/// Operations run before a request whenever the bus last served another context.
#[derive(Debug)]
struct Context {
    id: u64,
    prelude: Vec<Op>,
}

struct Job {
    context: Arc<Context>,
    request: Request,
    reply: oneshot::Sender<Outcome>,
}

/// A module's way to the bus actor. Clones share the context (mux channel); make a handle for
/// another position on the bus with [`BusHandle::with_context`].
#[derive(Clone)]
pub struct BusHandle {
    tx: mpsc::Sender<Job>,
    shared: Arc<Shared>,
    context: Arc<Context>,
    request_timeout: Duration,
}

impl std::fmt::Debug for BusHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BusHandle")
            .field("bus", &self.shared.name)
            .field("context", &self.context.id)
            .finish()
    }
}

/// Starts the actor for `transport`; it runs until every handle is dropped. Must be called
/// within a tokio runtime.
pub fn spawn(transport: Box<dyn Transport>, config: BusConfig) -> BusHandle {
    start(transport, config, None)
}

/// Like [`spawn`], and also stops when `shutdown` receives a value (or its sender is dropped).
pub fn spawn_with_shutdown(
    transport: Box<dyn Transport>,
    config: BusConfig,
    shutdown: broadcast::Receiver<()>,
) -> BusHandle {
    start(transport, config, Some(shutdown))
}

fn start(
    transport: Box<dyn Transport>,
    config: BusConfig,
    shutdown: Option<broadcast::Receiver<()>>,
) -> BusHandle {
    let shared = Arc::new(Shared {
        caps: transport.capabilities(),
        name: transport.describe(),
        unhealthy: Mutex::new(None),
        totals: Mutex::new(BusStats::default()),
        next_context: AtomicU64::new(1),
    });
    let (tx, rx) = mpsc::channel(config.queue.max(1));
    let actor = Actor {
        transport: Some(transport),
        shared: Arc::clone(&shared),
        op_timeout: config.op_timeout,
        current_context: None,
    };
    tokio::spawn(actor.run(rx, shutdown));
    BusHandle {
        tx,
        shared,
        context: Arc::new(Context {
            id: 0,
            prelude: Vec::new(),
        }),
        request_timeout: config.request_timeout,
    }
}

impl BusHandle {
    /// The backend's capabilities.
    pub fn capabilities(&self) -> Capabilities {
        self.shared.caps
    }

    /// The backend's description.
    pub fn describe(&self) -> &str {
        &self.shared.name
    }

    /// A handle for another position on this bus: `prelude` (e.g. a mux channel select) runs
    /// before any request of the new handle whenever the bus last served another context.
    pub fn with_context(&self, prelude: Vec<Op>) -> BusHandle {
        let id = self.shared.next_context.fetch_add(1, Ordering::Relaxed);
        BusHandle {
            context: Arc::new(Context { id, prelude }),
            ..self.clone()
        }
    }

    /// Counters of every request the bus has run, from every handle.
    pub fn totals(&self) -> BusStats {
        *self
            .shared
            .totals
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// `Err` once the bus is unhealthy (an operation timed out).
    pub fn health(&self) -> Result<(), TransportError> {
        match self.shared.unhealthy() {
            Some(why) => Err(self.shared.unhealthy_error(&why)),
            None => Ok(()),
        }
    }

    /// Runs `request` atomically on the bus.
    pub async fn run(&self, request: Request) -> Outcome {
        let fail = |e| Outcome {
            result: Err(e),
            failed_at: None,
            stats: BusStats::default(),
        };
        if let Err(e) = self.health() {
            return fail(e);
        }
        let stopped = || {
            TransportError::Disconnected(format!(
                "the actor of bus {} has stopped",
                self.shared.name
            ))
        };
        let (reply, answer) = oneshot::channel();
        let job = Job {
            context: Arc::clone(&self.context),
            request,
            reply,
        };
        let waited = tokio::time::timeout(self.request_timeout, async {
            self.tx.send(job).await.map_err(|_| stopped())?;
            answer.await.map_err(|_| stopped())
        })
        .await;
        match waited {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(e)) => fail(e),
            Err(_) => fail(TransportError::Timeout {
                what: format!("request on bus {} (queued and run)", self.shared.name),
                ms: millis(self.request_timeout),
            }),
        }
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

struct Actor {
    /// `None` once a call got stuck: the transport stays with that call.
    transport: Option<Box<dyn Transport>>,
    shared: Arc<Shared>,
    op_timeout: Duration,
    current_context: Option<u64>,
}

async fn shutdown_signal(shutdown: &mut Option<broadcast::Receiver<()>>) {
    match shutdown {
        // A value, a closed sender or a lag: all mean stop.
        Some(rx) => {
            let _ = rx.recv().await;
        }
        None => std::future::pending().await,
    }
}

impl Actor {
    async fn run(
        mut self,
        mut rx: mpsc::Receiver<Job>,
        mut shutdown: Option<broadcast::Receiver<()>>,
    ) {
        loop {
            let job = tokio::select! {
                job = rx.recv() => match job {
                    Some(job) => job,
                    None => break,
                },
                () = shutdown_signal(&mut shutdown) => break,
            };
            if job.reply.is_closed() {
                continue; // the caller gave up while the job was queued
            }
            let outcome = self.execute(&job.context, job.request).await;
            self.shared.add(outcome.stats);
            let _ = job.reply.send(outcome);
        }
    }

    async fn execute(&mut self, context: &Context, request: Request) -> Outcome {
        let mut stats = BusStats::default();
        let mut data = Vec::new();
        let mut result = Ok(());
        if self.current_context != Some(context.id) && !context.prelude.is_empty() {
            for op in &context.prelude {
                stats.context_selects += 1;
                result = self
                    .op_with_retries(op, request.retry, &mut stats, &mut data)
                    .await;
                if result.is_err() {
                    break;
                }
            }
        }
        let mut failed_at = None;
        if result.is_ok() {
            self.current_context = Some(context.id);
            for (i, op) in request.ops.iter().enumerate() {
                result = self
                    .op_with_retries(op, request.retry, &mut stats, &mut data)
                    .await;
                if result.is_err() {
                    failed_at = Some(i);
                    break;
                }
            }
        }
        if result.is_err() {
            // A failed mux select or access leaves the mux state unknown.
            self.current_context = None;
        }
        Outcome {
            result: result.map(|()| data),
            failed_at,
            stats,
        }
    }

    async fn op_with_retries(
        &mut self,
        op: &Op,
        retry: RetryPolicy,
        stats: &mut BusStats,
        data: &mut Vec<u8>,
    ) -> Result<(), TransportError> {
        let hz = self.shared.caps.bus_hz;
        let attempts = retry.attempts.max(1);
        let mut attempt = 1;
        loop {
            if attempt > 1 {
                stats.retries += 1;
            }
            match op {
                Op::Read { .. } => stats.reads += 1,
                Op::Select { .. } => {
                    stats.writes += 1;
                    stats.page_selects += 1;
                }
                Op::Write { .. } => stats.writes += 1,
            }
            let result = self.attempt(op).await;
            match result {
                Ok(bytes) => {
                    match op {
                        Op::Read { len, .. } => {
                            stats.bytes_read += *len as u64;
                            stats.add_bits(read_bits(*len), hz);
                        }
                        Op::Write { data: d, .. } | Op::Select { data: d, .. } => {
                            stats.bytes_written += d.len() as u64;
                            stats.add_bits(write_bits(d.len()), hz);
                        }
                    }
                    data.extend_from_slice(&bytes);
                    return Ok(());
                }
                Err(e) => {
                    let timed_out = matches!(e, TransportError::Timeout { .. });
                    if timed_out {
                        stats.timeouts += 1;
                    }
                    stats.add_bits(FAILED_ATTEMPT_BITS, hz);
                    if timed_out || attempt >= attempts || !RetryPolicy::retries(&e) {
                        stats.failures += 1;
                        return Err(e);
                    }
                    tracing::debug!(bus = %self.shared.name, attempt, error = %e, "retrying after a bus error");
                    tokio::time::sleep(retry.backoff(attempt)).await;
                    attempt += 1;
                }
            }
        }
    }

    /// One transport call on the blocking pool, bounded by the operation timeout.
    async fn attempt(&mut self, op: &Op) -> Result<Vec<u8>, TransportError> {
        let Some(mut transport) = self.transport.take() else {
            let why = self
                .shared
                .unhealthy()
                .unwrap_or_else(|| "its transport is gone".to_string());
            return Err(self.shared.unhealthy_error(&why));
        };
        if transport.capabilities().in_memory {
            // Nothing to wait for: no thread hand-off per transaction (this is what makes a
            // thousand simulated modules cheap).
            let result = call_transport(transport.as_mut(), op);
            self.transport = Some(transport);
            return result;
        }
        let owned = op.clone();
        let call = tokio::task::spawn_blocking(move || {
            let result = call_transport(transport.as_mut(), &owned);
            (transport, result)
        });
        match tokio::time::timeout(self.op_timeout, call).await {
            Ok(Ok((transport, result))) => {
                self.transport = Some(transport);
                result
            }
            Ok(Err(join)) => {
                let why = format!("its transport panicked: {join}");
                self.shared.mark_unhealthy(why.clone());
                Err(self.shared.unhealthy_error(&why))
            }
            Err(_) => {
                let what = format!(
                    "{} on device {} at byte {} of bus {}",
                    match op {
                        Op::Read { .. } => "read",
                        Op::Write { .. } => "write",
                        Op::Select { .. } => "page select",
                    },
                    op.device(),
                    op.offset(),
                    self.shared.name
                );
                let ms = millis(self.op_timeout);
                self.shared
                    .mark_unhealthy(format!("a {what} timed out after {ms} ms"));
                Err(TransportError::Timeout { what, ms })
            }
        }
    }
}

fn call_transport(transport: &mut dyn Transport, op: &Op) -> Result<Vec<u8>, TransportError> {
    match op {
        Op::Read {
            device,
            offset,
            len,
        } => {
            crate::transport::check_span(*offset, *len)?;
            let mut buf = vec![0u8; *len];
            transport.read(*device, *offset, &mut buf)?;
            Ok(buf)
        }
        Op::Write {
            device,
            offset,
            data,
        }
        | Op::Select {
            device,
            offset,
            data,
        } => {
            crate::transport::check_span(*offset, data.len())?;
            transport.write(*device, *offset, data)?;
            Ok(Vec::new())
        }
    }
}
