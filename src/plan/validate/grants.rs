//! Raw write grants → [`Grant`]s (design.md §7).

use super::ctx::{Ctx, narrow};
use crate::addr::{DeviceAddr, PageSel};
use crate::memmap::decoded::Spec;
use crate::plan::model::Grant;
use crate::plan::path::YamlPath;
use crate::plan::raw::{RawBytes, RawGrant};

/// Parses `N` or `N-M` (0-255, N ≤ M).
fn byte_range(raw: &RawBytes) -> Result<(u8, u8), String> {
    let expected = "expected byte numbers N or \"N-M\" within 0-255";
    let num = |s: &str| -> Result<i64, String> {
        s.trim()
            .parse::<i64>()
            .map_err(|_| format!("{expected}, found `{s}`"))
    };
    let (a, b) = match raw {
        RawBytes::Number(n) => (*n, *n),
        RawBytes::Text(t) => match t.split_once('-') {
            Some((a, b)) if !a.trim().is_empty() => (num(a)?, num(b)?),
            _ => {
                let n = num(t)?;
                (n, n)
            }
        },
    };
    if !(0..=255).contains(&a) || !(0..=255).contains(&b) {
        return Err(format!(
            "{expected}, found {}",
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        ));
    }
    if a > b {
        return Err(format!(
            "the range {a}-{b} runs backwards; write the lower byte first"
        ));
    }
    Ok((narrow(a), narrow(b)))
}

/// Validates the write grants.
pub fn grants(ctx: &mut Ctx<'_>, raw: &[RawGrant], path: &YamlPath) -> Vec<Grant> {
    let mut out = Vec::new();
    for (i, g) in raw.iter().enumerate() {
        let gp = path.index(i);
        let spec = match g.spec.as_str() {
            "sff8472" => Spec::Sff8472,
            "sff8636" => Spec::Sff8636,
            _ => Spec::Cmis,
        };
        let device = match (g.device.as_deref(), spec) {
            (None | Some("a0"), _) => DeviceAddr::A0,
            (Some(_), Spec::Sff8472) => DeviceAddr::A2,
            (Some(d), _) => {
                ctx.err(&gp.key("device"), format!("device `{d}` exists only on SFF-8472 modules; {} modules have one address (a0)", g.spec));
                DeviceAddr::A0
            }
        };
        let page = g.page.map(|p| {
            narrow::<u8>(ctx.int_in(&gp.key("page"), Some(p), 0, 0, 255, "a page number"))
        });
        let bank = g.bank.map(|b| {
            narrow::<u8>(ctx.int_in(&gp.key("bank"), Some(b), 0, 0, 255, "a bank number"))
        });
        if let Some(b) = bank {
            if spec != Spec::Cmis {
                ctx.err(
                    &gp.key("bank"),
                    "banks exist only in CMIS; leave `bank` out",
                );
            } else if b > 0 && !page.is_some_and(|p| (0x10..=0x2F).contains(&p)) {
                ctx.err(
                    &gp.key("bank"),
                    format!("bank {b} applies only to CMIS pages 10h-2Fh"),
                );
            }
        }
        let bytes = match byte_range(&g.bytes) {
            Ok((a, b)) => {
                if b >= 128 && page.is_none() {
                    ctx.err(&gp.key("bytes"), format!("bytes {a}-{b} reach the upper half (128-255); name its page with `page:`"));
                }
                if a < 128 && page.is_some() && b >= 128 {
                    // A range across both halves is allowed: the lower part needs no page.
                }
                a..=b
            }
            Err(msg) => {
                ctx.err(&gp.key("bytes"), msg);
                0..=0
            }
        };
        if g.reason.trim().is_empty() {
            ctx.err(
                &gp.key("reason"),
                "expected a reason for the grant, found empty text",
            );
        }
        out.push(Grant {
            spec,
            device,
            page: page.map(|p| PageSel::banked(bank.unwrap_or(0), p)),
            bytes,
            reason: g.reason.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_ranges() {
        assert_eq!(
            byte_range(&RawBytes::Text("128-255".into())),
            Ok((128, 255))
        );
        assert_eq!(byte_range(&RawBytes::Text("200".into())), Ok((200, 200)));
        assert_eq!(byte_range(&RawBytes::Number(7)), Ok((7, 7)));
        assert!(byte_range(&RawBytes::Text("128-256".into())).is_err());
        assert!(byte_range(&RawBytes::Text("200-100".into())).is_err());
        assert!(byte_range(&RawBytes::Number(-1)).is_err());
        assert!(byte_range(&RawBytes::Text("abc".into())).is_err());
    }
}
