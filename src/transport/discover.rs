//! What buses a module could be reached through on this machine (`optiqual ports`): Linux I2C
//! adapters, serial ports (for I2C bridges) and optoe devices, each with the selector a user
//! would type (design.md §4.5).
//!
//! Every function takes the filesystem root (`/` on a real system) so tests run on a fake sysfs
//! tree. Parsing of names and file contents is pure and kept apart from the directory walks.
//! Sources:
//! - I2C adapters: `/sys/class/i2c-dev/i2c-N/name` (present when the i2c-dev module is loaded)
//!   and `/sys/bus/i2c/devices/i2c-N/name` (every adapter); the node is `/dev/i2c-N`.
//! - optoe: `/sys/bus/i2c/devices/B-AAAA/name` equal to `optoe1` (QSFP, SFF-8436/8636),
//!   `optoe2` (SFP, SFF-8472) or `optoe3` (CMIS); the memory is that directory's `eeprom` file.
//! - serial: `serialport::available_ports()` on the real root (built without libudev it scans
//!   `/sys/class/tty`), plus `/dev/ttyUSB*`, `/dev/ttyACM*` and, when that scan is unavailable,
//!   `/dev/ttyS*` whose UART type is not 0 (unknown: a placeholder of the 8250 driver).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

/// An I2C adapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct I2cAdapter {
    /// Adapter number N.
    pub number: u32,
    /// The adapter's name from sysfs (driver and bus, e.g. `"SMBus I801 adapter at efa0"`).
    pub name: Option<String>,
    /// Device node, `/dev/i2c-N`.
    pub dev_path: String,
    /// Whether the node exists (it does not until `i2c-dev` is loaded).
    pub dev_exists: bool,
    /// `i2cdev:/dev/i2c-N`.
    pub selector: String,
}

/// How a serial port is attached, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SerialKind {
    /// `ttyUSB*`: a USB-serial converter (FTDI, CP210x, CH340).
    UsbSerial,
    /// `ttyACM*`: a USB CDC-ACM device (Arduino, most evaluation boards).
    UsbAcm,
    /// `ttyS*`: an on-board UART.
    Uart,
    /// Any other name reported by the system.
    Other,
}

/// Where a serial port entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PortSource {
    /// `serialport::available_ports()` (sysfs `/sys/class/tty`).
    Serialport,
    /// A scan of `/dev` names.
    DevScan,
}

/// USB identity of a serial port, when the system reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsbInfo {
    /// Vendor ID.
    pub vid: u16,
    /// Product ID.
    pub pid: u16,
    /// Manufacturer string.
    pub manufacturer: Option<String>,
    /// Product string.
    pub product: Option<String>,
    /// Serial number string.
    pub serial_number: Option<String>,
}

/// A serial port an I2C bridge may sit on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SerialPortEntry {
    /// Port path, e.g. `/dev/ttyACM0`.
    pub path: String,
    /// Attachment, from the name.
    pub kind: SerialKind,
    /// USB identity, when known.
    pub usb: Option<UsbInfo>,
    /// Where the entry came from.
    pub source: PortSource,
    /// One selector per bridge protocol (`serial:firmata:PATH`, `serial:ascii:PATH`): the
    /// protocol depends on the firmware of the bridge, which cannot be seen from here.
    pub selectors: Vec<String>,
}

/// The module type an optoe device was created for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OptoeClass {
    /// `optoe1`: QSFP (SFF-8436/SFF-8636), one address, 128-byte pages.
    Qsfp,
    /// `optoe2`: SFP (SFF-8472), addresses 0x50 and 0x51.
    Sfp,
    /// `optoe3`: CMIS.
    Cmis,
}

/// An optoe device: one module's memory as a flat file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptoeDevice {
    /// The sysfs device name, `B-AAAA` (bus and hex address).
    pub device: String,
    /// I2C adapter number, from the device name.
    pub bus: Option<u32>,
    /// I2C address, from the device name.
    pub address: Option<u16>,
    /// The driver name the device was created with (`optoe1`, `optoe2`, `optoe3`).
    pub driver_name: String,
    /// Module type, from the name or, when present, the `dev_class` attribute.
    pub class: OptoeClass,
    /// The `port_name` attribute, when set.
    pub port_name: Option<String>,
    /// The memory file, `/sys/bus/i2c/devices/B-AAAA/eeprom`.
    pub eeprom: String,
    /// Whether the memory file exists.
    pub eeprom_exists: bool,
    /// `optoe:/sys/bus/i2c/devices/B-AAAA/eeprom`.
    pub selector: String,
}

/// Everything found, for `optiqual ports [--json]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ports {
    /// I2C adapters, by number.
    pub i2c: Vec<I2cAdapter>,
    /// Serial ports, by name.
    pub serial: Vec<SerialPortEntry>,
    /// optoe devices, by bus and address.
    pub optoe: Vec<OptoeDevice>,
    /// Hints (a missing module to load, nothing found).
    pub notes: Vec<String>,
}

const SYS_I2C_DEV: &str = "sys/class/i2c-dev";
const SYS_I2C_DEVICES: &str = "sys/bus/i2c/devices";
const SYS_TTY: &str = "sys/class/tty";

// ---------------------------------------------------------------------------------------------
// Pure parsing

/// The adapter number of a sysfs entry named `i2c-N`.
pub fn parse_adapter_dir(name: &str) -> Option<u32> {
    let digits = name.strip_prefix("i2c-")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Bus number and address of an I2C client entry named `B-AAAA` (address in 4 hex digits).
pub fn parse_client_dir(name: &str) -> Option<(u32, u16)> {
    let (bus, addr) = name.split_once('-')?;
    if bus.is_empty() || !bus.bytes().all(|b| b.is_ascii_digit()) || addr.len() != 4 {
        return None;
    }
    Some((bus.parse().ok()?, u16::from_str_radix(addr, 16).ok()?))
}

/// The optoe class of a device named `name` (the content of its sysfs `name` file), refined by
/// its `dev_class` attribute (1, 2 or 3) when present.
pub fn optoe_class(name: &str, dev_class: Option<&str>) -> Option<OptoeClass> {
    let by_name = match name.trim() {
        "optoe1" => OptoeClass::Qsfp,
        "optoe2" => OptoeClass::Sfp,
        "optoe3" => OptoeClass::Cmis,
        _ => return None,
    };
    Some(match dev_class.map(str::trim) {
        Some("1") => OptoeClass::Qsfp,
        Some("2") => OptoeClass::Sfp,
        Some("3") => OptoeClass::Cmis,
        _ => by_name,
    })
}

/// The attachment of a tty named `name` (`ttyUSB0`, `ttyACM1`, `ttyS2`), or `None` for names
/// the `/dev` scan does not list.
pub fn tty_kind(name: &str) -> Option<SerialKind> {
    let numbered = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    if numbered("ttyUSB") {
        Some(SerialKind::UsbSerial)
    } else if numbered("ttyACM") {
        Some(SerialKind::UsbAcm)
    } else if numbered("ttyS") {
        Some(SerialKind::Uart)
    } else {
        None
    }
}

/// Whether an 8250 UART exists, from its sysfs `type` attribute: 0 (PORT_UNKNOWN) marks a
/// placeholder without hardware; an unreadable attribute proves nothing, so the port is kept.
pub fn uart_present(type_attr: Option<&str>) -> bool {
    type_attr.is_none_or(|t| t.trim() != "0")
}

/// The selectors for a serial port, one per bridge protocol.
pub fn serial_selectors(path: &str) -> Vec<String> {
    vec![
        format!("serial:firmata:{path}"),
        format!("serial:ascii:{path}"),
    ]
}

/// Sort key: the name without its trailing number, then the number (so ttyUSB2 < ttyUSB10).
fn natural_key(name: &str) -> (&str, u64) {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = name
        .get(stem.len()..)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (stem, number)
}

/// Joins the ports the system listed (`None` when it could not list) with the `/dev` scan:
/// scanned USB ports the listing missed are added; scanned UARTs only when there is no listing
/// (the listing already drops UART placeholders).
pub fn merge_serial(
    listed: Option<Vec<SerialPortEntry>>,
    scanned: Vec<(String, SerialKind)>,
) -> Vec<SerialPortEntry> {
    let have_listing = listed.is_some();
    let mut ports = listed.unwrap_or_default();
    for (path, kind) in scanned {
        if kind == SerialKind::Uart && have_listing {
            continue;
        }
        if ports.iter().any(|p| p.path == path) {
            continue;
        }
        ports.push(SerialPortEntry {
            selectors: serial_selectors(&path),
            path,
            kind,
            usb: None,
            source: PortSource::DevScan,
        });
    }
    ports.sort_by(|a, b| natural_key(&a.path).cmp(&natural_key(&b.path)));
    ports
}

/// Hints for what was (not) found.
pub fn notes_for(
    i2c: &[I2cAdapter],
    serial: &[SerialPortEntry],
    optoe: &[OptoeDevice],
) -> Vec<String> {
    let mut notes = Vec::new();
    if i2c.iter().any(|a| !a.dev_exists) {
        notes.push(
            "some i2c adapters have no /dev/i2c-N node: load the i2c-dev module (`sudo modprobe i2c-dev`)"
                .to_string(),
        );
    }
    if optoe.iter().any(|o| !o.eeprom_exists) {
        notes.push(
            "some optoe devices have no eeprom file: is the optoe driver loaded?".to_string(),
        );
    }
    if i2c.is_empty() && serial.is_empty() && optoe.is_empty() {
        notes.push("no i2c adapter, serial port or optoe device found".to_string());
    }
    notes
}

// ---------------------------------------------------------------------------------------------
// Filesystem reads (thin)

/// Names in `dir`, empty when it cannot be read.
fn dir_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect()
}

/// A small sysfs attribute, trimmed; `None` when unreadable or empty.
fn read_attr(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// I2C adapters under `root`.
pub fn i2c_adapters(root: &Path) -> Vec<I2cAdapter> {
    let mut found: BTreeMap<u32, Option<String>> = BTreeMap::new();
    for dir in [SYS_I2C_DEV, SYS_I2C_DEVICES] {
        let dir = root.join(dir);
        for entry in dir_names(&dir) {
            let Some(number) = parse_adapter_dir(&entry) else {
                continue;
            };
            let name = read_attr(&dir.join(&entry).join("name"));
            let slot = found.entry(number).or_insert(None);
            if slot.is_none() {
                *slot = name;
            }
        }
    }
    found
        .into_iter()
        .map(|(number, name)| {
            let dev_path = format!("/dev/i2c-{number}");
            I2cAdapter {
                number,
                name,
                dev_exists: root.join("dev").join(format!("i2c-{number}")).exists(),
                selector: format!("i2cdev:{dev_path}"),
                dev_path,
            }
        })
        .collect()
}

/// optoe devices under `root`.
pub fn optoe_devices(root: &Path) -> Vec<OptoeDevice> {
    let dir = root.join(SYS_I2C_DEVICES);
    let mut devices: Vec<OptoeDevice> = dir_names(&dir)
        .into_iter()
        .filter_map(|entry| {
            let base = dir.join(&entry);
            let driver_name = read_attr(&base.join("name"))?;
            let class = optoe_class(&driver_name, read_attr(&base.join("dev_class")).as_deref())?;
            let parsed = parse_client_dir(&entry);
            let eeprom = format!("/{SYS_I2C_DEVICES}/{entry}/eeprom");
            Some(OptoeDevice {
                bus: parsed.map(|p| p.0),
                address: parsed.map(|p| p.1),
                driver_name,
                class,
                port_name: read_attr(&base.join("port_name")),
                eeprom_exists: base.join("eeprom").exists(),
                selector: format!("optoe:{eeprom}"),
                eeprom,
                device: entry,
            })
        })
        .collect();
    devices.sort_by_key(|d| (d.bus, d.address, d.device.clone()));
    devices
}

/// The system's own serial port listing; only on the real root, and only when
/// `/sys/class/tty` exists (serialport panics without it).
fn listed_serial(root: &Path) -> Option<Vec<SerialPortEntry>> {
    if root != Path::new("/") || !root.join(SYS_TTY).is_dir() {
        return None;
    }
    let ports = serialport::available_ports().ok()?;
    Some(
        ports
            .into_iter()
            .map(|info| {
                let name = Path::new(&info.port_name)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("");
                let usb = match info.port_type {
                    serialport::SerialPortType::UsbPort(u) => Some(UsbInfo {
                        vid: u.vid,
                        pid: u.pid,
                        manufacturer: u.manufacturer,
                        product: u.product,
                        serial_number: u.serial_number,
                    }),
                    _ => None,
                };
                SerialPortEntry {
                    kind: tty_kind(name).unwrap_or(SerialKind::Other),
                    usb,
                    source: PortSource::Serialport,
                    selectors: serial_selectors(&info.port_name),
                    path: info.port_name,
                }
            })
            .collect(),
    )
}

/// `/dev/ttyUSB*`, `/dev/ttyACM*` and present `/dev/ttyS*` under `root`.
fn scanned_serial(root: &Path) -> Vec<(String, SerialKind)> {
    dir_names(&root.join("dev"))
        .into_iter()
        .filter_map(|name| {
            let kind = tty_kind(&name)?;
            if kind == SerialKind::Uart
                && !uart_present(read_attr(&root.join(SYS_TTY).join(&name).join("type")).as_deref())
            {
                return None;
            }
            Some((format!("/dev/{name}"), kind))
        })
        .collect()
}

/// Serial ports under `root`.
pub fn serial_ports(root: &Path) -> Vec<SerialPortEntry> {
    merge_serial(listed_serial(root), scanned_serial(root))
}

/// Everything under `root` (`Path::new("/")` on a real system).
pub fn discover(root: &Path) -> Ports {
    let i2c = i2c_adapters(root);
    let serial = serial_ports(root);
    let optoe = optoe_devices(root);
    let notes = notes_for(&i2c, &serial, &optoe);
    Ports {
        i2c,
        serial,
        optoe,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use super::*;

    fn put(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(path, text).expect("write");
    }

    fn fake_root() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().to_path_buf();
        (dir, root)
    }

    #[test]
    fn parses_sysfs_names() {
        assert_eq!(parse_adapter_dir("i2c-0"), Some(0));
        assert_eq!(parse_adapter_dir("i2c-17"), Some(17));
        assert_eq!(parse_adapter_dir("i2c-"), None);
        assert_eq!(parse_adapter_dir("i2c-1a"), None);
        assert_eq!(parse_adapter_dir("3-0050"), None);
        assert_eq!(parse_client_dir("3-0050"), Some((3, 0x50)));
        assert_eq!(parse_client_dir("12-0051"), Some((12, 0x51)));
        assert_eq!(parse_client_dir("i2c-3"), None);
        assert_eq!(parse_client_dir("3-50"), None);
        assert_eq!(parse_client_dir("-0050"), None);
    }

    #[test]
    fn optoe_names_and_dev_class() {
        assert_eq!(optoe_class("optoe1\n", None), Some(OptoeClass::Qsfp));
        assert_eq!(optoe_class("optoe2", None), Some(OptoeClass::Sfp));
        assert_eq!(optoe_class("optoe3", None), Some(OptoeClass::Cmis));
        assert_eq!(optoe_class("optoe1", Some("3\n")), Some(OptoeClass::Cmis));
        assert_eq!(optoe_class("optoe1", Some("junk")), Some(OptoeClass::Qsfp));
        assert_eq!(optoe_class("24c02", None), None);
        assert_eq!(optoe_class("24c02", Some("1")), None);
    }

    #[test]
    fn tty_names() {
        assert_eq!(tty_kind("ttyUSB0"), Some(SerialKind::UsbSerial));
        assert_eq!(tty_kind("ttyACM12"), Some(SerialKind::UsbAcm));
        assert_eq!(tty_kind("ttyS3"), Some(SerialKind::Uart));
        assert_eq!(tty_kind("ttyS"), None);
        assert_eq!(tty_kind("tty0"), None);
        assert_eq!(tty_kind("ttyUSBx"), None);
        assert!(uart_present(None));
        assert!(uart_present(Some("4\n")));
        assert!(!uart_present(Some("0\n")));
    }

    #[test]
    fn merge_keeps_listing_adds_missed_usb_and_sorts_naturally() {
        let listed = vec![SerialPortEntry {
            path: "/dev/ttyUSB10".into(),
            kind: SerialKind::UsbSerial,
            usb: Some(UsbInfo {
                vid: 0x0403,
                pid: 0x6001,
                manufacturer: Some("FTDI".into()),
                product: None,
                serial_number: None,
            }),
            source: PortSource::Serialport,
            selectors: serial_selectors("/dev/ttyUSB10"),
        }];
        let scanned = vec![
            ("/dev/ttyUSB10".to_string(), SerialKind::UsbSerial),
            ("/dev/ttyUSB2".to_string(), SerialKind::UsbSerial),
            ("/dev/ttyS0".to_string(), SerialKind::Uart),
        ];
        let merged = merge_serial(Some(listed), scanned.clone());
        let paths: Vec<_> = merged.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["/dev/ttyUSB2", "/dev/ttyUSB10"]);
        assert_eq!(merged[1].source, PortSource::Serialport);
        assert_eq!(merged[1].usb.as_ref().map(|u| u.vid), Some(0x0403));
        assert_eq!(merged[0].source, PortSource::DevScan);
        // Without a listing the UARTs are kept.
        let merged = merge_serial(None, scanned);
        let paths: Vec<_> = merged.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["/dev/ttyS0", "/dev/ttyUSB2", "/dev/ttyUSB10"]);
    }

    #[test]
    fn adapters_from_both_sysfs_dirs() {
        let (_guard, root) = fake_root();
        put(&root, "sys/class/i2c-dev/i2c-1/name", "i915 gmbus dpb\n");
        put(&root, "sys/bus/i2c/devices/i2c-1/name", "i915 gmbus dpb\n");
        put(
            &root,
            "sys/bus/i2c/devices/i2c-10/name",
            "i2c-3-mux (chan_id 2)\n",
        );
        put(
            &root,
            "sys/bus/i2c/devices/i2c-3/name",
            "SMBus I801 adapter at efa0\n",
        );
        put(&root, "sys/bus/i2c/devices/3-0050/name", "optoe1\n");
        put(&root, "dev/i2c-1", "");
        put(&root, "dev/i2c-3", "");
        let adapters = i2c_adapters(&root);
        assert_eq!(
            adapters,
            vec![
                I2cAdapter {
                    number: 1,
                    name: Some("i915 gmbus dpb".into()),
                    dev_path: "/dev/i2c-1".into(),
                    dev_exists: true,
                    selector: "i2cdev:/dev/i2c-1".into(),
                },
                I2cAdapter {
                    number: 3,
                    name: Some("SMBus I801 adapter at efa0".into()),
                    dev_path: "/dev/i2c-3".into(),
                    dev_exists: true,
                    selector: "i2cdev:/dev/i2c-3".into(),
                },
                I2cAdapter {
                    number: 10,
                    name: Some("i2c-3-mux (chan_id 2)".into()),
                    dev_path: "/dev/i2c-10".into(),
                    dev_exists: false,
                    selector: "i2cdev:/dev/i2c-10".into(),
                },
            ]
        );
    }

    #[test]
    fn optoe_devices_with_eeprom_and_port_name() {
        let (_guard, root) = fake_root();
        put(&root, "sys/bus/i2c/devices/12-0050/name", "optoe3\n");
        put(&root, "sys/bus/i2c/devices/12-0050/eeprom", "");
        put(
            &root,
            "sys/bus/i2c/devices/12-0050/port_name",
            "Ethernet8\n",
        );
        put(&root, "sys/bus/i2c/devices/2-0050/name", "optoe2\n");
        put(&root, "sys/bus/i2c/devices/2-0050/eeprom", "");
        put(&root, "sys/bus/i2c/devices/2-0057/name", "24c02\n");
        put(&root, "sys/bus/i2c/devices/i2c-2/name", "adapter\n");
        let devices = optoe_devices(&root);
        assert_eq!(devices.len(), 2);
        assert_eq!(
            devices[0],
            OptoeDevice {
                device: "2-0050".into(),
                bus: Some(2),
                address: Some(0x50),
                driver_name: "optoe2".into(),
                class: OptoeClass::Sfp,
                port_name: None,
                eeprom: "/sys/bus/i2c/devices/2-0050/eeprom".into(),
                eeprom_exists: true,
                selector: "optoe:/sys/bus/i2c/devices/2-0050/eeprom".into(),
            }
        );
        assert_eq!(devices[1].device, "12-0050");
        assert_eq!(devices[1].class, OptoeClass::Cmis);
        assert_eq!(devices[1].port_name.as_deref(), Some("Ethernet8"));
        // The selector parses as an optoe selector.
        let sel: crate::transport::selector::Selector =
            devices[1].selector.parse().expect("selector");
        assert_eq!(
            sel,
            crate::transport::selector::Selector::Optoe {
                path: "/sys/bus/i2c/devices/12-0050/eeprom".into()
            }
        );
    }

    #[test]
    fn serial_scan_on_a_fake_root() {
        let (_guard, root) = fake_root();
        put(&root, "dev/ttyACM0", "");
        put(&root, "dev/ttyUSB1", "");
        put(&root, "dev/ttyS0", "");
        put(&root, "dev/ttyS1", "");
        put(&root, "dev/tty0", "");
        put(&root, "dev/i2c-1", "");
        put(&root, "sys/class/tty/ttyS0/type", "4\n");
        put(&root, "sys/class/tty/ttyS1/type", "0\n");
        let ports = serial_ports(&root);
        let paths: Vec<_> = ports.iter().map(|p| p.path.as_str()).collect();
        // Fake root: no serialport listing, so the scan is used, placeholders dropped.
        assert_eq!(paths, ["/dev/ttyACM0", "/dev/ttyS0", "/dev/ttyUSB1"]);
        assert_eq!(ports[0].kind, SerialKind::UsbAcm);
        assert_eq!(ports[0].source, PortSource::DevScan);
        assert_eq!(
            ports[0].selectors,
            ["serial:firmata:/dev/ttyACM0", "serial:ascii:/dev/ttyACM0"]
        );
        for s in &ports[0].selectors {
            let parsed: Result<crate::transport::selector::Selector, _> = s.parse();
            assert!(parsed.is_ok(), "{s}");
        }
    }

    #[test]
    fn discover_collects_everything_with_notes_and_serializes() {
        let (_guard, root) = fake_root();
        put(&root, "sys/bus/i2c/devices/i2c-5/name", "mlxsw\n");
        put(&root, "sys/bus/i2c/devices/5-0050/name", "optoe1\n");
        let ports = discover(&root);
        assert_eq!(ports.i2c.len(), 1);
        assert_eq!(ports.optoe.len(), 1);
        assert!(ports.serial.is_empty());
        assert_eq!(ports.notes.len(), 2, "{:?}", ports.notes);
        assert!(ports.notes[0].contains("modprobe i2c-dev"));
        assert!(ports.notes[1].contains("optoe"));
        let json = serde_json::to_value(&ports).expect("json");
        assert_eq!(json["i2c"][0]["selector"], "i2cdev:/dev/i2c-5");
        assert_eq!(json["i2c"][0]["dev_exists"], false);
        assert_eq!(json["optoe"][0]["class"], "qsfp");
        assert_eq!(
            json["optoe"][0]["selector"],
            "optoe:/sys/bus/i2c/devices/5-0050/eeprom"
        );
    }

    #[test]
    fn empty_root_finds_nothing_and_says_so() {
        let (_guard, root) = fake_root();
        let ports = discover(&root);
        assert!(ports.i2c.is_empty() && ports.serial.is_empty() && ports.optoe.is_empty());
        assert_eq!(
            ports.notes,
            ["no i2c adapter, serial port or optoe device found"]
        );
        // A root that does not exist is the same, not an error.
        let ports = discover(&root.join("missing"));
        assert!(ports.i2c.is_empty());
    }

    #[test]
    fn real_root_does_not_panic() {
        // Whatever this machine has, listing it must not fail.
        let _ = discover(Path::new("/"));
    }
}
