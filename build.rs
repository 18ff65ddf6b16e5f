//! Prepares CC-CEDICT for lookups without start-up work.
//!
//! `data/cedict_ts.u8` lists entries as `傳統 传统 [chuan2 tong3] /tradition/traditional/`
//! in no particular order of the simplified form. Parsing it into a hash map at run time
//! costs tens of milliseconds per process, more than aligning a whole newsletter. So the
//! build writes `cedict-index.txt` into OUT_DIR: one line per headword form (simplified,
//! and traditional where it differs), `HEADWORD\tdef1/def2/…`, sorted by headword bytes
//! so that a headword's lines are together, read in place in the embedded text. Each
//! line also carries the English stems of every definition (`\tstem stem/stem/…`, one
//! group per definition), made by the same code the aligner uses (`src/text.rs`):
//! stemming glosses was the dearest part of aligning a long document.
//! `cedict-lines.bin` holds the byte offset of every line (u32, little-endian), and
//! `cedict-table.bin` an open-addressing hash table (`text::headword_hash`, linear
//! probing, at most half full) of the first line of every headword, u32 little-endian,
//! line number + 1, 0 for an empty slot: a lookup reads a slot or two and one line,
//! where bisecting the sorted index read a score of lines.
//!
//! It also writes `jieba-dict.txt`: `data/jieba_dict.txt` plus every multi-character
//! simplified CC-CEDICT headword jieba lacks (习近平, 亚伯拉罕, 杜尚别…), at a low
//! frequency, so that jieba cuts text into words the dictionary can translate.

/// Frequency given to CC-CEDICT words that jieba's list lacks: below nearly every jieba
/// word, yet far above a run of single characters.
const CEDICT_WORD_FREQUENCY: u32 = 10;

use std::env;
use std::fs;
use std::path::Path;

#[allow(dead_code)] // the build uses only part of it
#[path = "src/text.rs"]
mod text;

/// The hash table of `cedict-table.bin` over the sorted lines.
fn headword_table(lines: &[(&str, String)]) -> Vec<u8> {
    let slots = (2 * lines.len()).next_power_of_two();
    let mut table = vec![0u32; slots];
    for (k, (headword, _)) in lines.iter().enumerate() {
        if k > 0 && lines[k - 1].0 == *headword {
            continue; // only the first line of a headword
        }
        let mut slot = text::headword_hash(headword) as usize & (slots - 1);
        while table[slot] != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = u32::try_from(k + 1).expect("fewer than 4 billion lines");
    }
    table.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn main() {
    let source = "data/cedict_ts.u8";
    let jieba_source = "data/jieba_dict.txt";
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed={jieba_source}");
    println!("cargo::rerun-if-changed=src/text.rs");
    println!("cargo::rerun-if-changed=data/english_irregular.txt");
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let text = fs::read_to_string(source).expect("data/cedict_ts.u8 is part of the repository");
    let mut lines: Vec<(&str, String)> = Vec::new();
    let mut longest = 1;
    for line in text.lines() {
        let Some((traditional, simplified, definitions)) = parse_entry(line) else {
            continue;
        };
        longest = longest
            .max(simplified.chars().count())
            .max(traditional.chars().count());
        let stems: Vec<String> = definitions
            .split('/')
            .map(|d| text::gloss_stems(d, &stemmer).join(" "))
            .collect();
        let entry = format!("{definitions}\t{}", stems.join("/"));
        if traditional != simplified {
            lines.push((traditional, entry.clone()));
        }
        lines.push((simplified, entry));
    }
    lines.sort();
    let mut index = String::with_capacity(text.len() * 3);
    let mut starts: Vec<u8> = Vec::with_capacity(lines.len() * 4);
    for (headword, entry) in &lines {
        starts.extend(
            u32::try_from(index.len())
                .expect("the index fits in 4 GB")
                .to_le_bytes(),
        );
        index.push_str(headword);
        index.push('\t');
        index.push_str(entry);
        index.push('\n');
    }
    let out = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out).join("cedict-index.txt"), index).unwrap();
    fs::write(Path::new(&out).join("cedict-lines.bin"), starts).unwrap();
    fs::write(
        Path::new(&out).join("cedict-table.bin"),
        headword_table(&lines),
    )
    .unwrap();

    let mut jieba =
        fs::read_to_string(jieba_source).expect("data/jieba_dict.txt is part of the repository");
    let known: std::collections::HashSet<&str> =
        jieba.lines().filter_map(|l| l.split(' ').next()).collect();
    let mut extra: Vec<&str> = text
        .lines()
        .filter_map(parse_entry)
        .map(|(_, simplified, _)| simplified)
        .filter(|w| {
            w.chars().count() >= 2
                && w.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                && !known.contains(w)
        })
        .collect();
    extra.sort_unstable();
    extra.dedup();
    let additions: String = extra
        .iter()
        .map(|w| format!("{w} {CEDICT_WORD_FREQUENCY} n\n"))
        .collect();
    jieba.push_str(&additions);
    fs::write(Path::new(&out).join("jieba-dict.txt"), jieba).unwrap();
    fs::write(
        Path::new(&out).join("cedict-longest.txt"),
        longest.to_string(),
    )
    .unwrap();
}

/// `傳統 传统 [chuan2 tong3] /tradition/traditional/` → (傳統, 传统, `tradition/traditional`).
fn parse_entry(line: &str) -> Option<(&str, &str, &str)> {
    if line.starts_with('#') {
        return None;
    }
    let (traditional, rest) = line.split_once(' ')?;
    let (simplified, rest) = rest.split_once(' ')?;
    let (_pinyin, rest) = rest.split_once("] /")?;
    let definitions = rest.trim_end().strip_suffix('/')?;
    (!definitions.contains('\t')).then_some((traditional, simplified, definitions))
}
