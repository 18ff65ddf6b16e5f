//! Chinese sentence splitting: one run of Chinese text in, sentence spans out.
//!
//! Takes the whole input and the byte span of one run; gives trimmed, ordered spans into
//! the whole input that together cover every non-whitespace byte of the run.
//!
//! Chinese marks its sentence ends plainly, so one pass over the characters is enough:
//!
//! - `。！？` end a sentence, and so does a run of them (`？！`) as one unit. `；，、：` never
//!   do: they join clauses that translators keep in one English sentence.
//! - ASCII `. ! ?` end a sentence only where a Chinese one plausibly ends: after a Han
//!   character or a closing quote/bracket, and before whitespace, the end, a Han character
//!   or an opening quote. Text typed on an English keyboard uses them as full stops, but
//!   `2.79%`, `144.3万`, `www.gov.cn` and `U.S.` must stay whole.
//! - Closing quotes and brackets after the end mark belong to the sentence they close
//!   (`“服了么？”` then `韦小宝…`), even after a stray space (`。 ”`), and so does an
//!   ellipsis trailing after them (`传奇。” ……`). An end mark inside quotes splits like
//!   any other (`他说：“我来了。` then `你呢？”`), as sentence-aligned corpora do.
//! - An ellipsis (`…`, `……`, `...`) ends a sentence in narration, but inside quotation marks
//!   it is a speaker's hesitation (`“我……我不知道。”`), so there it splits only when a
//!   closing quote follows it (`“难道那些传说……”`).
//! - A dash right before a closing quote (`“你为什么——”`) is speech broken off: an end.
//! - Nothing is cut right before `，；：、` or at the very end, where no cut is needed.
//!
//! Line breaks are ordinary whitespace: they never cut a sentence.

use crate::span::Span;

/// Split the Chinese text in `within` into sentences, as spans into `input`.
pub fn split_chinese(input: &str, within: Span) -> Vec<Span> {
    let text = within.slice(input);
    let mut spans = Vec::new();
    let mut start = 0;
    for end in sentence_cuts(text)
        .into_iter()
        .chain(std::iter::once(text.len()))
    {
        let span = Span::new(within.start + start, within.start + end).trim(input);
        if !span.is_empty() {
            spans.push(span);
        }
        start = end;
    }
    spans
}

/// Which quotation marks are open at a point of the text.
#[derive(Debug, Clone, Copy, Default)]
struct Quotes {
    /// Nesting depth of `“ 「 『`, never below zero: a run may start mid-quotation.
    depth: usize,
    /// ASCII `"` does not say whether it opens or closes, so alternate.
    ascii_open: bool,
}

impl Quotes {
    fn observe(&mut self, c: char) {
        match c {
            '“' | '「' | '『' => self.depth += 1,
            '”' | '」' | '』' => self.depth = self.depth.saturating_sub(1),
            '"' => self.ascii_open = !self.ascii_open,
            _ => {}
        }
    }

    fn inside(&self) -> bool {
        self.depth > 0 || self.ascii_open
    }

    /// Whether `c`, met right after an end mark, closes something: then it is consumed.
    fn take_closer(&mut self, c: char) -> bool {
        let closes = match c {
            '"' => self.ascii_open,
            _ => is_closer(c),
        };
        if closes {
            self.observe(c);
        }
        closes
    }
}

/// Byte offsets at which a new sentence starts.
fn sentence_cuts(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut cuts = Vec::new();
    let mut quotes = Quotes::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c == '—' {
            let dashes_end = i + chars[i..].iter().take_while(|(_, c)| *c == '—').count();
            if !closes_quote(chars.get(dashes_end), quotes) {
                i = dashes_end;
                continue;
            }
        } else if !is_end_mark(c) {
            quotes.observe(c);
            i += 1;
            continue;
        }
        if is_ascii_mark(c) && !closes_chinese_text(&chars, i, quotes) {
            i = end_of_ascii_marks(&chars, i);
            continue;
        }
        let marks_end = end_of_marks(&chars, i);
        let mut after_quotes = quotes;
        let end = end_of_closing(&chars, marks_end, &mut after_quotes);
        if is_ascii_mark(c) && !opens_chinese_text(chars.get(end)) {
            i = end_of_ascii_marks(&chars, i);
            continue;
        }
        let is_hesitation =
            is_ellipsis(&chars[i..marks_end]) && end == marks_end && quotes.inside();
        if !is_hesitation && sentence_follows(&chars[end..]) {
            cuts.push(chars[end].0);
        }
        quotes = after_quotes;
        i = end;
    }
    cuts
}

/// Index just past what still belongs to a sentence whose end marks stop at `start`:
/// closing quotes and brackets (which may sit after a stray space: `。 ”`), and an
/// ellipsis trailing after them (`传奇。” ……`), which the sentence keeps.
fn end_of_closing(chars: &[(usize, char)], start: usize, quotes: &mut Quotes) -> usize {
    let mut end = start;
    loop {
        let at_ascii_quote = chars.get(end).is_some_and(|&(_, c)| c == '"');
        if at_ascii_quote && quotes.take_closer('"') {
            end += 1;
            continue;
        }
        let next = skip_whitespace(chars, end);
        match chars.get(next) {
            Some(&(_, c)) if is_closer(c) => {
                quotes.take_closer(c);
                end = next + 1;
            }
            Some(&(_, c)) if next > start && is_end_mark(c) && !is_ascii_mark(c) => {
                end = end_of_marks(chars, next);
            }
            _ => return end,
        }
    }
}

fn skip_whitespace(chars: &[(usize, char)], from: usize) -> usize {
    from + chars[from..]
        .iter()
        .take_while(|(_, c)| c.is_whitespace())
        .count()
}

/// Whether `next` closes a quotation, so a dash before it means speech broken off.
fn closes_quote(next: Option<&(usize, char)>, quotes: Quotes) -> bool {
    match next {
        Some(&(_, '"')) => quotes.ascii_open,
        Some(&(_, c)) => matches!(c, '”' | '’' | '」' | '』'),
        None => false,
    }
}

/// Marks that may end a sentence; the ASCII ones need a further check.
fn is_end_mark(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '｡' | '‼' | '⁇' | '⁈' | '⁉' | '…' | '⋯'
    ) || is_ascii_mark(c)
}

/// `．` is the full-width form of `.` and is as ambiguous.
fn is_ascii_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '．')
}

/// Index just past the run of end marks starting at `start` (`？！`, `……`, `...`).
fn end_of_marks(chars: &[(usize, char)], start: usize) -> usize {
    let mark = chars[start].1;
    let mut end = start + 1;
    while end < chars.len() && (is_end_mark(chars[end].1) || chars[end].1 == mark) {
        end += 1;
    }
    end
}

/// An ellipsis run: `…`/`⋯` characters, or dots typed for one (`...`).
fn is_ellipsis(marks: &[(usize, char)]) -> bool {
    let all_dots = marks
        .iter()
        .all(|&(_, c)| matches!(c, '…' | '⋯' | '.' | '．'));
    let has_ellipsis = marks.iter().any(|&(_, c)| matches!(c, '…' | '⋯'));
    all_dots && (has_ellipsis || marks.len() > 1)
}

/// Whether the ASCII mark at `at` comes after Chinese text: a Han character or a closing
/// quote or bracket (`合作格局.`, `“一带一路”.`), not a digit (`2.79`) or Latin (`U.S.`).
fn closes_chinese_text(chars: &[(usize, char)], at: usize, quotes: Quotes) -> bool {
    let Some(&(_, before)) = at.checked_sub(1).and_then(|i| chars.get(i)) else {
        return false;
    };
    is_han(before) || is_closer(before) || (before == '"' && !quotes.ascii_open)
}

/// Whether what follows an ASCII mark (and its closers) lets it be a full stop: the end,
/// whitespace, a Han character or an opening quote, but not `.cn` or `.PDF`.
fn opens_chinese_text(next: Option<&(usize, char)>) -> bool {
    next.is_none_or(|&(_, c)| c.is_whitespace() || is_han(c) || is_opener(c))
}

/// Index just past the ASCII marks starting at `start`, skipped together when they are
/// not a full stop so that a long run of dots is looked at once.
fn end_of_ascii_marks(chars: &[(usize, char)], start: usize) -> usize {
    start
        + chars[start..]
            .iter()
            .take_while(|(_, c)| is_ascii_mark(*c))
            .count()
}

/// Whether more of the text follows a sentence end, rather than nothing or a mark that
/// carries the same sentence on.
fn sentence_follows(rest: &[(usize, char)]) -> bool {
    let next = rest.iter().map(|&(_, c)| c).find(|c| !c.is_whitespace());
    next.is_some_and(|c| !matches!(c, '，' | ',' | '、' | '；' | ';' | '：' | ':'))
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '」'
            | '』'
            | '）'
            | ')'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '］'
            | ']'
            | '〗'
            | '»'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '「'
            | '『'
            | '（'
            | '('
            | '《'
            | '〈'
            | '【'
            | '〔'
            | '［'
            | '['
            | '〖'
            | '«'
            | '"'
    )
}

/// CJK ideographs, including the extension blocks and `〇`.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}'
        | '〇'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences of `text`, as strings.
    fn sentences(text: &str) -> Vec<&str> {
        let spans = split_chinese(text, Span::new(0, text.len()));
        spans.iter().map(|span| span.slice(text)).collect()
    }

    /// `expected` is the text with `|` where it should be cut.
    fn assert_splits(expected: &str) {
        let text = expected.replace('|', "");
        let want: Vec<&str> = expected.split('|').map(str::trim).collect();
        assert_eq!(sentences(&text), want);
    }

    #[test]
    fn splits_after_full_width_end_marks() {
        assert_splits(
            "六国重申在涉及彼此核心利益问题上互予理解、尊重和支持。|\
             中方坚定支持中亚国家自主选择发展道路,支持各国维护国家独立、主权和领土完整。",
        );
        assert_splits("真的吗？|好！|走吧。");
        assert_splits("什么？！|不可能。");
    }

    #[test]
    fn clause_punctuation_never_splits() {
        assert_splits("第一，要稳；第二，要准：这是原则、也是方法,不能变;明白吗？");
    }

    #[test]
    fn ascii_full_stop_ends_a_chinese_sentence() {
        assert_splits(
            "特别是2023年在西安成功举行首届峰会,机制建设四梁八柱由此迅速成型,13个部级合作\
             平台相继建立,常设秘书处全面运营,呈现元首引领、政府推动、各界参与、多轨并行的\
             立体多元合作格局.",
        );
        assert_splits("合作格局. |双方同意加强合作.|“一带一路”倡议继续推进!|好吗?|好.");
    }

    #[test]
    fn ascii_dots_in_numbers_and_latin_text_do_not_split() {
        assert_splits("研发投入强度达到2.79%,科研人员144.3万人,详见www.gov.cn和U.S.的报告。");
        assert_splits("他叫Tom. Smith,今年5G网络覆盖率提高了3.5个百分点。");
    }

    #[test]
    fn digits_latin_and_inner_quotes_do_not_split() {
        assert_splits("2023年，5G网络支撑“一带一路”建设，《平“语”近人——习近平喜欢的典故》热播。");
    }

    #[test]
    fn closing_quotes_and_brackets_stay_attached() {
        assert_splits("说道：“服了么？”|韦小宝猛地跃起。");
        assert_splits("他说：‘走吧。’|她点头。");
        assert_splits("「好。」|『走。』");
        assert_splits("（见附件。）|下一条。");
        assert_splits("他喊道:\"快跑!\"|然后走了.");
        assert_splits("他说完了。|\"你好\"她答。");
    }

    #[test]
    fn end_marks_inside_quotes_split() {
        assert_splits("他说：“我来了。|你呢？”");
    }

    #[test]
    fn ellipsis_ends_narration_but_not_hesitant_speech() {
        assert_splits("他望着远处的灯光……|汪淼努力破译着这些闪烁。");
        assert_splits("韦小宝道：“我…… 我昨晚杀了这小孩子，什……什么都忘了。”");
        assert_splits("“难道那些传说……”|“大部分是真的。”");
        assert_splits("他想了想...|说道:好.");
        assert_splits("苹果、香蕉……，都有。");
    }

    #[test]
    fn stray_spaces_and_trailing_ellipses_stay_with_the_sentence() {
        assert_splits("你不会摔交。 ”|韦小宝道。");
        assert_splits("“更是传奇中的传奇。” ……|他们又谈了一会儿。");
    }

    #[test]
    fn speech_cut_off_by_a_dash_ends_a_sentence() {
        assert_splits("问道：“你为什么——”|说到这里，又住了口。");
        assert_splits("“咚——咚——”|“猛捅——”|轿前有人说。");
        assert_splits("我的爷爷——他就是余占鳌司令——是好汉。");
    }

    #[test]
    fn line_breaks_are_whitespace() {
        assert_eq!(
            sentences("这是一个\n被换行的\r\n句子。"),
            ["这是一个\n被换行的\r\n句子。"]
        );
        assert_splits("第一句。\n|第二句。");
    }

    #[test]
    fn unbalanced_quotes_do_not_break_splitting() {
        assert_splits("我来了。”|他说。|“好");
    }

    #[test]
    fn spans_index_the_whole_input() {
        let input = "标题\n第一句。第二句。\n结尾";
        let spans = split_chinese(input, Span::new(7, 31));
        assert_eq!(spans, [Span::new(7, 19), Span::new(19, 31)]);
    }

    #[test]
    fn spans_keep_their_invariants_on_awkward_input() {
        let long = "没有标点的长文本".repeat(50_000);
        let marks = "。！？……".repeat(50_000);
        let dashes = "——".repeat(200_000);
        let decimal_dots = format!("1{}", ".".repeat(300_000));
        let latin_dots = format!("年{}x", ".".repeat(300_000));
        #[rustfmt::skip]
        let awkward = [
            "", "   ", "\n\t\u{3000}", "。", "……", "？！?!", "”", "“", ".", "...", "\"", "。”",
            "😀。😀！😀", "👨‍👩‍👧。家庭。", "中文。English. 好的！Done?", "é\u{301}。Ña.",
            "2.79.", "年.", "年.\"", "——”", "“——",
            &long, &marks, &dashes, &decimal_dots, &latin_dots,
        ];
        for text in awkward {
            let padded = format!("§ {text} §");
            let within = Span::new("§ ".len(), "§ ".len() + text.len());
            check_invariants(&padded, within, &split_chinese(&padded, within));
        }
    }

    /// In bounds, on char boundaries, ordered, trimmed, and missing no visible text.
    fn check_invariants(input: &str, within: Span, spans: &[Span]) {
        let mut covered = within.start;
        for span in spans {
            assert!(
                span.start >= covered && span.end <= within.end,
                "{span:?} misplaced"
            );
            assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
            let text = span.slice(input);
            assert!(
                !text.is_empty() && text.trim() == text,
                "untrimmed {text:?}"
            );
            assert!(input[covered..span.start].trim().is_empty(), "lost text");
            covered = span.end;
        }
        assert!(
            input[covered..within.end].trim().is_empty(),
            "lost text at the end"
        );
    }
}
