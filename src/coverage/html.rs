//! HTML rendering: a [`Report`] and its [`Alignment`] in, one self-contained page out.
//!
//! The page has no external scripts, fonts or styles: a summary bar at the top, then the
//! two languages side by side, bead by bead, with untranslated sentences and mismatched
//! numbers and names highlighted, and checkboxes that show only the beads with findings
//! of chosen kinds. Every piece of input text is HTML-escaped, so a document containing
//! `<script>` shows it as text.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Finding, FindingKind, Place, Places, Report, SideSummary, Sources};
use crate::beads::Alignment;
use crate::read::Document;
use crate::sentences::Sentence;

const STYLE: &str = "
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:8px 16px;z-index:2}
h1{font-size:16px;margin:0 0 4px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.side{display:flex;align-items:center;gap:8px;margin:2px 0;font-size:13px}
.side b{flex:0 0 60px}
.bar{flex:0 1 300px;min-width:60px;height:12px;background:#f3c4c4;border-radius:6px;overflow:hidden}
.bar span{display:block;height:100%;background:#4caf50}
.tools{display:flex;flex-wrap:wrap;align-items:center;gap:4px 14px;font-size:13px;margin-top:4px}
.filters label{white-space:nowrap;margin-right:8px}
.filters i{display:inline-block;width:11px;height:11px;border:1px solid #bbb;vertical-align:-1px;margin-right:3px}
button{font:inherit;font-size:13px;padding:1px 8px}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th{text-align:left;font-size:12px;color:#555;background:#f0f0f0;padding:4px 10px;border-bottom:1px solid #ddd}
td{vertical-align:top;padding:6px 10px;border-bottom:1px solid #e5e5e5}
th.n,td.n{width:44px;color:#999;font-size:12px}
th.s,td.s{width:52px;color:#999;font-size:12px}
.at{display:block;color:#999;font-size:11px}
tr{scroll-margin-top:calc(var(--header,0px) + 8px)}
tr.zh-only td.zh,.filters .zh-only{background:#fde2e2}
tr.en-only td.en,.filters .en-only{background:#eeeeee;color:#555}
tr.partial td,.filters .partial{background:#fff6d6}
mark.number,.filters .number{background:#ff8a80}
mark.name,.filters .name{background:#ffd54f}
.filters .suspect{background:#b39ddb}
tr.current td{outline:2px solid #1976d2;outline-offset:-2px}
.finding{font-size:12px;color:#b00020;margin-top:4px}
.passages{padding:6px 16px;font-size:13px}
.passages ul{margin:4px 0}
body.only tr:not(.shown){display:none}
@media (max-width:800px){
 body{font-size:14px}
 header{padding:6px 10px}
 h1{font-size:14px}
 .side{font-size:12px}
 .side .detail{display:none}
 .side b{flex-basis:auto}
 .tools{font-size:12px}
 th.n,td.n{width:30px;padding:4px}
 th.s,td.s{width:38px;padding:4px}
 td{padding:4px 6px}
}
";

/// Filters, the header height for scrolling, and jumping from finding to finding (the
/// buttons, or the keys `n` and `p`).
const SCRIPT: &str = "
var header=document.querySelector('header');
function fit(){document.documentElement.style.setProperty('--header',header.offsetHeight+'px')}
function update(){
  var kinds=[].slice.call(document.querySelectorAll('.filters input:checked')).map(function(i){return i.value});
  document.body.classList.toggle('only',kinds.length>0);
  document.querySelectorAll('tbody tr').forEach(function(tr){
    var k=(tr.dataset.kinds||'').split(' ');
    tr.classList.toggle('shown',kinds.some(function(x){return k.indexOf(x)>=0}));
  });
  fit();
}
function jump(step){
  var rows=[].slice.call(document.querySelectorAll('tbody tr[data-kinds]')).filter(function(tr){
    return tr.dataset.kinds&&tr.offsetParent!==null});
  if(!rows.length)return;
  var top=header.offsetHeight+10,at=-1;
  rows.forEach(function(tr,i){if(tr.getBoundingClientRect().top<=top+1)at=i});
  var current=document.querySelector('tr.current');
  var next=step>0?rows[Math.min(at+1,rows.length-1)]:rows[Math.max(at-(current&&rows[at]===current?1:0),0)];
  if(current)current.classList.remove('current');
  next.classList.add('current');
  next.scrollIntoView({block:'start'});
}
document.querySelectorAll('.filters input').forEach(function(i){i.addEventListener('change',update)});
document.getElementById('next-finding').addEventListener('click',function(){jump(1)});
document.getElementById('previous-finding').addEventListener('click',function(){jump(-1)});
document.addEventListener('keydown',function(e){
  if(e.target.tagName==='INPUT'||e.ctrlKey||e.metaKey||e.altKey)return;
  if(e.key==='n')jump(1);
  if(e.key==='p')jump(-1);
});
window.addEventListener('resize',fit);
fit();
";

/// Writes the report as one self-contained HTML page.
pub fn write_html(
    mut out: impl Write,
    report: &Report,
    alignment: &Alignment,
    sources: Sources<'_>,
    title: &str,
) -> io::Result<()> {
    let mut page = String::with_capacity(64 * 1024);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>duiqi coverage: {}</title><style>{STYLE}</style></head><body>\n<header><h1>duiqi coverage: {}</h1>\n",
        escape(title),
        escape(title)
    );
    side_bar(&mut page, "Chinese", "zh", &report.summary.zh, "characters");
    side_bar(&mut page, "English", "en", &report.summary.en, "words");
    page.push_str("<div class=\"tools\"><span><button id=\"previous-finding\" title=\"previous finding (p)\">↑</button> <button id=\"next-finding\" title=\"next finding (n)\">next finding ↓</button></span><span class=\"filters\" title=\"colour key; tick to show only beads with these findings\">Show only: ");
    for kind in FindingKind::ALL {
        let count = report.findings.iter().filter(|f| f.kind == kind).count();
        let _ = write!(
            page,
            "<label><input type=\"checkbox\" value=\"{}\"><i class=\"{}\"></i>{} ({count})</label>",
            kind_name(kind),
            key_class(kind),
            kind.label()
        );
    }
    page.push_str("</span></div></header>\n");
    if !report.passages.is_empty() {
        let _ = write!(
            page,
            "<details class=\"passages\" open><summary>{} passages without translation</summary><ul>",
            report.passages.len()
        );
        for p in &report.passages {
            let _ = write!(
                page,
                "<li><a href=\"#bead-{}\">{}</a></li>",
                p.bead + 1,
                escape(&p.describe())
            );
        }
        page.push_str("</ul></details>\n");
    }
    let _ = writeln!(
        page,
        "<table><thead><tr><th class=\"n\">#</th><th class=\"zh\">Chinese <span class=\"at\">{}</span></th><th class=\"en\">English <span class=\"at\">{}</span></th><th class=\"s\">score</th></tr></thead><tbody>",
        escape(&sources.zh.name),
        escape(&sources.en.name)
    );
    let places = Places::new(sources);
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
        let place = |sentences: &[Sentence], ids: &[usize], doc: &Document| {
            ids.first().map_or(String::new(), |&i| {
                let Place { line, column, .. } = places.of(doc, sentences[i].span);
                format!("<span class=\"at\">{line}:{column}</span>")
            })
        };
        let _ = writeln!(
            page,
            "<tr id=\"bead-{}\" class=\"{}\" data-kinds=\"{}\"><td class=\"n\">{}</td><td class=\"zh\" lang=\"zh\">{}{}</td><td class=\"en\" lang=\"en\">{}{}</td><td class=\"s\">{:.2}</td></tr>",
            b + 1,
            classes.join(" "),
            kinds.join(" "),
            b + 1,
            place(&alignment.zh, &bead.zh, sources.zh),
            cell(&alignment.zh_text(bead), "zh", &findings),
            place(&alignment.en, &bead.en, sources.en),
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
    let detail = format!(
        "sentences: {} paired ({} partial), {} unpaired of {}",
        side.paired, side.partial, side.unpaired, side.sentences
    );
    let _ = writeln!(
        page,
        "<div class=\"side\" id=\"summary-{id}\" title=\"{detail}\"><b>{name}</b><div class=\"bar\"><span style=\"width:{:.1}%\"></span></div>\
         <span><strong class=\"percent\">{:.1}%</strong> of {} {unit} paired<span class=\"detail\">; {detail}</span></span></div>",
        side.percent_paired, side.percent_paired, side.units
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

/// The class whose colour marks a finding of this kind in the table (the filters' key).
fn key_class(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::UntranslatedChinese => "zh-only",
        FindingKind::EnglishWithoutChinese => "en-only",
        FindingKind::PartialTranslation => "partial",
        FindingKind::NumberMismatch => "number",
        FindingKind::NameMissing => "name",
        FindingKind::SuspectAlignment => "suspect",
    }
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
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_quoted_attribute(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::check;
    use crate::pipeline::{align_interleaved, Options};
    use crate::read::Document;

    #[test]
    fn input_text_cannot_inject_markup() {
        let doc = Document::from_text(
            "<b>t</b>.txt",
            "Note <script>alert(1)</script> here. 注意<script>。\n",
        );
        let alignment = align_interleaved(&doc, &Options::default());
        let sources = Sources { zh: &doc, en: &doc };
        let report = check(&alignment, sources);
        let mut out = Vec::new();
        write_html(&mut out, &report, &alignment, sources, &doc.name).unwrap();
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
