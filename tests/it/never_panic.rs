//! Parsers never panic on arbitrary bytes: random input, and real files cut or corrupted at
//! random places. (A bounded property test; long fuzzing campaigns belong to `cargo fuzz`.)

use proptest::prelude::*;
use rutscope::ingest;

const GPX: &str = r#"<?xml version="1.0"?><gpx version="1.1"><trk><type>running</type><trkseg>
<trkpt lat="45.0" lon="7.0"><ele>200</ele><time>2024-05-01T10:00:00Z</time><extensions><hr>120</hr></extensions></trkpt>
<trkpt lat="45.001" lon="7.0"><time>2024-05-01T10:00:05Z</time></trkpt></trkseg></trk></gpx>"#;

fn demo_fit() -> Vec<u8> {
    let start = chrono::DateTime::from_timestamp(1_714_557_600, 0).unwrap();
    rutscope::write::fit::write(&rutscope::write::demo::loop_run(start, 60, Some(30)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), name in "[a-z]{1,8}\\.(fit|gpx|tcx|gz|zip)") {
        let _ = ingest::parse_any(&name, &bytes);
    }

    #[test]
    fn fit_cut_or_flipped(cut in 0usize..4000, flips in proptest::collection::vec((0usize..4000, any::<u8>()), 0..8)) {
        let mut b = demo_fit();
        for (i, v) in flips {
            let n = b.len();
            b[i % n] = v;
        }
        b.truncate(cut.min(b.len()));
        let _ = ingest::parse_any("x.fit", &b);
    }

    #[test]
    fn xml_cut_or_flipped(cut in 0usize..600, flips in proptest::collection::vec((0usize..600, any::<u8>()), 0..8), tcx in any::<bool>()) {
        let doc = if tcx {
            String::from_utf8(rutscope::write::tcx::write(&rutscope::write::demo::loop_run(chrono::DateTime::from_timestamp(0, 0).unwrap(), 3, None))).unwrap()
        } else {
            GPX.to_string()
        };
        let mut b = doc.into_bytes();
        for (i, v) in flips {
            let n = b.len();
            b[i % n] = v;
        }
        b.truncate(cut.min(b.len()));
        let _ = ingest::parse_any(if tcx { "x.tcx" } else { "x.gpx" }, &b);
    }
}
