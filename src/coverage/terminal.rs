//! Terminal rendering: a [`Report`] in, lines readable at a glance out.
//!
//! Colour is for terminals only: the caller decides (`color`), usually from whether
//! standard output is a TTY and `NO_COLOR` is unset.

use std::io::{self, Write};

use super::{FindingKind, Report, SideSummary};

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Width of the coverage bar, in characters.
const BAR: usize = 40;
/// Longest finding text shown before it is cut with an ellipsis.
const TEXT_CHARS: usize = 90;

pub fn write_report(
    mut out: impl Write,
    report: &Report,
    title: &str,
    color: bool,
) -> io::Result<()> {
    let paint = |code: &str, text: &str| {
        if color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
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
    let counts: Vec<String> = [
        FindingKind::UntranslatedChinese,
        FindingKind::EnglishWithoutChinese,
        FindingKind::PartialTranslation,
        FindingKind::NumberMismatch,
        FindingKind::NameMissing,
    ]
    .iter()
    .map(|&kind| {
        format!(
            "{} {}",
            report.findings.iter().filter(|f| f.kind == kind).count(),
            kind.label()
        )
    })
    .collect();
    writeln!(out, "\nFindings: {}", counts.join(", "))?;
    for f in &report.findings {
        let code = match f.kind {
            FindingKind::UntranslatedChinese | FindingKind::NumberMismatch => RED,
            FindingKind::EnglishWithoutChinese => DIM,
            FindingKind::PartialTranslation | FindingKind::NameMissing => YELLOW,
        };
        let place = format!("{}:{}:{}", f.file, f.line, f.column);
        writeln!(
            out,
            "  {} {} {}",
            paint(code, &format!("{:<24}", f.kind.label())),
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
    paint: &dyn Fn(&str, &str) -> String,
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
