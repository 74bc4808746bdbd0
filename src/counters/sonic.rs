//! SONiC COUNTERS_DB in redis (protocols.md §3.1).
//!
//! Layout: COUNTERS_DB is redis database 2 (typical `database_config.json`; give another number
//! in the URL when the switch differs). `COUNTERS_PORT_NAME_MAP` is a hash from port name
//! (`Ethernet0`) to the SAI object id (`oid:0x1000000000012`); `COUNTERS:<oid>` is a hash of
//! decimal strings holding the SAI port statistics, of which the FEC ones are read here. The
//! port speed and lanes for the line rate are in APPL_DB (database 0), `PORT_TABLE:<port>`.

use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;

use super::error::CounterError;
use super::redis::{RedisClient, RedisUrl};
use super::sample::FecCounters;
use super::{BoxFuture, CounterSource};
use crate::ber::rates::line_rate_from_speed;

/// COUNTERS_DB database number in SONiC's usual `database_config.json`.
pub const COUNTERS_DB: u32 = 2;
/// APPL_DB database number in SONiC's usual `database_config.json`.
pub const APPL_DB: u32 = 0;
/// The hash mapping port names to SAI object ids.
pub const PORT_NAME_MAP: &str = "COUNTERS_PORT_NAME_MAP";
/// Prefix of the per-object counter hashes (`COUNTERS:oid:0x…`); the separator is `:`.
pub const COUNTERS_PREFIX: &str = "COUNTERS:";
/// Prefix of APPL_DB port entries (`PORT_TABLE:Ethernet0`).
pub const PORT_TABLE_PREFIX: &str = "PORT_TABLE:";

/// SAI FEC statistic field names in `COUNTERS:<oid>` (SAI `inc/saiport.h`).
pub mod fields {
    /// Corrected codewords.
    pub const CORRECTABLE: &str = "SAI_PORT_STAT_IF_IN_FEC_CORRECTABLE_FRAMES";
    /// Uncorrectable codewords.
    pub const NOT_CORRECTABLE: &str = "SAI_PORT_STAT_IF_IN_FEC_NOT_CORRECTABLE_FRAMES";
    /// FEC symbol errors.
    pub const SYMBOL_ERRORS: &str = "SAI_PORT_STAT_IF_IN_FEC_SYMBOL_ERRORS";
    /// Bits corrected by the FEC (monotonic per SAI).
    pub const CORRECTED_BITS: &str = "SAI_PORT_STAT_IF_IN_FEC_CORRECTED_BITS";
    /// Number of codeword histogram bins, S0…S16.
    pub const HISTOGRAM_BINS: usize = 17;
    /// Histogram bin names: codewords with k symbol errors, S0…S16 (S8 / S16 also hold
    /// codewords with more errors than RS-528 / RS-544 can detect).
    pub const HISTOGRAM: [&str; HISTOGRAM_BINS] = [
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S0",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S1",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S2",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S3",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S4",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S5",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S6",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S7",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S8",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S9",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S10",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S11",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S12",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S13",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S14",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S15",
        "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S16",
    ];
}

/// The fields read, in HMGET order: corrected bits, correctable, not correctable, symbol
/// errors, then the histogram S0…S16.
pub fn all_fields() -> Vec<&'static str> {
    let mut f = vec![
        fields::CORRECTED_BITS,
        fields::CORRECTABLE,
        fields::NOT_CORRECTABLE,
        fields::SYMBOL_ERRORS,
    ];
    f.extend(fields::HISTOGRAM);
    f
}

/// Build [`FecCounters`] from the HMGET reply of [`all_fields`], in that order (pure).
pub fn counters_from_fields(
    port: &str,
    key: &str,
    values: &[Option<Vec<u8>>],
    read_at: Instant,
) -> Result<FecCounters, CounterError> {
    let names = all_fields();
    let mut parsed: Vec<Option<u64>> = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        parsed.push(match values.get(i).and_then(Option::as_ref) {
            None => None,
            Some(bytes) => Some(parse_decimal(name, bytes)?),
        });
    }
    if parsed.iter().all(Option::is_none) {
        return Err(CounterError::MissingCounters {
            port: port.to_owned(),
            location: format!("{key} (none of the SAI FEC fields is present)"),
        });
    }
    let bins = parsed.get(4..).unwrap_or_default();
    let histogram = bins.iter().rposition(Option::is_some).map(|last| {
        bins[..=last]
            .iter()
            .map(|b| b.unwrap_or(0))
            .collect::<Vec<_>>()
    });
    let total_codewords = histogram
        .as_ref()
        .map(|h| h.iter().fold(0u64, |a, &b| a.saturating_add(b)));
    let field = |i: usize| parsed.get(i).copied().flatten();
    Ok(FecCounters {
        corrected_bits: field(0),
        corrected_codewords: field(1),
        uncorrectable_codewords: field(2),
        symbol_errors: field(3),
        histogram,
        total_codewords,
        ..FecCounters::empty(read_at)
    })
}

/// A SAI counter value: a decimal string of a u64.
fn parse_decimal(field: &str, bytes: &[u8]) -> Result<u64, CounterError> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .ok_or_else(|| CounterError::BadValue {
            field: field.to_owned(),
            value: String::from_utf8_lossy(bytes).into_owned(),
        })
}

/// Reads FEC counters of SONiC ports from COUNTERS_DB over one kept-open redis connection
/// (re-opened after any error, since a timed-out exchange leaves the stream out of step).
#[derive(Debug)]
pub struct SonicSource {
    url: RedisUrl,
    timeout: Duration,
    conn: Mutex<Option<RedisClient>>,
}

impl SonicSource {
    /// A source for `redis://host[:port][/db]` (db defaults to [`COUNTERS_DB`]), with a 2 s
    /// timeout per redis command.
    pub fn new(url: &str) -> Result<Self, CounterError> {
        Ok(Self {
            url: RedisUrl::parse(url, COUNTERS_DB)?,
            timeout: Duration::from_secs(2),
            conn: Mutex::new(None),
        })
    }

    /// The same source with another per-command timeout.
    pub fn with_timeout(self, timeout: Duration) -> Self {
        Self { timeout, ..self }
    }

    /// The server and database read.
    pub fn url(&self) -> &RedisUrl {
        &self.url
    }

    /// Run `f` on the connection (opening it first if needed); drop it on error.
    async fn with_conn<T>(
        &self,
        f: impl AsyncFnOnce(&mut RedisClient) -> Result<T, CounterError>,
    ) -> Result<T, CounterError> {
        let mut guard = self.conn.lock().await;
        if guard.is_none() {
            *guard = Some(RedisClient::connect(&self.url, self.timeout).await?);
        }
        let Some(client) = guard.as_mut() else {
            return Err(CounterError::Unavailable("redis connection lost".into()));
        };
        let result = f(client).await;
        if result.is_err() {
            *guard = None;
        }
        result
    }

    /// The SAI object id of a port, from `COUNTERS_PORT_NAME_MAP`.
    pub async fn port_oid(&self, port: &str) -> Result<String, CounterError> {
        let db = self.url.db;
        self.with_conn(async |c| lookup_oid(c, db, port).await)
            .await
    }

    /// The aggregate serdes line rate of a port the way SONiC computes it: APPL_DB
    /// `PORT_TABLE:<port>` `speed` (Mb/s) and `lanes` (comma list) → lanes × serdes rate of
    /// speed / lanes (protocols.md §3.1). `None` when the entry or a field is missing or the
    /// lane speed is not in the table.
    pub async fn line_rate(&self, port: &str) -> Result<Option<f64>, CounterError> {
        let counters_db = self.url.db;
        let key = format!("{PORT_TABLE_PREFIX}{port}");
        self.with_conn(async |c| {
            c.select(APPL_DB).await?;
            let got = c.hmget(&key, &["speed", "lanes"]).await;
            c.select(counters_db).await?;
            let got = got?;
            let text = |i: usize| {
                got.get(i)
                    .and_then(Option::as_ref)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
            };
            let (Some(speed), Some(lanes)) = (text(0), text(1)) else {
                return Ok(None);
            };
            let speed: u64 = speed.trim().parse().map_err(|_| CounterError::BadValue {
                field: format!("{key} speed"),
                value: speed.clone(),
            })?;
            let lanes = u32::try_from(lanes.split(',').count()).unwrap_or(0);
            Ok(line_rate_from_speed(speed, lanes))
        })
        .await
    }
}

async fn lookup_oid(c: &mut RedisClient, db: u32, port: &str) -> Result<String, CounterError> {
    if c.db() != db {
        c.select(db).await?;
    }
    match c.hget(PORT_NAME_MAP, port).await? {
        Some(oid) => String::from_utf8(oid).map_err(|e| CounterError::BadValue {
            field: format!("{PORT_NAME_MAP} {port}"),
            value: String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }),
        None => Err(CounterError::UnknownPort {
            port: port.to_owned(),
            detail: format!("not in {PORT_NAME_MAP} of db {db}"),
        }),
    }
}

impl CounterSource for SonicSource {
    fn read<'a>(&'a self, port: &'a str) -> BoxFuture<'a, Result<FecCounters, CounterError>> {
        Box::pin(async move {
            let db = self.url.db;
            self.with_conn(async |c| {
                let oid = lookup_oid(c, db, port).await?;
                let key = format!("{COUNTERS_PREFIX}{oid}");
                let values = c.hmget(&key, &all_fields()).await?;
                counters_from_fields(port, &key, &values, Instant::now())
            })
            .await
        })
    }

    fn describe(&self) -> String {
        format!("sonic {}", self.url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<Vec<u8>> {
        Some(s.as_bytes().to_vec())
    }

    #[test]
    fn fields_to_counters() {
        let now = Instant::now();
        let mut values = vec![v("123456"), v("77"), v("2"), v("80")];
        values.extend(std::iter::repeat_n(None, 17));
        // S0 = 1000, S1 = 70, S2 = 7, S3 and above absent.
        values[4] = v("1000");
        values[5] = v("70");
        values[6] = v("7");
        let c = counters_from_fields("Ethernet0", "COUNTERS:oid:0x1", &values, now).unwrap();
        assert_eq!(c.corrected_bits, Some(123_456));
        assert_eq!(c.corrected_codewords, Some(77));
        assert_eq!(c.uncorrectable_codewords, Some(2));
        assert_eq!(c.symbol_errors, Some(80));
        assert_eq!(c.histogram, Some(vec![1000, 70, 7]));
        assert_eq!(c.total_codewords, Some(1077));
    }

    #[test]
    fn missing_and_bad_fields() {
        let now = Instant::now();
        let none = vec![None; 21];
        assert!(matches!(
            counters_from_fields("Ethernet8", "COUNTERS:oid:0x2", &none, now),
            Err(CounterError::MissingCounters { .. })
        ));
        // Only corrected bits: the rest stays None, no histogram.
        let mut one = none.clone();
        one[0] = v("5");
        let c = counters_from_fields("Ethernet8", "k", &one, now).unwrap();
        assert_eq!(
            (c.corrected_bits, c.histogram, c.total_codewords),
            (Some(5), None, None)
        );
        let mut bad = none;
        bad[2] = v("-1");
        assert!(matches!(
            counters_from_fields("Ethernet8", "k", &bad, now),
            Err(CounterError::BadValue { field, .. }) if field == fields::NOT_CORRECTABLE
        ));
    }

    #[test]
    fn field_names_as_protocols_md_lists_them() {
        assert_eq!(all_fields().len(), 21);
        assert_eq!(
            fields::HISTOGRAM[16],
            "SAI_PORT_STAT_IF_IN_FEC_CODEWORD_ERRORS_S16"
        );
        assert!(SonicSource::new("redis://127.0.0.1").unwrap().url().db == COUNTERS_DB);
    }
}
