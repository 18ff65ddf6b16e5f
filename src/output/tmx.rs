//! TMX 1.4 writer: an [`Alignment`] in, a translation memory out.
//!
//! One `<tu>` per pair scoring at least `min_score` (unpaired sentences have nothing to
//! translate into and are left out), carrying its score as `<prop type="x-score">` and a
//! Chinese and an English `<tuv>`. The file validates against `tmx14.dtd`, is indented so it
//! diffs well, and is deterministic (no dates). quick-xml does all escaping; characters
//! XML 1.0 forbids are dropped and counted in [`TmxStats`].

use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{score_str, WriteOptions};
use crate::beads::Alignment;
use crate::span::Lang;

/// What [`write_tmx`] wrote, for the CLI to report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TmxStats {
    /// Translation units written.
    pub units: usize,
    /// Characters left out of segments because XML 1.0 cannot represent them.
    pub dropped_chars: usize,
}

/// One translation unit: the two segments, a score and, for merged memories, how many
/// times the pair occurred.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit<'a> {
    /// The Chinese segment.
    pub zh: std::borrow::Cow<'a, str>,
    /// The English segment.
    pub en: std::borrow::Cow<'a, str>,
    /// The bead's confidence (the highest one, for a merged unit).
    pub score: f64,
    /// How many times the pair occurred in a merged memory (`x-count`); `None` for one
    /// document's memory.
    pub count: Option<usize>,
}

/// Writes `alignment` as TMX 1.4 to `out`.
pub fn write_tmx<W: Write>(
    out: W,
    alignment: &Alignment,
    options: &WriteOptions,
) -> io::Result<TmxStats> {
    let units = alignment
        .beads
        .iter()
        .filter(|b| b.is_pair() && b.score >= options.min_score)
        .map(|bead| Unit {
            zh: alignment.zh_text(bead).into(),
            en: alignment.en_text(bead).into(),
            score: bead.score,
            count: None,
        });
    write_units(out, units, options.tool_version)
}

/// Writes translation units as a TMX 1.4 document; a unit's `count` becomes an
/// `x-count` property.
pub fn write_units<'a, W: Write>(
    out: W,
    units: impl Iterator<Item = Unit<'a>>,
    tool_version: &str,
) -> io::Result<TmxStats> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    let mut stats = TmxStats::default();
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::DocType(BytesText::from_escaped(
        r#"tmx SYSTEM "tmx14.dtd""#,
    )))?;
    w.create_element("tmx")
        .with_attribute(("version", "1.4"))
        .write_inner_content(|w| {
            write_header(w, tool_version)?;
            w.write_event(Event::Start(BytesStart::new("body")))?;
            for unit in units {
                w.create_element("tu").write_inner_content(|w| {
                    w.create_element("prop")
                        .with_attribute(("type", "x-score"))
                        .write_text_content(BytesText::new(&score_str(unit.score)))?;
                    if let Some(count) = unit.count {
                        w.create_element("prop")
                            .with_attribute(("type", "x-count"))
                            .write_text_content(BytesText::new(&count.to_string()))?;
                    }
                    write_tuv(w, Lang::Chinese, &unit.zh, &mut stats)?;
                    write_tuv(w, Lang::English, &unit.en, &mut stats)
                })?;
                stats.units += 1;
            }
            w.write_event(Event::End(BytesEnd::new("body")))
        })?;
    let mut out = w.into_inner();
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(stats)
}

fn write_header<W: Write>(w: &mut Writer<W>, version: &str) -> io::Result<()> {
    w.create_element("header")
        .with_attributes([
            ("creationtool", "duiqi"),
            ("creationtoolversion", version),
            ("datatype", "plaintext"),
            ("segtype", "sentence"),
            ("adminlang", "en"),
            ("srclang", Lang::Chinese.tag()),
            ("o-tmf", "duiqi"),
        ])
        .write_empty()?;
    Ok(())
}

fn write_tuv<W: Write>(
    w: &mut Writer<W>,
    lang: Lang,
    text: &str,
    stats: &mut TmxStats,
) -> io::Result<()> {
    let (text, dropped) = xml_safe(text);
    stats.dropped_chars += dropped;
    w.create_element("tuv")
        .with_attribute(("xml:lang", lang.tag()))
        .write_inner_content(|w| {
            // One element with only text inside: quick-xml adds no indentation within it, so
            // the segment text is exactly what we pass.
            w.create_element("seg")
                .write_text_content(BytesText::new(&text))?;
            Ok(())
        })?;
    Ok(())
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production). Escaping cannot help
/// with the others: even `&#1;` is ill-formed.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` without the characters XML 1.0 forbids, and how many were dropped.
fn xml_safe(text: &str) -> (std::borrow::Cow<'_, str>, usize) {
    let dropped = text.chars().filter(|&c| !is_xml_char(c)).count();
    if dropped == 0 {
        return (text.into(), 0);
    }
    (
        text.chars()
            .filter(|&c| is_xml_char(c))
            .collect::<String>()
            .into(),
        dropped,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::{sample, HOSTILE};
    use quick_xml::events::Event;
    use quick_xml::Reader;

    fn tmx(min_score: f64) -> (String, TmxStats) {
        let opts = WriteOptions {
            min_score,
            tool_version: "9.9.9",
            ..WriteOptions::default()
        };
        let mut out = Vec::new();
        let stats = write_tmx(&mut out, &sample(), &opts).unwrap();
        (String::from_utf8(out).unwrap(), stats)
    }

    /// The text of every `<seg>`, unescaped by a real XML parser.
    fn segs(xml: &str) -> Vec<String> {
        let mut reader = Reader::from_str(xml);
        let (mut segs, mut in_seg) = (Vec::new(), false);
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if e.name().as_ref() == b"seg" => {
                    in_seg = true;
                    segs.push(String::new());
                }
                Event::End(e) if e.name().as_ref() == b"seg" => in_seg = false,
                Event::Text(t) if in_seg => {
                    segs.last_mut().unwrap().push_str(&t.unescape().unwrap())
                }
                Event::Eof => return segs,
                _ => {}
            }
        }
    }

    #[test]
    fn structure() {
        let (xml, stats) = tmx(0.0);
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
            <!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n\
            <tmx version=\"1.4\">\n  \
            <header creationtool=\"duiqi\" creationtoolversion=\"9.9.9\" datatype=\"plaintext\" \
            segtype=\"sentence\" adminlang=\"en\" srclang=\"zh-CN\" o-tmf=\"duiqi\"/>\n  \
            <body>\n    \
            <tu>\n      \
            <prop type=\"x-score\">0.873</prop>\n      \
            <tuv xml:lang=\"zh-CN\">\n        \
            <seg>你好，世界。</seg>\n      \
            </tuv>\n      \
            <tuv xml:lang=\"en\">\n        \
            <seg>Hello, world.</seg>\n      \
            </tuv>\n    \
            </tu>\n";
        assert!(xml.starts_with(head), "{xml}");
        assert!(xml.ends_with("  </body>\n</tmx>\n"), "{xml}");
        assert_eq!(
            stats,
            TmxStats {
                units: 4,
                dropped_chars: 2
            }
        );
        assert_eq!(xml.matches("<tu>").count(), 4);
        assert!(
            !xml.contains("孤立的句子") && !xml.contains("Untranslated"),
            "unpaired in TMX"
        );
        assert!(xml.contains("<seg>他来了。他走了。</seg>"));
    }

    #[test]
    fn escaping_and_dropped_chars() {
        let (xml, _) = tmx(0.0);
        assert!(!xml.contains("<script>") && !xml.contains("]]>"), "{xml}");
        assert!(!xml.contains('\u{1}'));
        let segs = segs(&xml);
        assert_eq!(segs[2], format!("第二句{HOSTILE}。"));
        assert_eq!(segs[3], format!("Second {HOSTILE}bell\tend"));
    }

    #[test]
    fn min_score_filters_pairs() {
        let (xml, stats) = tmx(0.9);
        assert_eq!(stats.units, 2);
        assert_eq!(segs(&xml).len(), 4);
        assert!(!xml.contains("Hello") && !xml.contains("Low score") && xml.contains("0.950"));
        let (xml, stats) = tmx(1.5);
        assert_eq!(stats, TmxStats::default());
        assert!(xml.contains("<body>\n  </body>"), "{xml}");
    }

    #[test]
    fn xml_safe_drops_only_forbidden() {
        assert_eq!(
            xml_safe("a\u{0}b\u{1b}c\u{FFFE}\u{FFFF}"),
            ("abc".into(), 4)
        );
        let ok = "\t\n\r \u{7f}\u{85}\u{D7FF}\u{E000}\u{FFFD}\u{10000}\u{10FFFF}汉";
        assert_eq!(xml_safe(ok), (ok.into(), 0));
    }

    /// Validates against the real DTD with xmllint. CI sets `DUIQI_TMX_DTD` (and installs
    /// xmllint), so there a missing DTD or xmllint fails; elsewhere the DTD is looked for in
    /// `../shared/spec` beside the checkout and the check is skipped, saying so, without it.
    #[test]
    fn validates_against_dtd() {
        let required = std::env::var("DUIQI_TMX_DTD").ok();
        let dtd = required.clone().unwrap_or_else(|| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/spec/tmx14.dtd").to_string()
        });
        if !std::path::Path::new(&dtd).is_file() {
            assert!(required.is_none(), "DUIQI_TMX_DTD={dtd} is not a file");
            eprintln!("SKIPPED: DTD {dtd} not found; set DUIQI_TMX_DTD to validate the TMX");
            return;
        }
        for min_score in [0.0, 1.5] {
            let mut file = tempfile::Builder::new().suffix(".tmx").tempfile().unwrap();
            file.write_all(tmx(min_score).0.as_bytes()).unwrap();
            let run = std::process::Command::new("xmllint")
                .args(["--noout", "--dtdvalid", &dtd])
                .arg(file.path())
                .output();
            let Ok(run) = run else {
                assert!(
                    required.is_none(),
                    "DUIQI_TMX_DTD is set but xmllint is not installed"
                );
                eprintln!("SKIPPED: xmllint not on PATH; TMX not validated");
                return;
            };
            assert!(
                run.status.success(),
                "xmllint: {}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
    }
}
