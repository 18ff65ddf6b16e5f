//! `duiqi coverage` on the sample: findings checked by hand, JSON shape, the gate, and
//! the HTML report rendered in headless Chromium.

use std::process::Command as StdCommand;

use assert_cmd::Command;
use serde_json::Value;

const SAMPLE: &str = "data/peoples-daily-2025-06-19.txt";

fn coverage_json(args: &[&str]) -> Value {
    let output = Command::cargo_bin("duiqi")
        .unwrap()
        .arg("coverage")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn findings<'r>(report: &'r Value, kind: &str) -> Vec<&'r str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| f["text"].as_str().unwrap())
        .collect()
}

#[test]
fn sample_findings_checked_by_hand() {
    let report = coverage_json(&[SAMPLE]);
    // The two Chinese sentences with no English in the newsletter.
    assert_eq!(
        findings(&report, "untranslated_chinese"),
        [
            "此行期间,《平“语”近人——习近平喜欢的典故》在中亚五国播出,习近平主席引用的中国诗文典故广受当地民众关注和喜爱.",
            "带动各类创新主体融通创新。"
        ]
    );
    // Commentary is reported as English without Chinese…
    let commentary = findings(&report, "english_without_chinese");
    for line in [
        "He calls it a milestone agreement.",
        "Page 4: A report (English report) on changes at the State Council.",
        "CGTN’s English report says:",
        "Three specific comittments follow:",
    ] {
        assert!(commentary.contains(&line), "{line}");
    }
    // …and no translated sentence is.
    assert!(!commentary
        .iter()
        .any(|t| t.starts_with("Wang Yi said that the rights and wrongs")));
    // The one truncated translation ("…cultural centers…”" for a long Chinese sentence).
    assert_eq!(
        findings(&report, "partial_translation"),
        ["All sides agreed to actively promote the mutual establishment of cultural centers…”"]
    );
    // Numbers: every translated figure agrees (2.79%, 1,232, 27.42 billion yuan ↔ 274.2亿元,
    // 100 million degrees ↔ 亿度…), and the page number of the commentary label "Page 3:"
    // that shares a bead with its quote has nothing to match.
    assert!(findings(&report, "number_mismatch").is_empty());
    // Where the English drops a name the Chinese has (President Xi Jinping → "This is:").
    assert!(findings(&report, "name_missing").contains(&"习近平"));

    let zh = &report["summary"]["zh"];
    assert_eq!(zh["sentences"], 91);
    assert_eq!(zh["unpaired"], 2);
    assert!(zh["percent_paired"].as_f64().unwrap() > 95.0);
    let located = &report["findings"][0];
    for key in [
        "kind", "side", "file", "line", "column", "start", "end", "text", "detail", "bead",
    ] {
        assert!(!located[key].is_null(), "{key}");
    }
    assert_eq!(
        (
            located["line"].as_u64(),
            located["column"].as_u64(),
            located["start"].as_u64()
        ),
        (Some(1), Some(1), Some(0))
    );
}

#[test]
fn fail_under_gates_on_chinese_coverage() {
    let run = |pct: &str| {
        Command::cargo_bin("duiqi")
            .unwrap()
            .args(["coverage", SAMPLE, "--fail-under", pct])
            .assert()
    };
    run("90").success();
    run("99.5")
        .code(1)
        .stderr(predicates::str::contains("under --fail-under 99.5"));
}

#[test]
fn terminal_report_has_no_colour_when_piped() {
    let output = Command::cargo_bin("duiqi")
        .unwrap()
        .args(["coverage", SAMPLE])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("Chinese") && text.contains("untranslated Chinese") && !text.contains('\x1b')
    );
    assert!(
        text.contains(&format!("{SAMPLE}:17:")),
        "findings carry file:line:column"
    );
    // CLICOLOR_FORCE colours even a pipe; NO_COLOR wins over it.
    let coloured = |env: &[(&str, &str)]| {
        let mut command = Command::cargo_bin("duiqi").unwrap();
        command.args(["coverage", SAMPLE]).env_remove("NO_COLOR");
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().unwrap();
        String::from_utf8(output.stdout).unwrap().contains("\x1b[")
    };
    assert!(coloured(&[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
}

#[test]
fn html_report_is_self_contained_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hostile.txt");
    std::fs::write(&input, "Commentary <script>document.title='pwned'</script> here.\nThe six countries agreed. 六国达成一致。\n").unwrap();
    let html = dir.path().join("report.html");
    Command::cargo_bin("duiqi")
        .unwrap()
        .arg("coverage")
        .arg(&input)
        .arg("--html")
        .arg(&html)
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the report's own inline script"
    );
    assert!(page.contains("&lt;script&gt;document.title="));
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http") && !page.contains("@import")
    );
}

/// Renders the sample's report in headless Chromium (installed by .ci/run, which sets
/// DUIQI_REQUIRE_CHROMIUM; elsewhere skipped with a message when it is missing), takes a screenshot and checks the rendered DOM.
#[test]
fn html_report_renders_in_chromium() {
    let Some(chromium) = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| StdCommand::new(c).arg("--version").output().is_ok())
    else {
        assert!(
            std::env::var_os("DUIQI_REQUIRE_CHROMIUM").is_none(),
            "DUIQI_REQUIRE_CHROMIUM is set but chromium is not installed"
        );
        eprintln!(
            "SKIPPED: no chromium installed (set DUIQI_REQUIRE_CHROMIUM to make this a failure)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    Command::cargo_bin("duiqi")
        .unwrap()
        .args(["coverage", SAMPLE, "--html"])
        .arg(&html)
        .assert()
        .success();
    let flags = |extra: &[&str]| {
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ));
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(format!("file://{}", html.display()));
        args
    };
    // A wide and a narrow window: the page must work in both.
    for (width, height) in [(1400, 900), (700, 700)] {
        let screenshot = dir.path().join(format!("report-{width}.png"));
        let shot = StdCommand::new(chromium)
            .args(flags(&[
                &format!("--screenshot={}", screenshot.display()),
                &format!("--window-size={width},{height}"),
            ]))
            .output()
            .unwrap();
        assert!(
            screenshot.exists() && std::fs::metadata(&screenshot).unwrap().len() > 10_000,
            "{}",
            String::from_utf8_lossy(&shot.stderr)
        );
        if let Ok(keep) = std::env::var("DUIQI_KEEP_SCREENSHOT") {
            std::fs::copy(&screenshot, format!("{keep}-{width}.png")).unwrap();
        }
        let dom = StdCommand::new(chromium)
            .args(flags(&[
                "--dump-dom",
                &format!("--window-size={width},{height}"),
            ]))
            .output()
            .unwrap();
        let dom = String::from_utf8(dom.stdout).unwrap();
        // The page's script records the sticky header's height for scrolling.
        let header: f64 = dom
            .split("--header: ")
            .nth(1)
            .and_then(|rest| rest.split("px").next())
            .and_then(|px| px.parse().ok())
            .expect("the page measured its header");
        assert!(
            header < 0.3 * height as f64,
            "the header takes {header}px of a {width}x{height} window"
        );
        checks(&dom);
    }
}

/// What the rendered report must show at any width.
fn checks(dom: &str) {
    let report = coverage_json(&[SAMPLE]);
    assert!(dom.contains("此行期间"));
    for header in [">Chinese <", ">English <", ">score<"] {
        assert!(dom.contains(header), "column header {header}");
    }
    assert!(
        dom.contains("id=\"next-finding\""),
        "a way to the next finding"
    );
    // Every row says where its text is: line:column of its first sentence.
    let untranslated = &report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "untranslated_chinese")
        .unwrap();
    let place = format!(
        "<span class=\"at\">{}:{}</span>",
        untranslated["line"], untranslated["column"]
    );
    assert!(dom.contains(&place), "row place {place}");
    // The filters are the colour key.
    assert!(dom.contains("<i class=\"zh-only\"></i>untranslated Chinese"));
}
