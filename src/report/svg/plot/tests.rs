use super::*;

fn polylines(svg: &str) -> Vec<&str> {
    svg.split("points=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

#[test]
fn a_line_maps_to_hand_computed_coordinates() {
    // x 0..10 (step 2) → 72..696; y 0..100 (step 20) → 276..36.
    let svg = Plot::new("t")
        .x_axis("time", "s")
        .y_axis("temperature", "degC")
        .line(
            "module",
            vec![(0.0, 0.0), (5.0, 50.0), (10.0, 100.0)],
            Style::Line,
            false,
        )
        .render();
    assert_eq!(polylines(&svg), vec!["72,276 384,156 696,36"]);
    assert!(svg.contains(">time (s)</text>"), "{svg}");
    assert!(svg.contains(">temperature (degC)</text>"));
    // Ticks 0, 2, .., 10 on x and 0, 20, .., 100 on y.
    for label in [">0<", ">2<", ">10<", ">20<", ">100<"] {
        assert!(svg.contains(label), "{label}");
    }
    assert!(svg.contains("viewBox=\"0 0 720 340\""), "{svg}");
}

#[test]
fn unplottable_points_break_the_line() {
    let svg = Plot::new("t")
        .line(
            "a",
            vec![
                (0.0, 0.0),
                (5.0, f64::NAN),
                (10.0, 100.0),
                (f64::INFINITY, 3.0),
            ],
            Style::Line,
            false,
        )
        .render();
    // Two lone points, each drawn as a dot; no polyline.
    assert!(polylines(&svg).is_empty());
    assert!(svg.contains("<circle cx=\"72\" cy=\"276\""), "{svg}");
    assert!(svg.contains("<circle cx=\"696\" cy=\"36\""), "{svg}");
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
}

#[test]
fn log_axis_skips_zeros_and_spans_the_references() {
    // y: 1e-12 .. 2.4e-4 (the reference) → decades -12..-3, nine decades, ticked every 2nd
    // and widened to -12..-2: 24 units a decade. 1e-6 → 276 - 6 × 24 = 132.
    // x: 0..20 (the zero at x = 20 still counts) → step 5 → 72..696; x = 10 → 384.
    let plot = Plot::new("ber")
        .x_axis("time", "s")
        .y_log_axis("pre-FEC BER", "")
        .line(
            "pre-FEC",
            vec![(0.0, 1e-12), (10.0, 1e-6), (20.0, 0.0)],
            Style::Line,
            false,
        )
        .reference(2.4e-4, "limit 2.4e-4");
    let layout = plot.layout();
    assert_eq!(
        layout.y_ticks,
        YTicks::Log(LogTicks {
            lo: -12,
            hi: -2,
            exponents: vec![-12, -10, -8, -6, -4, -2]
        })
    );
    let svg = plot.render();
    assert_eq!(polylines(&svg), vec!["72,276 384,132"]);
    assert!(svg.contains(">10⁻⁸<"));
    // log10(2.4e-4) = -3.6198 → 276 - 8.3802 × 24 = 74.9.
    assert!(svg.contains("y1=\"74.9\""), "{svg}");
    assert!(svg.contains(">limit 2.4e-4</text>"));
    assert_eq!(plot.drawable_points(), 2);
}

#[test]
fn empty_and_constant_series_still_render() {
    let empty = Plot::new("nothing").line("a", vec![], Style::Line, false);
    assert_eq!(empty.drawable_points(), 0);
    let svg = empty.render();
    assert!(svg.contains("no data to plot"));
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));

    // Constant 25 is padded to 22.5..27.5 → ticks 22..28 (step 1): 25 sits mid-height, 156.
    let flat = Plot::new("flat").line("a", vec![(0.0, 25.0), (10.0, 25.0)], Style::Line, false);
    assert_eq!(polylines(&flat.render()), vec!["72,156 696,156"]);

    // One point: a dot in the middle of padded axes (x 0 ± 1, y 5 ± 0.5).
    let single = Plot::new("one").line("a", vec![(0.0, 5.0)], Style::Markers, false);
    assert!(single.render().contains("<circle cx=\"384\" cy=\"156\""));
}

#[test]
fn text_is_escaped() {
    let svg = Plot::new("<b>&\"x\"")
        .x_axis("t<", "s&")
        .line("</svg><script>", vec![(0.0, 1.0)], Style::Markers, false)
        .reference(1.0, "a\u{1b}[31m<")
        .render();
    assert!(!svg.contains("<b>") && !svg.contains("<script>"));
    assert!(svg.contains("&lt;b&gt;&amp;\"x\""));
    assert!(svg.contains("data-name=\"&lt;/svg&gt;&lt;script&gt;\""));
    assert!(svg.contains("a\\x1b[31m&lt;"));
    assert_eq!(svg.matches("</svg>").count(), 1);
}

#[test]
fn legend_columns_follow_the_longest_name() {
    // 624 units / 156 = 4 columns: 5 entries are 2 rows → height 36 + 240 + 48 + 32.
    assert_eq!(Plot::height_for(5, 4), 356.0);
    assert_eq!(Plot::height_for(0, 4), 324.0);
    let short = Plot::new("t").line("lane 1", vec![], Style::Line, false);
    // 156 wide: (156 - 32) / 6.2 = 20 characters.
    assert_eq!(short.legend_layout(), (4, 156.0, 20));
    // 36 characters need 22 + 36 × 6.2 + 10 = 255.2 units: 2 columns of 312, each keeping
    // (312 - 32) / 6.2 = 45 characters.
    let long = Plot::new("t").line(
        "ACQD4DR4240705 (qsfpdd) · quickstart",
        vec![],
        Style::Line,
        false,
    );
    assert_eq!(long.legend_layout().0, 2);
    assert_eq!(long.legend_layout().2, 45);
    assert_eq!(clip("abcdef", 4), "abc…");
    assert_eq!(num(-0.04), "0");
    assert_eq!(num(12.25), "12.2");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![
            4 => -1e6f64..1e6,
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
            1 => Just(f64::NEG_INFINITY),
            1 => Just(0.0),
            1 => Just(f64::MAX),
            1 => Just(f64::MIN_POSITIVE),
            1 => 1e-300f64..1e-290,
        ]
    }

    proptest! {
        #[test]
        fn any_points_render_finite_coordinates(
            points in proptest::collection::vec((value(), value()), 0..40),
            log in any::<bool>(),
            reference in value(),
        ) {
            let mut plot = Plot::new("p").line("a", points, Style::LineMarkers, false)
                .reference(reference, "r");
            if log {
                plot = plot.y_log_axis("y", "");
            }
            let svg = plot.render();
            prop_assert!(!svg.contains("NaN") && !svg.contains("inf"));
            prop_assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        }

        #[test]
        fn linear_ticks_cover_the_data(lo in -1e9f64..1e9, span in 0f64..1e9, target in 1usize..12) {
            let t = linear_ticks(lo, lo + span, target);
            prop_assert!(t.lo <= lo && t.hi >= lo + span);
            prop_assert!(t.values.len() >= 2 && t.values.len() <= 201);
            prop_assert!(t.values.windows(2).all(|w| w[0] < w[1]));
        }

        #[test]
        fn log_ticks_cover_the_data(a in 1e-300f64..1e300, b in 1e-300f64..1e300) {
            let t = log_ticks(a, b);
            prop_assert!(t.hi > t.lo);
            prop_assert!(f64::from(t.lo) <= a.min(b).log10() + 1e-9);
            prop_assert!(f64::from(t.hi) >= a.max(b).log10() - 1e-9);
            prop_assert!(t.exponents.len() <= 9);
        }
    }
}
