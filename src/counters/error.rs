//! The one error type of the counter sources.

/// Why counters could not be read. Every variant is an ERROR of the run (design.md §5), never a
/// FAIL of the module.
#[derive(Debug, thiserror::Error)]
pub enum CounterError {
    /// The source address or configuration is malformed.
    #[error("invalid counter source {0}")]
    InvalidSource(String),
    /// Could not connect to the counter server (redis refused, unreachable host).
    #[error("cannot connect to {addr}: {source}")]
    Connect {
        /// `host:port` tried.
        addr: String,
        /// The operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// No answer within the time allowed.
    #[error("timed out after {ms} ms: {what}")]
    Timeout {
        /// What was waited for.
        what: String,
        /// How long.
        ms: u64,
    },
    /// The server answered with something the protocol does not allow.
    #[error("protocol error: {0}")]
    Protocol(String),
    /// The server answered with an error reply (redis `-ERR …`).
    #[error("server error: {0}")]
    Server(String),
    /// The port is not known to the source (not in `COUNTERS_PORT_NAME_MAP`, no such interface).
    #[error("unknown port {port}: {detail}")]
    UnknownPort {
        /// The port asked for.
        port: String,
        /// Where it was looked up.
        detail: String,
    },
    /// The port exists but none of its FEC counters is present.
    #[error("no fec counters for port {port} in {location}")]
    MissingCounters {
        /// The port asked for.
        port: String,
        /// Where they were looked for (redis key, command).
        location: String,
    },
    /// A counter value could not be read as a number.
    #[error("bad value for {field}: {value:?}")]
    BadValue {
        /// Field or key name.
        field: String,
        /// The text found.
        value: String,
    },
    /// A command's output could not be parsed.
    #[error("cannot parse output of {what}: {detail}")]
    Parse {
        /// Which command or format.
        what: String,
        /// What was wrong.
        detail: String,
    },
    /// A command could not be started.
    #[error("cannot run {program}: {source}")]
    Spawn {
        /// The program.
        program: String,
        /// The operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// A command ran and failed.
    #[error("{command} exited with {status}: {stderr}")]
    CommandFailed {
        /// The command line, for the report.
        command: String,
        /// Exit status as text (`exit status: 1`, `signal: 9`).
        status: String,
        /// The first part of its standard error, trimmed.
        stderr: String,
    },
    /// The source cannot serve counters now (simulator state lost, module value absent).
    #[error("{0}")]
    Unavailable(String),
    /// An operating-system error on an open connection.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}
