//! The project's synthesised SKUs: realistic module images built field by field from the specs,
//! each with an id, a description and a `source` paragraph saying which fields were set to what
//! and why. They back the mock backend and serve as decoder test inputs whose every value is
//! known. `src/sim/synth/README.md` explains how to add one.

mod common;
mod osfp_800g_2xfr4;
mod qsfp28_100g_cwdm4;
mod qsfp28_100g_sr4;
mod qsfpdd_400g_dac;
mod qsfpdd_400g_dr4;
mod qsfpdd_400g_zr;
mod sfp28_25g_lr;
mod sfp_10g_sr;
#[cfg(test)]
mod testkit;

use crate::memmap::image::ModuleImage;
use crate::sim::synth::build::BuildError;

pub use osfp_800g_2xfr4::osfp_800g_2xfr4;
pub use qsfp28_100g_cwdm4::qsfp28_100g_cwdm4;
pub use qsfp28_100g_sr4::qsfp28_100g_sr4;
pub use qsfpdd_400g_dac::qsfpdd_400g_dac_2m;
pub use qsfpdd_400g_dr4::qsfpdd_400g_dr4;
pub use qsfpdd_400g_zr::qsfpdd_400g_zr;
pub use sfp_10g_sr::sfp_10g_sr;
pub use sfp28_25g_lr::sfp28_25g_lr;

/// One synthesised module: its memory image and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sku {
    /// Short stable id, e.g. `"sfp-10g-sr"` (used in selectors and fixture names).
    pub id: &'static str,
    /// Vendor name as written in the image.
    pub vendor: &'static str,
    /// Vendor part number as written in the image.
    pub pn: &'static str,
    /// One line: form factor, rate, reach, management spec.
    pub description: String,
    /// How the image was made: which spec fields were set to what, and why.
    pub source: String,
    /// The module memory, every checksum valid.
    pub image: ModuleImage,
}

/// The constructors of every SKU, in catalogue order.
const CATALOGUE: [fn() -> Result<Sku, BuildError>; 8] = [
    sfp_10g_sr,
    sfp28_25g_lr,
    qsfp28_100g_sr4,
    qsfp28_100g_cwdm4,
    qsfpdd_400g_dr4,
    qsfpdd_400g_zr,
    osfp_800g_2xfr4,
    qsfpdd_400g_dac_2m,
];

/// Every SKU, or the first build problem (a bug in a SKU definition; the tests build them all).
pub fn try_all() -> Result<Vec<Sku>, BuildError> {
    CATALOGUE.iter().map(|f| f()).collect()
}

/// Every SKU that builds, in catalogue order. A SKU whose definition has a bug is left out rather
/// than panicking; `try_all` names the problem, and the tests require all of them to build.
pub fn all() -> Vec<Sku> {
    CATALOGUE.iter().filter_map(|f| f().ok()).collect()
}

/// Simulator parameters written into each fixture's `sim:` mapping (see
/// `sim::module::params`): the typical dissipation and the case-to-ambient thermal resistance of
/// the module in a cage with forced air, so that at 25 °C ambient a module settles at a realistic
/// case temperature (DR4 ≈ 45 °C, 800G ≈ 47 °C, ZR ≈ 51 °C) instead of at the advertised maximum
/// power through an SFP-sized 4 °C/W.
pub fn sim_yaml(id: &str) -> Option<&'static str> {
    Some(match id {
        "qsfp28-100g-sr4" => "power_w: 2.0\nr_th_c_per_w: 4.0\n",
        "qsfp28-100g-cwdm4" => "power_w: 3.5\nr_th_c_per_w: 3.5\n",
        "qsfpdd-400g-dr4" => "power_w: 10.0\nr_th_c_per_w: 2.0\n",
        "qsfpdd-400g-zr" => "power_w: 17.0\nr_th_c_per_w: 1.5\n",
        "osfp-800g-2xfr4" => "power_w: 14.0\nr_th_c_per_w: 1.6\n",
        _ => return None,
    })
}

impl Sku {
    /// The fixture file: the image as optiqual YAML with description, source and `sim:`.
    pub fn fixture_yaml(&self) -> String {
        let sim = sim_yaml(self.id).and_then(|t| yaml_serde::from_str(t).ok());
        crate::memmap::image::yaml::write_image(&crate::memmap::image::yaml::YamlImage {
            image: self.image.clone(),
            description: Some(self.description.clone()),
            source: Some(self.source.clone()),
            sim,
        })
    }
}

/// The SKU with id `id`, if it exists and builds.
pub fn by_id(id: &str) -> Option<Sku> {
    all().into_iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addr::SegmentId;
    use crate::memmap::codes::{Family, family_for_identifier};
    use crate::memmap::image::flat;

    #[test]
    fn every_sku_builds_with_a_unique_id_and_valid_checksums() {
        let skus = match try_all() {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(skus.len(), 8);
        let mut ids: Vec<_> = skus.iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 8);
        for s in &skus {
            testkit::assert_checksums(&s.image);
            assert!(
                !s.description.is_empty() && s.source.len() > 200,
                "{}",
                s.id
            );
        }
        assert_eq!(all().len(), 8);
        assert_eq!(
            by_id("qsfpdd-400g-dr4").map(|s| s.pn),
            Some("AC-QDD-400G-DR4")
        );
        assert!(by_id("nope").is_none());
    }

    #[test]
    fn every_sku_survives_the_flat_file_format() {
        for s in all() {
            let (bytes, dropped) = flat::write(&s.image);
            assert!(dropped.is_empty(), "{}: {dropped:?}", s.id);
            let back = flat::parse(&bytes).unwrap_or_default();
            // The flat layout cannot tell an all-zero upper page from an absent one.
            let mut want = s.image.clone();
            let blank: Vec<_> = want
                .segments()
                .filter(|(id, p)| *id != SegmentId::LOWER && p.iter().all(|b| *b == 0))
                .map(|(id, _)| id)
                .collect();
            for id in blank {
                want.remove(id);
            }
            assert_eq!(back, want, "{}", s.id);
        }
    }

    #[test]
    fn the_catalogue_covers_every_management_map() {
        let families: Vec<_> = all()
            .iter()
            .filter_map(|s| s.image.identifier().and_then(family_for_identifier))
            .collect();
        for f in [Family::Sff8472, Family::Sff8636, Family::Cmis] {
            assert!(families.contains(&f));
        }
    }
}
