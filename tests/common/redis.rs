//! A real `redis-server` per test, on a free loopback port (installed by .ci/run).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A redis-server child, killed when dropped.
pub struct RedisServer {
    child: Child,
    pub port: u16,
}

impl RedisServer {
    pub fn start() -> Self {
        // Two tests may pick the same free port; the loser's redis-server exits at once
        // (address in use), so check that ours is alive and try another port if not.
        for _ in 0..10 {
            if let Some(server) = Self::try_start() {
                return server;
            }
        }
        panic!("redis-server did not start on a free loopback port in 10 tries");
    }

    fn try_start() -> Option<Self> {
        let port = {
            let l = TcpListener::bind("127.0.0.1:0").expect("bind a free loopback port");
            l.local_addr().expect("local addr").port()
        };
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match child {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
                "redis-server is not installed: install it (apt-get install -y redis-server; \
                 .ci/run does) to run the SONiC counter tests"
            ),
            Err(e) => panic!("cannot start redis-server: {e}"),
        };
        let mut server = Self { child, port };
        // Wait until it accepts connections (normally a few ms), and make sure the listener is
        // our child, not another test's server on the same port.
        for _ in 0..300 {
            if let Ok(Some(_)) = server.child.try_wait() {
                return None;
            }
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                std::thread::sleep(Duration::from_millis(20));
                return match server.child.try_wait() {
                    Ok(None) => Some(server),
                    _ => None,
                };
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    pub fn url(&self, db: Option<u32>) -> String {
        match db {
            Some(db) => format!("redis://127.0.0.1:{}/{db}", self.port),
            None => format!("redis://127.0.0.1:{}", self.port),
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
