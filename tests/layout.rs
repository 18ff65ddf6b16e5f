//! Interleaved text in either layout: Chinese first, English first, or both in one
//! document (hand-written fixtures in `tests/fixtures/layout`).

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

fn duiqi() -> Command {
    Command::cargo_bin("duiqi").unwrap()
}

/// The pairs (Chinese, English) and the JSONL lines of `duiqi align FILE --format jsonl`.
fn pairs(args: &[&str]) -> (Vec<(String, String)>, Vec<Value>, String) {
    let output = duiqi()
        .arg("align")
        .args(args)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let pairs = lines
        .iter()
        .filter(|l| l["kind"] == "pair")
        .map(|l| {
            (
                l["zh"].as_str().unwrap().to_string(),
                l["en"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (pairs, lines, String::from_utf8(output.stderr).unwrap())
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(z, e)| (z.to_string(), e.to_string()))
        .collect()
}

#[test]
fn chinese_paragraphs_pair_with_the_english_after_them() {
    let file = "tests/fixtures/layout/zh-first.txt";
    let (pairs, lines, stderr) = pairs(&[file]);
    assert_eq!(
        pairs,
        owned(&[
            ("中国剪纸有一千五百多年的历史。", "Chinese paper cutting has a history of more than 1,500 years."),
            ("人们用剪刀或刻刀在纸上剪出花鸟、动物和人物。", "People use scissors or knives to cut flowers, birds, animals and figures out of paper."),
            ("春节的时候，很多家庭把红色的剪纸贴在窗户上，表达对新年的美好祝愿。", "During the Spring Festival, many families put red paper cuttings on their windows to express their good wishes for the new year."),
            ("北京是中国的首都，有三千多年的历史。", "Beijing is the capital of China and has a history of more than 3,000 years."),
            ("故宫是世界上最大的古代宫殿建筑群。", "The Palace Museum is the largest group of ancient palace buildings in the world."),
            ("每年有数百万游客来北京参观长城和颐和园。", "Every year millions of tourists come to Beijing to visit the Great Wall and the Summer Palace."),
        ])
    );
    assert!(stderr.contains("layout zh-first"), "{stderr}");
    let text = std::fs::read_to_string(file).unwrap();
    for line in &lines {
        assert_eq!(line["layout"], "zh-first");
        let span = &line["en_spans"][0];
        let (start, end) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
        assert_eq!(
            &text[start as usize..end as usize],
            line["en"].as_str().unwrap()
        );
    }
}

#[test]
fn a_chinese_headline_before_its_english_and_paragraphs_after_theirs() {
    let (pairs, lines, stderr) = pairs(&["tests/fixtures/layout/mixed.txt"]);
    assert_eq!(
        pairs,
        owned(&[
            ("中国经济上半年增长5.3%", "China's economy grew 5.3% in the first half"),
            ("国家统计局周一表示，消费和出口支撑了经济增长。", "The National Bureau of Statistics said on Monday that consumption and exports supported the growth."),
            ("社会消费品零售总额同比增长4.8%，高技术产品出口增长9.2%。", "Retail sales of consumer goods rose 4.8% year on year, and exports of high-tech products grew 9.2%."),
            ("分析人士预计，下半年经济将保持平稳增长。", "Analysts expect the economy to keep a steady pace in the second half of the year."),
        ])
    );
    let layouts: Vec<&str> = lines.iter().filter_map(|l| l["layout"].as_str()).collect();
    assert_eq!(layouts, ["zh-first", "en-first", "en-first", "en-first"]);
    let commentary = lines.iter().find(|l| l["kind"] == "en_only").unwrap();
    assert_eq!(
        commentary["en"],
        "A reader from Shanghai wrote to us about these figures."
    );
    assert!(stderr.contains("layout mixed"), "{stderr}");
}

#[test]
fn the_layout_can_be_given_and_coverage_reports_the_one_found() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    std::fs::write(
        &page,
        "各方一致同意加强合作。\nAll parties agreed to strengthen cooperation.\n\n中国经济增长5.2%。\nChina's economy grew by 5.2%.\n",
    )
    .unwrap();
    let page = page.to_str().unwrap();
    let right = owned(&[
        (
            "各方一致同意加强合作。",
            "All parties agreed to strengthen cooperation.",
        ),
        ("中国经济增长5.2%。", "China's economy grew by 5.2%."),
    ]);
    assert_eq!(pairs(&[page]).0, right);
    assert_eq!(pairs(&[page, "--layout", "zh-first"]).0, right);
    // Told the wrong layout, the first Chinese has no English before it.
    let (forced, _, stderr) = pairs(&[page, "--layout", "en-first"]);
    assert_ne!(forced, right);
    assert!(!stderr.contains("layout zh-first"), "{stderr}");
    let output = duiqi().args(["coverage", page, "--json"]).output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["layout"]["name"], "zh-first");
    assert_eq!(report["summary"]["layout"]["chinese_first"], 2);
    duiqi()
        .args(["align", page, "--layout", "sideways"])
        .assert()
        .code(2)
        .stderr(contains("en-first"));
}

#[test]
fn glosses_in_the_other_language_stay_in_their_sentence() {
    let file = "tests/fixtures/layout/glosses.txt";
    let (pairs, lines, _) = pairs(&[file]);
    assert_eq!(
        pairs,
        owned(&[
            ("中国剪纸有一千五百多年的历史，在明朝和清朝时期(the Ming and Qing Dynasties)特别流行。", "Chinese paper cutting has a history of more than 1,500 years and was especially popular during the Ming and Qing Dynasties."),
            ("长城在1987年被列入世界文化遗产名录。", "The Great Wall was put on the World Heritage Site(世界文化遗产)list in 1987."),
            ("故宫（the Palace Museum, also known as the Forbidden City）是明清两代的皇宫。", "The Palace Museum was the imperial palace of the Ming and Qing dynasties."),
        ])
    );
    assert_eq!(lines.len(), 3, "nothing left unpaired");
    // The gloss is an anchor: the English it shares with the translation counts.
    assert!(lines[0]["score"].as_f64().unwrap() > 0.9);
}

#[test]
fn a_chinese_gloss_in_english_is_an_anchor() {
    // "Changcheng" is not in the dictionary's glosses of 长城; the gloss in parentheses is
    // the translator's own word for it and counts as a match (0.75 when it did not).
    let output = duiqi()
        .args(["align", "-", "--format", "jsonl"])
        .write_stdin("他说长城是世界文化遗产。\nThe Changcheng (长城) is a World Heritage Site.\n")
        .output()
        .unwrap();
    assert!(output.status.success());
    let line: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        line["en"],
        "The Changcheng (长城) is a World Heritage Site."
    );
    assert!(line["score"].as_f64().unwrap() > 0.85, "{line}");
}

#[test]
fn a_speech_stays_with_its_translation_in_interleaved_text_too() {
    // The English keeps the dialogue of the Chinese after it (speeches running over
    // sentence ends on both sides), so a boundary inside a speech on one side only
    // splits it: the old man's question stays with its translation, and so does what he
    // says next (whether the two come out as two pairs or as one bead of both).
    let (pairs, _, _) = pairs(&["tests/fixtures/layout/dialogue.txt"]);
    let question = pairs
        .iter()
        .find(|(zh, _)| zh.contains("明天你还来吗"))
        .expect("the question is paired");
    assert!(
        question.1.contains("'Will you come again tomorrow?"),
        "{question:?}"
    );
    let next = pairs
        .iter()
        .find(|(zh, _)| zh.contains("我在这里等你"))
        .expect("the rest of the speech is paired");
    assert!(next.1.contains("I shall wait for you here,"), "{next:?}");
}
