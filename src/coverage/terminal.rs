//! Terminal rendering: a [`Report`] in, lines readable at a glance out.
//!
//! The report is written with ANSI styles ([`anstyle`]); the caller decides where they
//! are shown, as the CLI does by writing through `anstream::AutoStream`, which strips
//! them when standard output is not a terminal or `NO_COLOR` is set.

use std::io::{self, Write};

use anstyle::{AnsiColor, Effects, Style};

use super::{FindingKind, Report, SideSummary};

const RED: Style = AnsiColor::Red.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const GREEN: Style = AnsiColor::Green.on_default();
const DIM: Style = Style::new().effects(Effects::DIMMED);
const BOLD: Style = Style::new().effects(Effects::BOLD);

/// Width of the coverage bar, in characters.
const BAR: usize = 40;
/// Longest finding text shown before it is cut with an ellipsis.
const TEXT_CHARS: usize = 90;

/// Writes the report with ANSI styles.
pub fn write_report(mut out: impl Write, report: &Report, title: &str) -> io::Result<()> {
    let paint = |style: Style, text: &str| format!("{style}{text}{style:#}");
    writeln!(out, "{}", paint(BOLD, &format!("duiqi coverage: {title}")))?;
    for (name, side, unit) in [
        ("Chinese", &report.summary.zh, "characters"),
        ("English", &report.summary.en, "words"),
    ] {
        writeln!(out, "{}", side_line(name, side, unit, &paint))?;
    }
    if let Some(layout) = report.summary.layout {
        writeln!(out, "Layout: {layout}")?;
    }
    let counts: Vec<String> = FindingKind::ALL
        .iter()
        .map(|&kind| {
            format!(
                "{} {}",
                report.findings.iter().filter(|f| f.kind == kind).count(),
                kind.label()
            )
        })
        .collect();
    if !report.passages.is_empty() {
        writeln!(
            out,
            "\nPassages without translation: {}",
            report.passages.len()
        )?;
        for p in &report.passages {
            writeln!(out, "  {}", p.describe())?;
        }
    }
    writeln!(out, "\nFindings: {}", counts.join(", "))?;
    for f in &report.findings {
        let style = match f.kind {
            FindingKind::UntranslatedChinese
            | FindingKind::NumberMismatch
            | FindingKind::SuspectAlignment => RED,
            FindingKind::EnglishWithoutChinese => DIM,
            FindingKind::PartialTranslation | FindingKind::NameMissing => YELLOW,
        };
        let place = format!("{}:{}:{}", f.file, f.line, f.column);
        writeln!(
            out,
            "  {} {} {}",
            paint(style, &format!("{:<24}", f.kind.label())),
            place,
            paint(DIM, &format!("[{}..{}]", f.start, f.end))
        )?;
        writeln!(out, "      {}", shorten(&f.text))?;
        if !matches!(
            f.kind,
            FindingKind::UntranslatedChinese | FindingKind::EnglishWithoutChinese
        ) {
            writeln!(out, "      {}", paint(DIM, &f.detail))?;
        }
    }
    Ok(())
}

fn side_line(
    name: &str,
    side: &SideSummary,
    unit: &str,
    paint: &dyn Fn(Style, &str) -> String,
) -> String {
    let filled = ((side.percent_paired / 100.0) * BAR as f64).round() as usize;
    let bar = format!(
        "{}{}",
        paint(GREEN, &"█".repeat(filled.min(BAR))),
        paint(RED, &"░".repeat(BAR - filled.min(BAR)))
    );
    format!(
        "{name:<8} {bar} {:5.1}% of {} {unit} paired; sentences: {} paired ({} partial), {} unpaired of {}",
        side.percent_paired, side.units, side.paired, side.partial, side.unpaired, side.sentences
    )
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= TEXT_CHARS {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(TEXT_CHARS).collect::<String>())
    }
}
