//! Two documents, a Chinese one and its English translation: running text in either
//! order, and pre-split (one sentence a line) with `--format align`.

use assert_cmd::Command;
use serde_json::Value;

const ZH: &str = "tests/fixtures/pair/oman.zh.txt";
const EN: &str = "tests/fixtures/pair/oman.en.txt";

fn run(args: &[&str]) -> String {
    let output = Command::cargo_bin("duiqi")
        .unwrap()
        .args(args)
        .arg("-q")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn either_order_gives_the_same_pairs_with_spans_into_each_file() {
    let zh_first = run(&["align", ZH, EN, "-f", "jsonl"]);
    assert_eq!(zh_first, run(&["align", EN, ZH, "-f", "jsonl"]));
    let (zh_text, en_text) = (std::fs::read(ZH).unwrap(), std::fs::read(EN).unwrap());
    let beads: Vec<Value> = zh_first
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Hand-checked: eight Chinese sentences, each translated by one to three English ones.
    assert_eq!(beads.len(), 8);
    assert!(beads.iter().all(|b| b["kind"] == "pair"));
    let english_per_bead: Vec<usize> = beads
        .iter()
        .map(|b| b["en_spans"].as_array().unwrap().len())
        .collect();
    assert_eq!(english_per_bead, [1, 1, 1, 1, 1, 1, 2, 3]);
    for bead in &beads {
        for (key, text, joiner) in [("zh", &zh_text, ""), ("en", &en_text, " ")] {
            let pieces: Vec<&str> = bead[format!("{key}_spans")]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    std::str::from_utf8(
                        &text[s[0].as_u64().unwrap() as usize..s[1].as_u64().unwrap() as usize],
                    )
                    .unwrap()
                })
                .collect();
            assert_eq!(pieces.join(joiner), bead[key].as_str().unwrap());
        }
    }
    assert!(beads[3]["zh"]
        .as_str()
        .unwrap()
        .starts_with("王毅表示,目前局势的是非曲直一目了然"));
    assert!(beads[3]["en"]
        .as_str()
        .unwrap()
        .starts_with("Wang Yi said that the rights and wrongs"));
}

#[test]
fn presplit_ids_are_line_numbers_of_the_first_file_on_the_left() {
    let (zh, en) = (
        "tests/fixtures/pair/presplit.zh.txt",
        "tests/fixtures/pair/presplit.en.txt",
    );
    // Line 3 of both files is empty: it is a sentence too, so later ids stay line numbers.
    // The last Chinese sentence is translated by the last two English lines.
    let same: String = (0..7).map(|i| format!("[{i}]:[{i}]\n")).collect();
    assert_eq!(
        run(&["align", "--presplit", zh, en, "-f", "align"]),
        format!("{same}[7]:[7,8]\n")
    );
    assert_eq!(
        run(&["align", "--presplit", en, zh, "-f", "align"]),
        format!("{same}[7,8]:[7]\n")
    );
}

#[test]
fn presplit_needs_two_files() {
    Command::cargo_bin("duiqi")
        .unwrap()
        .args(["align", "--presplit", ZH])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--presplit needs two files"));
}

#[test]
fn a_speech_running_over_sentence_ends_stays_with_its_translation() {
    // The Chinese speech opens after its tag and runs over a sentence end; the English
    // gives the tag a sentence of its own. Bead boundaries fall where both sides are
    // outside the speech, or both inside it.
    let beads = run(&[
        "align",
        "--presplit",
        "tests/fixtures/dialogue/zh.txt",
        "tests/fixtures/dialogue/en.txt",
        "--format",
        "align",
    ]);
    assert_eq!(
        beads.lines().collect::<Vec<_>>(),
        [
            "[0]:[0]",
            "[1]:[1,2]",
            "[2]:[3]",
            "[3]:[4]",
            "[4]:[5]",
            "[5]:[6]"
        ]
    );
}

#[test]
fn a_speech_the_translation_regroups_is_aligned_as_one_bead() {
    // The Chinese opens a speech in one sentence and closes it in the next; the English
    // tells the turning round first, closes the speech within its second sentence and
    // reports the rest. Every boundary between the two Chinese sentences splits the
    // speech on one side only, so they and the three English sentences are one 2-3 bead
    // (a shape the DP does not search).
    let beads = run(&[
        "align",
        "--presplit",
        "tests/fixtures/regrouped-speech/zh.txt",
        "tests/fixtures/regrouped-speech/en.txt",
        "--format",
        "align",
    ]);
    assert_eq!(
        beads.lines().collect::<Vec<_>>(),
        [
            "[0]:[0]",
            "[1]:[1]",
            "[2]:[2]",
            "[3]:[3]",
            "[4]:[4]",
            "[5,6]:[5,6,7]",
            "[7]:[8]",
            "[8]:[9]",
            "[9]:[10]",
            "[10]:[11]"
        ]
    );
}

#[test]
fn two_turns_of_a_dialogue_are_two_pairs_however_their_words_match_across() {
    // The old man's speech ends asking about the book and the boy's reply repeats it: the
    // reply's few words are explained by the question as well as by its own translation,
    // and the long question against the short reply fits the lengths better as one 2-2
    // bead. Both sides start the reply with a sentence of its own, so it is a pair.
    let beads = run(&[
        "align",
        "--presplit",
        "tests/fixtures/speech-turns/zh.txt",
        "tests/fixtures/speech-turns/en.txt",
        "--format",
        "align",
    ]);
    let beads: Vec<&str> = beads.lines().collect();
    assert!(beads.contains(&"[4]:[4]"), "{beads:?}");
    assert!(beads.contains(&"[5]:[5]"), "{beads:?}");
    // The boy's speech, his leaving and the old man's call: the English tells the leaving
    // inside the speech's sentence, so the call's turn lines up on both sides.
    assert_eq!(
        beads[12..],
        ["[12,13]:[12,13,14]", "[14]:[15]", "[15]:[16]"],
        "{beads:?}"
    );
    assert_eq!(beads.len(), 15, "all else one to one: {beads:?}");
}
