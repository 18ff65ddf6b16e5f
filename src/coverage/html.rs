//! HTML rendering: a [`Report`] and its [`Alignment`] in, one self-contained page out.
//!
//! The page has no external scripts, fonts or styles: a summary bar at the top, then the
//! two languages side by side, bead by bead, with untranslated sentences and mismatched
//! numbers and names highlighted, and checkboxes that show only the beads with findings
//! of chosen kinds. Every piece of input text is HTML-escaped, so a document containing
//! `<script>` shows it as text.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Finding, FindingKind, Report, SideSummary};
use crate::beads::Alignment;

const STYLE: &str = "
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:12px 20px;z-index:1}
h1{font-size:18px;margin:0 0 8px}
.side{display:flex;align-items:center;gap:10px;margin:4px 0}
.side b{width:70px}
.bar{flex:0 0 360px;height:14px;background:#f3c4c4;border-radius:7px;overflow:hidden}
.bar span{display:block;height:100%;background:#4caf50}
.filters label{margin-right:14px;white-space:nowrap}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td{vertical-align:top;padding:6px 10px;border-bottom:1px solid #e5e5e5}
td.n{width:44px;color:#999;font-size:12px}
td.s{width:52px;color:#999;font-size:12px}
tr.zh-only td.zh{background:#fde2e2}
tr.en-only td.en{background:#eeeeee;color:#555}
tr.partial td{background:#fff6d6}
mark.number{background:#ff8a80}
mark.name{background:#ffd54f}
.finding{font-size:12px;color:#b00020;margin-top:4px}
body.only tr:not(.shown){display:none}
";

const SCRIPT: &str = "
function update(){
  var kinds=[].slice.call(document.querySelectorAll('.filters input:checked')).map(function(i){return i.value});
  document.body.classList.toggle('only',kinds.length>0);
  document.querySelectorAll('tbody tr').forEach(function(tr){
    var k=(tr.dataset.kinds||'').split(' ');
    tr.classList.toggle('shown',kinds.some(function(x){return k.indexOf(x)>=0}));
  });
}
document.querySelectorAll('.filters input').forEach(function(i){i.addEventListener('change',update)});
";

pub fn write_html(
    mut out: impl Write,
    report: &Report,
    alignment: &Alignment,
    title: &str,
) -> io::Result<()> {
    let mut page = String::with_capacity(64 * 1024);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>duiqi coverage: {}</title><style>{STYLE}</style></head><body>\n<header><h1>duiqi coverage: {}</h1>\n",
        escape(title),
        escape(title)
    );
    side_bar(&mut page, "Chinese", "zh", &report.summary.zh, "characters");
    side_bar(&mut page, "English", "en", &report.summary.en, "words");
    page.push_str("<div class=\"filters\">Show only beads with: ");
    for kind in FindingKind::ALL {
        let count = report.findings.iter().filter(|f| f.kind == kind).count();
        let _ = write!(
            page,
            "<label><input type=\"checkbox\" value=\"{}\"> {} ({count})</label>",
            kind_name(kind),
            kind.label()
        );
    }
    page.push_str("</div></header>\n<table><tbody>\n");
    for (b, bead) in alignment.beads.iter().enumerate() {
        let findings: Vec<&Finding> = report.findings.iter().filter(|f| f.bead == b).collect();
        let mut classes = vec![match (bead.zh.is_empty(), bead.en.is_empty()) {
            (false, false) => "pair",
            (false, true) => "zh-only",
            _ => "en-only",
        }];
        if findings
            .iter()
            .any(|f| f.kind == FindingKind::PartialTranslation)
        {
            classes.push("partial");
        }
        let mut kinds: Vec<&str> = findings.iter().map(|f| kind_name(f.kind)).collect();
        kinds.dedup();
        let _ = writeln!(
            page,
            "<tr class=\"{}\" data-kinds=\"{}\"><td class=\"n\">{}</td><td class=\"zh\" lang=\"zh\">{}</td><td class=\"en\" lang=\"en\">{}</td><td class=\"s\">{:.2}</td></tr>",
            classes.join(" "),
            kinds.join(" "),
            b + 1,
            cell(&alignment.zh_text(bead), "zh", &findings),
            cell(&alignment.en_text(bead), "en", &findings),
            bead.score
        );
    }
    page.push_str("</tbody></table>\n<script>");
    page.push_str(SCRIPT);
    page.push_str("</script></body></html>\n");
    out.write_all(page.as_bytes())
}

fn side_bar(page: &mut String, name: &str, id: &str, side: &SideSummary, unit: &str) {
    let _ = writeln!(
        page,
        "<div class=\"side\" id=\"summary-{id}\"><b>{name}</b><div class=\"bar\"><span style=\"width:{:.1}%\"></span></div>\
         <span><strong class=\"percent\">{:.1}%</strong> of {} {unit} paired; sentences: {} paired ({} partial), {} unpaired of {}</span></div>",
        side.percent_paired, side.percent_paired, side.units, side.paired, side.partial, side.unpaired, side.sentences
    );
}

/// One side of a bead: the text with its mismatched numbers and names marked, then the
/// findings on that side in words.
fn cell(text: &str, side: &str, findings: &[&Finding]) -> String {
    let marks: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f.side == side)
        .filter_map(|f| match f.kind {
            FindingKind::NumberMismatch => Some((f.text.as_str(), "number")),
            FindingKind::NameMissing => Some((f.text.as_str(), "name")),
            _ => None,
        })
        .collect();
    let mut html = String::new();
    let mut rest = text;
    // Mark each flagged piece at its first occurrence from where the last mark ended.
    while let Some((at, (piece, class))) = marks
        .iter()
        .filter_map(|&(p, c)| {
            rest.find(p)
                .filter(|_| !p.is_empty())
                .map(|at| (at, (p, c)))
        })
        .min_by_key(|&(at, _)| at)
    {
        html.push_str(&escape(&rest[..at]));
        let _ = write!(html, "<mark class=\"{class}\">{}</mark>", escape(piece));
        rest = &rest[at + piece.len()..];
    }
    html.push_str(&escape(rest));
    for f in findings
        .iter()
        .filter(|f| f.side == side && !matches!(f.kind, FindingKind::EnglishWithoutChinese))
    {
        let _ = write!(
            html,
            "<div class=\"finding\">{}: {}</div>",
            f.kind.label(),
            escape(&f.detail)
        );
    }
    html
}

fn kind_name(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::UntranslatedChinese => "untranslated_chinese",
        FindingKind::EnglishWithoutChinese => "english_without_chinese",
        FindingKind::PartialTranslation => "partial_translation",
        FindingKind::NumberMismatch => "number_mismatch",
        FindingKind::NameMissing => "name_missing",
        FindingKind::SuspectAlignment => "suspect_alignment",
    }
}

/// Text made safe for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::{check, Sources};
    use crate::pipeline::{align_interleaved, Options};
    use crate::read::Document;

    #[test]
    fn input_text_cannot_inject_markup() {
        let doc = Document::from_text(
            "<b>t</b>.txt",
            "Note <script>alert(1)</script> here. 注意<script>。\n",
        );
        let alignment = align_interleaved(&doc, &Options::default());
        let report = check(&alignment, Sources { zh: &doc, en: &doc });
        let mut out = Vec::new();
        write_html(&mut out, &report, &alignment, &doc.name).unwrap();
        let page = String::from_utf8(out).unwrap();
        assert_eq!(
            page.matches("<script>").count(),
            1,
            "only the page's own script"
        );
        assert!(page.contains("&lt;script&gt;"), "{page}");
        assert!(page.contains("&lt;b&gt;t&lt;/b&gt;.txt"));
    }
}
