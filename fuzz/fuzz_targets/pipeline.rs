//! Fuzzes the whole pipeline from bytes: `Document::from_bytes`, then
//! `pipeline::align_interleaved` on the whole input, and `pipeline::align_pair` on the
//! input cut in two, then every output format written into memory.
//!
//! Input layout: byte 0 picks options (bit 0: `presplit` for the pair), byte 1 where the
//! rest is cut for the pair (as a fraction of its length); the interleaved run gets all
//! bytes after byte 0.
//!
//! Checked, as the docs claim them: every bead has a sentence on at least one side
//! (beads.rs), indices in range, score finite in 0..=1; every sentence's span is on char
//! boundaries of the document it was read from; every Chinese and English sentence is in
//! some bead ("no input text goes unreported", jsonl.rs); all writers succeed; TSV rows
//! are one line of exactly three fields (tsv.rs); TMX parses as XML and holds no
//! character XML 1.0 forbids (tmx.rs); JSONL lines are JSON objects whose spans are in
//! the input; sentence-id output has one line per bead (align_ids.rs).
#![no_main]

use duiqi::beads::{Alignment, Sources};
use duiqi::output::{self, Format, WriteOptions};
use duiqi::pipeline::{align_interleaved, align_pair, Options, Order};
use duiqi::read::Document;
use duiqi::sentences::Sentence;
use libfuzzer_sys::fuzz_target;

fn check_spans(side: &str, sentences: &[Sentence], doc: &Document) {
    for (i, s) in sentences.iter().enumerate() {
        assert!(s.span.start <= s.span.end && s.span.end <= doc.text.len(), "{side}[{i}] span {:?} out of bounds ({})", s.span, doc.text.len());
        assert!(doc.text.is_char_boundary(s.span.start) && doc.text.is_char_boundary(s.span.end), "{side}[{i}] span {:?} not on char boundaries", s.span);
    }
}

fn check_alignment(alignment: &Alignment, zh_doc: &Document, en_doc: &Document) {
    check_spans("zh", &alignment.zh, zh_doc);
    check_spans("en", &alignment.en, en_doc);
    if std::ptr::eq(zh_doc, en_doc) {
        check_spans("other", &alignment.other, zh_doc);
    } else {
        // Text in neither language comes from either document.
        for s in &alignment.other {
            assert!(s.span.end <= zh_doc.text.len().max(en_doc.text.len()), "other span {:?} out of bounds", s.span);
        }
    }
    let mut zh_seen = vec![false; alignment.zh.len()];
    let mut en_seen = vec![false; alignment.en.len()];
    for (b, bead) in alignment.beads.iter().enumerate() {
        assert!(!bead.zh.is_empty() || !bead.en.is_empty(), "bead {b} is empty on both sides");
        assert!(bead.score.is_finite() && (0.0..=1.0).contains(&bead.score), "bead {b} score {} not in 0..1", bead.score);
        for &i in &bead.zh {
            assert!(i < alignment.zh.len(), "bead {b}: zh index {i} >= {}", alignment.zh.len());
            zh_seen[i] = true;
        }
        for &j in &bead.en {
            assert!(j < alignment.en.len(), "bead {b}: en index {j} >= {}", alignment.en.len());
            en_seen[j] = true;
        }
    }
    if let Some(i) = zh_seen.iter().position(|&s| !s) {
        panic!("zh sentence {i} {:?} is in no bead", alignment.zh[i].text);
    }
    if let Some(j) = en_seen.iter().position(|&s| !s) {
        panic!("en sentence {j} {:?} is in no bead", alignment.en[j].text);
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn check_outputs(alignment: &Alignment, sources: Sources, zh_first: bool) {
    let options = WriteOptions { zh_first, ..WriteOptions::default() };
    let pairs = alignment.beads.iter().filter(|b| b.is_pair()).count();
    for format in Format::ALL {
        let mut out = Vec::new();
        output::write(&mut out, alignment, format, &options).unwrap_or_else(|e| panic!("writing {format} failed: {e}"));
        let text = String::from_utf8(out).unwrap_or_else(|e| panic!("{format} output is not UTF-8: {e}"));
        match format {
            Format::Tsv => {
                let rows: Vec<&str> = text.strip_suffix('\n').expect("TSV ends with a newline").split('\n').collect();
                assert_eq!(rows.len(), alignment.beads.len() + 1, "TSV rows");
                for row in rows {
                    assert_eq!(row.split('\t').count(), 3, "TSV row {row:?} has not three fields");
                    assert!(!row.contains('\r'), "TSV row {row:?} contains CR");
                }
            }
            Format::Align => assert_eq!(text.lines().count(), alignment.beads.len(), "sentence-id lines"),
            Format::Tmx => {
                if let Some(c) = text.chars().find(|&c| !is_xml_char(c)) {
                    panic!("TMX contains U+{:04X}, which XML 1.0 forbids", c as u32);
                }
                let mut reader = quick_xml::Reader::from_str(&text);
                let mut tus = 0;
                loop {
                    match reader.read_event() {
                        Ok(quick_xml::events::Event::Eof) => break,
                        Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == b"tu" => tus += 1,
                        Ok(_) => {}
                        Err(e) => panic!("TMX does not parse at {}: {e}", reader.buffer_position()),
                    }
                }
                assert_eq!(tus, pairs, "TMX units");
            }
            Format::Jsonl => {
                for line in text.lines() {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("JSONL line {line:?}: {e}"));
                    assert!(v.is_object());
                }
            }
        }
    }
    let mut out = Vec::new();
    output::write_for(&mut out, alignment, Format::Jsonl, &options, sources).expect("JSONL with sources");
    let text = String::from_utf8(out).expect("JSONL is UTF-8");
    let limit = sources.zh.source_offset(sources.zh.text.len()).max(sources.en.source_offset(sources.en.text.len()));
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSONL line parses");
        for key in ["zh_spans", "en_spans", "other_spans"] {
            for span in v.get(key).and_then(|s| s.as_array()).into_iter().flatten() {
                let (s, e) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
                assert!(s <= e && e <= limit, "{key} [{s},{e}] outside the input ({limit} bytes)");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    if let Ok(doc) = Document::from_bytes("fuzz", rest.to_vec()) {
        let alignment = align_interleaved(&doc, &Options::default());
        check_alignment(&alignment, &doc, &doc);
        check_outputs(&alignment, Sources { zh: &doc, en: &doc }, true);
    }
    let Some((&cut, rest)) = rest.split_first() else { return };
    let at = cut as usize * rest.len() / 256;
    let (a, b) = rest.split_at(at);
    let (Ok(a), Ok(b)) = (Document::from_bytes("a", a.to_vec()), Document::from_bytes("b", b.to_vec())) else { return };
    let options = Options { presplit: flags & 1 == 1, ..Options::default() };
    if let Ok((alignment, order)) = align_pair(&a, &b, &options) {
        let zh_first = order == Order::ChineseFirst;
        let (zh_doc, en_doc) = if zh_first { (&a, &b) } else { (&b, &a) };
        check_alignment(&alignment, zh_doc, en_doc);
        let docs = [a.clone(), b.clone()];
        check_outputs(&alignment, Sources::of(&docs, zh_first), zh_first);
    }
});
