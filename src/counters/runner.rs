//! Runs a command, locally or on another host over ssh, with a timeout.
//!
//! The ssh form uses the system `ssh` client in batch mode (keys or an agent, never a password
//! prompt). ssh hands the remote command to the remote shell as one string, so every argument
//! is single-quoted here.

use std::fmt;
use std::process::Stdio;
use std::str::FromStr;
use std::time::Duration;

use super::BoxFuture;
use super::error::CounterError;

/// Where a command runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandTarget {
    /// On this machine.
    Local,
    /// On `host` through `ssh`.
    Ssh {
        /// Login name, if not ssh's default.
        user: Option<String>,
        /// Host name or address.
        host: String,
        /// TCP port, if not 22.
        port: Option<u16>,
    },
}

impl FromStr for CommandTarget {
    type Err = CounterError;

    /// `local` (or the empty string), or `ssh://[user@]host[:port]`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| CounterError::InvalidSource(format!("{s:?}: {why}"));
        if s.is_empty() || s == "local" {
            return Ok(CommandTarget::Local);
        }
        let rest = s
            .strip_prefix("ssh://")
            .ok_or_else(|| bad("expected local or ssh://[user@]host[:port]"))?;
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (user, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p.parse::<u16>().map_err(|_| bad("bad port"))?)),
            None => (hostport, None),
        };
        let ok = |t: &str| {
            !t.is_empty()
                && !t.starts_with('-')
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        };
        if !ok(host) {
            return Err(bad("bad host"));
        }
        if let Some(u) = user
            && !ok(u)
        {
            return Err(bad("bad user"));
        }
        Ok(CommandTarget::Ssh {
            user: user.map(str::to_owned),
            host: host.to_owned(),
            port,
        })
    }
}

impl fmt::Display for CommandTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandTarget::Local => f.write_str("local"),
            CommandTarget::Ssh { user, host, port } => {
                f.write_str("ssh://")?;
                if let Some(u) = user {
                    write!(f, "{u}@")?;
                }
                f.write_str(host)?;
                if let Some(p) = port {
                    write!(f, ":{p}")?;
                }
                Ok(())
            }
        }
    }
}

/// Quote one argument for a POSIX shell: `'…'`, with each `'` written as `'\''`.
pub fn shell_quote(arg: &str) -> String {
    let mut out = String::with_capacity(arg.len() + 2);
    out.push('\'');
    for c in arg.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

impl CommandTarget {
    /// The argv that runs `command` (program first) on this target. Locally that is `command`
    /// itself; over ssh it is `ssh -o BatchMode=yes -o ConnectTimeout=N [-p port] --
    /// [user@]host 'prog' 'arg'…`.
    pub fn argv(&self, command: &[String], connect_timeout: Duration) -> Vec<String> {
        match self {
            CommandTarget::Local => command.to_vec(),
            CommandTarget::Ssh { user, host, port } => {
                let secs = connect_timeout.as_secs().max(1);
                let mut argv = vec![
                    "ssh".to_owned(),
                    "-o".to_owned(),
                    "BatchMode=yes".to_owned(),
                    "-o".to_owned(),
                    format!("ConnectTimeout={secs}"),
                ];
                if let Some(p) = port {
                    argv.push("-p".to_owned());
                    argv.push(p.to_string());
                }
                argv.push("--".to_owned());
                argv.push(match user {
                    Some(u) => format!("{u}@{host}"),
                    None => host.clone(),
                });
                let remote: Vec<String> = command.iter().map(|a| shell_quote(a)).collect();
                argv.push(remote.join(" "));
                argv
            }
        }
    }
}

/// Something that runs a command and returns its standard output. The real one is
/// [`CommandRunner`]; tests use a fake that answers recorded outputs.
pub trait RunCommand: Send + Sync {
    /// Run `command` (program first) and return its standard output when it exits with 0.
    fn run<'a>(&'a self, command: &'a [String]) -> BoxFuture<'a, Result<String, CounterError>>;

    /// Where commands run, for descriptions.
    fn target(&self) -> String;
}

/// Runs commands on a [`CommandTarget`] with `tokio::process`, killing them at the timeout.
#[derive(Debug, Clone)]
pub struct CommandRunner {
    target: CommandTarget,
    timeout: Duration,
}

/// Keep at most this much of a failed command's stderr in the error.
const STDERR_KEEP: usize = 400;

impl CommandRunner {
    /// A runner with a timeout for the whole command (including the ssh connection).
    pub fn new(target: CommandTarget, timeout: Duration) -> Self {
        Self { target, timeout }
    }
}

impl RunCommand for CommandRunner {
    fn run<'a>(&'a self, command: &'a [String]) -> BoxFuture<'a, Result<String, CounterError>> {
        Box::pin(async move {
            let argv = self.target.argv(command, self.timeout);
            let Some((program, args)) = argv.split_first() else {
                return Err(CounterError::InvalidSource("empty command".into()));
            };
            let shown = command.join(" ");
            let child = tokio::process::Command::new(program)
                .args(args)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .kill_on_drop(true)
                .spawn()
                .map_err(|source| CounterError::Spawn {
                    program: program.clone(),
                    source,
                })?;
            // On timeout the future (and the child in it) is dropped: kill_on_drop ends it.
            let output = tokio::time::timeout(self.timeout, child.wait_with_output())
                .await
                .map_err(|_| CounterError::Timeout {
                    what: format!("{shown} on {}", self.target),
                    ms: u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX),
                })?
                .map_err(|source| CounterError::Io {
                    context: format!("waiting for {shown}"),
                    source,
                })?;
            if !output.status.success() {
                let stderr = String::from_utf8_lossy(&output.stderr);
                let stderr: String = stderr.trim().chars().take(STDERR_KEEP).collect();
                return Err(CounterError::CommandFailed {
                    command: shown,
                    status: output.status.to_string(),
                    stderr,
                });
            }
            String::from_utf8(output.stdout).map_err(|_| CounterError::Parse {
                what: shown,
                detail: "output is not utf-8".into(),
            })
        })
    }

    fn target(&self) -> String {
        self.target.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn parses_targets() {
        assert_eq!(
            "local".parse::<CommandTarget>().unwrap(),
            CommandTarget::Local
        );
        assert_eq!("".parse::<CommandTarget>().unwrap(), CommandTarget::Local);
        assert_eq!(
            "ssh://admin@sw1.lab:2222".parse::<CommandTarget>().unwrap(),
            CommandTarget::Ssh {
                user: Some("admin".into()),
                host: "sw1.lab".into(),
                port: Some(2222)
            }
        );
        let t: CommandTarget = "ssh://10.0.0.7".parse().unwrap();
        assert_eq!(t.to_string(), "ssh://10.0.0.7");
        for bad in [
            "ssh://",
            "ssh://-oProxyCommand=x",
            "ssh://a b",
            "ssh://h:x",
            "telnet://h",
        ] {
            assert!(bad.parse::<CommandTarget>().is_err(), "{bad}");
        }
    }

    #[test]
    fn quotes_for_the_remote_shell() {
        assert_eq!(shell_quote("eth0"), "'eth0'");
        assert_eq!(shell_quote("a'b"), "'a'\\''b'");
        assert_eq!(shell_quote("$(rm -rf /)"), "'$(rm -rf /)'");
    }

    #[test]
    fn builds_ssh_argv() {
        let t: CommandTarget = "ssh://admin@sw1:2222".parse().unwrap();
        let cmd = s(&[
            "ethtool",
            "--json",
            "--include-statistics",
            "--show-fec",
            "eth0",
        ]);
        assert_eq!(
            t.argv(&cmd, Duration::from_secs(5)),
            s(&[
                "ssh",
                "-o",
                "BatchMode=yes",
                "-o",
                "ConnectTimeout=5",
                "-p",
                "2222",
                "--",
                "admin@sw1",
                "'ethtool' '--json' '--include-statistics' '--show-fec' 'eth0'",
            ])
        );
        assert_eq!(CommandTarget::Local.argv(&cmd, Duration::from_secs(5)), cmd);
        // A sub-second timeout still gives ssh a whole second to connect.
        let t: CommandTarget = "ssh://h".parse().unwrap();
        assert!(
            t.argv(&cmd, Duration::from_millis(200))
                .contains(&"ConnectTimeout=1".to_owned())
        );
    }

    #[tokio::test]
    async fn runs_locally() {
        let r = CommandRunner::new(CommandTarget::Local, Duration::from_secs(5));
        let out = r.run(&s(&["sh", "-c", "printf 'x: 1\\n'"])).await.unwrap();
        assert_eq!(out, "x: 1\n");
        let err = r
            .run(&s(&["sh", "-c", "echo nope >&2; exit 3"]))
            .await
            .unwrap_err();
        match err {
            CounterError::CommandFailed { stderr, status, .. } => {
                assert_eq!(stderr, "nope");
                assert!(status.contains('3'));
            }
            other => panic!("{other:?}"),
        }
        let err = r.run(&s(&["/nonexistent/optiqual-no-such-program"])).await;
        assert!(matches!(err, Err(CounterError::Spawn { .. })));
        assert!(matches!(
            r.run(&[]).await,
            Err(CounterError::InvalidSource(_))
        ));
    }

    #[tokio::test]
    async fn times_out_and_kills() {
        let r = CommandRunner::new(CommandTarget::Local, Duration::from_millis(100));
        let started = std::time::Instant::now();
        let err = r.run(&s(&["sleep", "5"])).await.unwrap_err();
        assert!(matches!(err, CounterError::Timeout { ms: 100, .. }));
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}
