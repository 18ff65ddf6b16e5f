//! Number anchors: normalised quantities pulled out of one Chinese or one English sentence.
//!
//! [`english_numbers`] and [`chinese_numbers`] take a sentence and give the numbers in it as
//! [`Number`]s (value after scales, percent flag, byte span); [`same_quantity`] says whether two
//! of them denote the same quantity. The aligner uses numbers as anchors and the checker reports
//! numbers that have no partner on the other side, so the one rule that governs everything here
//! is **symmetry**: a construction is extracted on one side only if its usual translation is
//! extracted on the other side too. A number missing on both sides costs an anchor; a number
//! present on one side only is a false alarm shown to a user.
//!
//! Rules, and why:
//! * **Value one is never an anchor on its own.** English "one"/"first"/"a" and Chinese 一/第一 are
//!   articles, pronouns ("no one", "the one") and idioms (一些, 一起, 统一, 第一时间) far more often
//!   than quantities, and each language drops or adds them freely (一个 ↔ "a"). They count only
//!   inside a larger number (one trillion, 一百, twenty-first), as a percent (百分之一, one
//!   percent) or as the digit `1`, which both sides keep.
//! * **Chinese numerals must look like quantities**: a single numeral character needs a measure
//!   word or unit after it (三年, 两个, 十多个, and 二是/三是 enumerations) or 第/其 before it; a bare scale character (百/千/万/亿)
//!   is a number only before a currency (万元) because 百年, 千年, 万岁, 百度 are words; numerals
//!   after 几/数 (几十, 数百万) and scales after 上/成 (上万, 成千上万) are vague amounts that English
//!   renders as "dozens"/"thousands", so they are dropped; a fixed list catches idioms the
//!   classifier rule lets through (十分, 万一, 五花八门, 三天两头 ...). Two or more numeral characters
//!   that parse as a positional number (十三, 两千五百, 一百零五) are kept; digit-by-digit strings are
//!   years only with 〇 or before 年 (二〇二三年), and two adjacent digits d,d+1 before a measure
//!   word are an approximate range giving two numbers (三四个 → 3, 4; 十七八岁 → 17, 18).
//! * **English spelled numbers** are whole phrases (twenty-five, three hundred and five, one
//!   trillion). "a" counts only before hundred..trillion (a million), and "half a million" halves.
//!   Ordinals give their value (third → 3, 21st → 21, like 第三 / 三是 enumerations) except "first"
//!   (value one), "second" after per/a/each/every (time), and one after a spelled unit or "a"
//!   (one-third, a fifth: fractions, left unsolved on both sides). Plurals (thousands, dozens) are
//!   vague and not numbers, matching the dropped 几千/数十.
//! * **Month numbers are dropped in Chinese** (6月, 三月) because English names months; dates thus
//!   give only the day on both sides (6月17日 ↔ June 17 → 17). 3个月 is a duration and is kept.
//! * **Codes are not quantities**: digits glued after letters (G20, CO2, H7N9, Mate60) or after an
//!   upper-case code and hyphen (COVID-19, F-35) are skipped; both languages write them the same
//!   way. Currency codes (RMB3bn) are not codes in this sense. Digits *followed* by letters give
//!   the digits (5G, 10km, 3D, 4K → the number; 21st → 21; 3bn/3tn/3mn → scaled). `5m` is
//!   ambiguous (metres, minutes, million) so it stays 5 on both sides; it is never a million.
//!   Title-case names with a hyphen (Shenzhou-15) keep the number, as 神舟十五号 does.
//! * Scales multiply the preceding number (144.3万, 2.7 trillion, 万亿元 = 1e12, a million = 1e6,
//!   half a million = 5e5). Percent is `%`/`％`, "percent", "per cent", 百分之, and percentage points
//!   (个百分点 / "percentage points") on both sides, so they pair with each other.
//! * Signs are ignored (values are magnitudes): "-5" and 零下5度 both give 5.
//! * Overlong digit runs just give large or infinite values; nothing here panics or allocates
//!   beyond the output `Vec`. Each function is one forward scan with short bounded look-ahead.

/// A number found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The numeric value after applying scales: 144.3万 → 1_443_000.0, "2.7 trillion" → 2.7e12.
    pub value: f64,
    /// Written as a percentage (5.5%, 5.5 percent, 百分之五点五).
    pub percent: bool,
    /// Byte range `start..end` of the number's text within the string passed in.
    pub start: usize,
    /// End of that byte range (exclusive).
    pub end: usize,
}

/// Below this, rounding is never forgiven: translators only round when re-expressing large
/// amounts between 万/亿 and million/billion, while small numbers (years, counts, percentages)
/// are copied exactly, so 2020 vs 2024 or 2.8% vs 2.79% must differ.
const ROUNDING_FLOOR: f64 = 1e4;
/// The coarser of two rounded large numbers must keep this many significant digits.
const MIN_ROUNDED_DIGITS: u32 = 3;

/// Whether two extracted numbers denote the same quantity; percent must agree.
///
/// Equal values (up to float noise: 274.2亿 ↔ 27.42 billion) always match. Beyond that, for values
/// of at least 10,000 only, the number written with fewer significant digits may be the other one
/// rounded, provided it keeps at least 3 significant digits: 1.44 million ↔ 144.3万 **matches**
/// (a deliberate rounding when changing scale), 1.4 million ↔ 144.3万 does not (too coarse to tell
/// rounding from error). Significant digits are read off the value, so trailing zeros of an exact
/// integer count as rounding too (12,340 ↔ 12,345 match); that is the price of the fixed struct.
pub fn same_quantity(a: &Number, b: &Number) -> bool {
    if a.percent != b.percent || !a.value.is_finite() || !b.value.is_finite() {
        return false;
    }
    let (x, y) = (a.value.abs(), b.value.abs());
    if (x - y).abs() <= 1e-9 * x.max(y) {
        return true;
    }
    if x < ROUNDING_FLOOR || y < ROUNDING_FLOOR {
        return false;
    }
    let (sx, sy) = (sig_digits(x), sig_digits(y));
    let (coarse, fine, digits) = if sx < sy { (x, y, sx) } else { (y, x, sy) };
    if sx == sy || digits < MIN_ROUNDED_DIGITS {
        return false;
    }
    let unit = 10f64.powi(magnitude(coarse) - digits as i32 + 1);
    (coarse - fine).abs() <= 0.5 * unit * (1.0 + 1e-9)
}

/// Decimal exponent of a positive finite value, corrected for log10 rounding at powers of ten.
fn magnitude(v: f64) -> i32 {
    let e = v.log10().floor() as i32;
    if 10f64.powi(e + 1) <= v {
        e + 1
    } else if 10f64.powi(e) > v {
        e - 1
    } else {
        e
    }
}

/// Significant digits of a value as written (trailing zeros not counted), capped at 12.
fn sig_digits(v: f64) -> u32 {
    let e = magnitude(v);
    (1..12)
        .find(|&p| {
            let q = v / 10f64.powi(e - p as i32 + 1);
            (q - q.round()).abs() <= 1e-9 * q.max(1.0)
        })
        .unwrap_or(12)
}

// ---------------------------------------------------------------- Arabic digits (both sides)

/// Digit at byte `i`: ASCII, or full-width ０-９ (U+FF10.., bytes EF BC 90..99).
fn digit_at(b: &[u8], i: usize) -> Option<(u8, usize)> {
    match *b.get(i)? {
        c @ b'0'..=b'9' => Some((c - b'0', 1)),
        0xEF if b.get(i + 1) == Some(&0xBC) => match *b.get(i + 2)? {
            c @ 0x90..=0x99 => Some((c - 0x90, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// Byte length of `ascii` or of its full-width form U+FF00+`fw_low` (EF BC fw_low) at `i`; 0 if absent.
fn sym_at(b: &[u8], i: usize, ascii: u8, fw_low: u8) -> usize {
    match b.get(i) {
        Some(&c) if c == ascii => 1,
        Some(0xEF) if b.get(i + 1) == Some(&0xBC) && b.get(i + 2) == Some(&fw_low) => 3,
        _ => 0,
    }
}

fn word_end(b: &[u8], mut e: usize) -> usize {
    while e < b.len() && b[e].is_ascii_alphabetic() {
        e += 1;
    }
    e
}

/// Digits with `,` thousands separators and a decimal part. A comma counts as a separator only
/// between a 1–3 digit head and exact 3-digit groups, so "2022,2023" and "1,2,3" stay lists.
fn parse_arabic(b: &[u8], i: usize) -> (f64, usize) {
    let (mut v, mut j, mut group, mut first) = (0.0f64, i, 0usize, true);
    loop {
        while let Some((d, l)) = digit_at(b, j) {
            v = v * 10.0 + f64::from(d);
            j += l;
            group += 1;
        }
        let sep = b.get(j) == Some(&b',')
            && if first { group <= 3 } else { group == 3 }
            && (1..=3).all(|k| b.get(j + k).is_some_and(u8::is_ascii_digit))
            && digit_at(b, j + 4).is_none();
        if !sep {
            break;
        }
        (j, group, first) = (j + 1, 0, false);
    }
    let p = sym_at(b, j, b'.', 0x8E);
    if p > 0 && digit_at(b, j + p).is_some() {
        j += p;
        let (mut frac, mut scale) = (0.0f64, 1.0f64);
        while let Some((d, l)) = digit_at(b, j) {
            if scale < 1e17 {
                frac = frac * 10.0 + f64::from(d);
                scale *= 10.0;
            }
            j += l;
        }
        v += frac / scale;
    }
    (v, j)
}

/// Digits glued to a code before them (G20, COVID-19) are identifiers, not quantities.
fn letter_prefixed(b: &[u8], i: usize) -> bool {
    let run = |e: usize| {
        let mut k = e;
        while k > 0 && b[k - 1].is_ascii_alphabetic() {
            k -= 1;
        }
        k
    };
    let k = run(i);
    if k < i {
        return !matches!(
            &b[k..i],
            b"RMB" | b"CNY" | b"USD" | b"US" | b"HKD" | b"HK" | b"EUR" | b"GBP" | b"JPY"
        );
    }
    if i >= 2 && b[i - 1] == b'-' {
        let k = run(i - 1);
        return k < i - 1 && b[k..i - 1].iter().all(u8::is_ascii_uppercase);
    }
    false
}

fn scale_word(w: &[u8]) -> Option<f64> {
    let mut buf = [0u8; 12];
    Some(match lower(w, &mut buf) {
        b"hundred" => 1e2,
        b"thousand" => 1e3,
        b"million" | b"mn" => 1e6,
        b"billion" | b"bn" => 1e9,
        b"trillion" | b"tn" => 1e12,
        _ => return None,
    })
}

/// Digits at `i` and what is glued to them: `%`, a scale (3bn), an ordinal (21st) or other
/// letters (5G, 10km: plain value). Err(resume) when the digits are part of a code.
/// The bool says whether a suffix was consumed (then no spaced scale/percent may follow).
fn arabic(b: &[u8], i: usize) -> Result<(Number, bool, usize), usize> {
    let (mut value, j) = parse_arabic(b, i);
    if letter_prefixed(b, i) {
        return Err(word_end(b, j));
    }
    let (mut end, mut percent) = (j, false);
    let k = word_end(b, j);
    if k > j {
        let w = &b[j..k];
        if let Some(m) = scale_word(w) {
            (value, end) = (value * m, k);
        } else if [b"st", b"nd", b"rd", b"th"]
            .iter()
            .any(|s| w.eq_ignore_ascii_case(*s))
        {
            end = k;
        }
    } else {
        let p = sym_at(b, j, b'%', 0x85);
        percent = p > 0;
        end += p;
    }
    let suffixed = k > j || percent;
    Ok((
        Number {
            value,
            percent,
            start: i,
            end,
        },
        suffixed,
        k.max(end),
    ))
}

// ---------------------------------------------------------------- English

fn lower<'a>(w: &[u8], buf: &'a mut [u8; 12]) -> &'a [u8] {
    if w.len() > buf.len() {
        return &[];
    }
    for (d, s) in buf.iter_mut().zip(w) {
        *d = s.to_ascii_lowercase();
    }
    &buf[..w.len()]
}

/// The next word after spaces or one hyphen ("twenty-five", "three hundred").
fn next_word(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let s = if b.get(i) == Some(&b'-') {
        i + 1
    } else {
        i + b[i..].iter().take_while(|&&c| c == b' ').count()
    };
    if s == i || !b.get(s)?.is_ascii_alphabetic() {
        return None;
    }
    Some((s, word_end(b, s)))
}

/// "percent", "per cent", "percentage point(s)" after `j`; returns their end.
fn percent_words(b: &[u8], j: usize) -> Option<usize> {
    let (s, e) = next_word(b, j).filter(|_| b[j] == b' ')?;
    let w = &b[s..e];
    if w.eq_ignore_ascii_case(b"percent") {
        return Some(e);
    }
    let (s2, e2) = next_word(b, e)?;
    let w2 = &b[s2..e2];
    let per_cent = w.eq_ignore_ascii_case(b"per") && w2.eq_ignore_ascii_case(b"cent");
    let points = w.eq_ignore_ascii_case(b"percentage")
        && (w2.eq_ignore_ascii_case(b"point") || w2.eq_ignore_ascii_case(b"points"));
    (per_cent || points).then_some(e2)
}

#[derive(Clone, Copy, PartialEq)]
enum W {
    Unit(f64),
    Tens(f64),
    Hundred,
    Scale(f64),
    Ord(f64),
    And,
    A,
}

fn classify(w: &[u8]) -> Option<W> {
    use W::*;
    let mut buf = [0u8; 12];
    Some(match lower(w, &mut buf) {
        b"one" => Unit(1.0),
        b"two" => Unit(2.0),
        b"three" => Unit(3.0),
        b"four" => Unit(4.0),
        b"five" => Unit(5.0),
        b"six" => Unit(6.0),
        b"seven" => Unit(7.0),
        b"eight" => Unit(8.0),
        b"nine" => Unit(9.0),
        b"ten" => Unit(10.0),
        b"eleven" => Unit(11.0),
        b"twelve" => Unit(12.0),
        b"thirteen" => Unit(13.0),
        b"fourteen" => Unit(14.0),
        b"fifteen" => Unit(15.0),
        b"sixteen" => Unit(16.0),
        b"seventeen" => Unit(17.0),
        b"eighteen" => Unit(18.0),
        b"nineteen" => Unit(19.0),
        b"twenty" => Tens(20.0),
        b"thirty" => Tens(30.0),
        b"forty" => Tens(40.0),
        b"fifty" => Tens(50.0),
        b"sixty" => Tens(60.0),
        b"seventy" => Tens(70.0),
        b"eighty" => Tens(80.0),
        b"ninety" => Tens(90.0),
        b"twoscore" => Tens(40.0),
        b"threescore" => Tens(60.0),
        b"fourscore" => Tens(80.0),
        b"first" => Ord(1.0),
        b"second" => Ord(2.0),
        b"third" => Ord(3.0),
        b"fourth" => Ord(4.0),
        b"fifth" => Ord(5.0),
        b"sixth" => Ord(6.0),
        b"seventh" => Ord(7.0),
        b"eighth" => Ord(8.0),
        b"ninth" => Ord(9.0),
        b"tenth" => Ord(10.0),
        b"eleventh" => Ord(11.0),
        b"twelfth" => Ord(12.0),
        b"thirteenth" => Ord(13.0),
        b"fourteenth" => Ord(14.0),
        b"fifteenth" => Ord(15.0),
        b"sixteenth" => Ord(16.0),
        b"seventeenth" => Ord(17.0),
        b"eighteenth" => Ord(18.0),
        b"nineteenth" => Ord(19.0),
        b"twentieth" => Ord(20.0),
        b"thirtieth" => Ord(30.0),
        b"fortieth" => Ord(40.0),
        b"fiftieth" => Ord(50.0),
        b"sixtieth" => Ord(60.0),
        b"seventieth" => Ord(70.0),
        b"eightieth" => Ord(80.0),
        b"ninetieth" => Ord(90.0),
        b"and" => And,
        b"a" | b"an" => A,
        w => return scale_word(w).map(|s| if s == 1e2 { Hundred } else { Scale(s) }),
    })
}

/// A spelled-number phrase starting with the word `start..first_end`; `prev` is the word before.
fn spelled(b: &[u8], mut start: usize, first_end: usize, prev: (usize, usize)) -> Option<Number> {
    use W::*;
    let (mut total, mut cur, mut last_scale) = (0.0f64, 0.0f64, f64::INFINITY);
    let (mut last, mut first, mut n, mut end) = (None::<W>, None::<W>, 0, start);
    let (mut s, mut e) = (start, first_end);
    // Older English joins tens and units with "and" either way round (`forty and six
    // thousand`, `two and twenty`, `an hundred`: the King James Bible, Dickens); "between
    // five and twenty" is two numbers.
    let between = prev.1 > prev.0 && b[prev.0..prev.1].eq_ignore_ascii_case(b"between");
    let (mut units_then_and, mut tens_then_and, mut tens_added) = (false, false, false);
    while let Some(w) = classify(&b[s..e]) {
        let peek = match w {
            A | And => next_word(b, e).and_then(|(s2, e2)| classify(&b[s2..e2])),
            _ => None,
        };
        let after_group = matches!(last, None | Some(Hundred | Scale(_)));
        let ok = match w {
            // `threescore and ten`, `fourscore and twelve`: any units after "and".
            Unit(v) | Ord(v) => {
                after_group || (matches!(last, Some(Tens(_))) && (v < 10.0 || tens_then_and))
            }
            Tens(_) => after_group || (units_then_and && !tens_added),
            Hundred => matches!(last, Some(Unit(_) | A)) && cur < 100.0,
            Scale(x) => matches!(last, Some(Unit(_) | Tens(_) | Hundred | A)) && x < last_scale,
            A => after_group && matches!(peek, Some(Hundred | Scale(_))),
            And => match (last, peek) {
                (Some(Hundred | Scale(_)), Some(Unit(_) | Tens(_) | Ord(_))) => true,
                (Some(Tens(_)), Some(Unit(v))) => v < 20.0,
                (Some(Unit(v)), Some(Tens(_))) => v < 10.0 && !between && !tens_added,
                _ => false,
            },
        };
        if !ok {
            break;
        }
        units_then_and = w == And && matches!(last, Some(Unit(_)));
        tens_then_and = w == And && matches!(last, Some(Tens(_)));
        tens_added |= matches!(w, Tens(_)) && matches!(last, Some(Unit(_)));
        match w {
            Unit(v) | Tens(v) | Ord(v) => cur += v,
            Hundred => cur *= 100.0,
            Scale(x) => (total, cur, last_scale) = (total + cur * x, 0.0, x),
            A => cur = 1.0,
            And => {}
        }
        if w != And {
            (last, end, n) = (Some(w), e, n + 1);
            first = first.or(Some(w));
        }
        if matches!(w, Ord(_)) {
            break;
        }
        match next_word(b, e) {
            Some((s2, e2)) => (s, e) = (s2, e2),
            None => break,
        }
    }
    if n == 0 {
        return None;
    }
    let mut value = total + cur;
    let percent_end = percent_words(b, end);
    let p = &b[prev.0..prev.1];
    let is = |word: &[u8]| p.eq_ignore_ascii_case(word);
    if n == 1 && percent_end.is_none() {
        let skip = match first {
            // Value one: pronoun, article or "first" far more often than a quantity.
            Some(Unit(v) | Ord(v)) if v == 1.0 => true,
            Some(Ord(v)) if v == 2.0 && (is(b"per") || is(b"a") || is(b"each") || is(b"every")) => {
                true
            }
            // Fractions (one-third, a fifth) are not ordinals; Chinese 三分之一 is skipped likewise.
            Some(Ord(_)) => matches!(classify(p), Some(Unit(_) | A)),
            _ => false,
        };
        if skip {
            return None;
        }
    }
    if first == Some(A) && is(b"half") {
        value *= 0.5;
        start = prev.0;
    }
    Some(Number {
        value,
        percent: percent_end.is_some(),
        start,
        end: percent_end.unwrap_or(end),
    })
}

/// Numbers in an English sentence, in order of appearance.
pub fn english_numbers(text: &str) -> Vec<Number> {
    let b = text.as_bytes();
    let (mut out, mut i, mut prev) = (Vec::new(), 0, (0, 0));
    while i < b.len() {
        if digit_at(b, i).is_some() {
            prev = (0, 0);
            match arabic(b, i) {
                Err(resume) => i = resume,
                Ok((mut n, suffixed, resume)) => {
                    if !suffixed {
                        if let Some((s, e)) = next_word(b, n.end).filter(|_| b[n.end] == b' ') {
                            if let Some(m) = scale_word(&b[s..e]) {
                                n.value *= m;
                                n.end = e;
                            }
                        }
                        if let Some(e) = percent_words(b, n.end) {
                            n.percent = true;
                            n.end = e;
                        }
                    }
                    out.push(n);
                    i = resume.max(n.end);
                }
            }
        } else if b[i].is_ascii_alphabetic() {
            let e = word_end(b, i);
            match spelled(b, i, e, prev) {
                Some(n) => {
                    out.push(n);
                    (prev, i) = ((0, 0), n.end.max(e));
                }
                None => (prev, i) = ((i, e), e),
            }
        } else {
            // Byte steps are safe: continuation bytes are never ASCII nor the EF lead of ０-９.
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------- Chinese

/// Words whose numerals the measure-word rule would otherwise let through (or that read as
/// valid numbers: 万一 = 11000). Checked where a numeral run starts.
const IDIOMS: [&str; 14] = [
    "十分",
    "万一",
    "万万",
    "一五一十",
    "一点一滴",
    "三天两头",
    "一年四季",
    "五花八门",
    "四分五裂",
    "十万火急",
    "千千万万",
    "三位一体",
    "十有八九",
    "三番五次",
];

fn char_at(t: &str, i: usize) -> Option<(char, usize)> {
    let c = t.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

fn cn_digit(c: char) -> Option<u8> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn is_numeral(c: char) -> bool {
    cn_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '万' | '亿')
}

/// Measure words and units: a numeral before one of these is counting something. 国 is in
/// because 中亚五国 / 六国 are translated "five/six countries"; 是 because 二是/三是 enumerate
/// ("Second, ... Third, ...").
const CLASSIFIERS: &str = "个年月日号项家名位次人天岁元倍条种所座件台批届部份本只头匹张把层里米公吨度分秒点小周星季\
    期股类组队支架艘辆列颗枚棵片块间场轮段章节款篇页册级步道口户套双对副根处栋幢趟遍回声阵句笔起斤克升亩瓦美英欧港\
    毫厘平立大代世首线环楼杯瓶袋箱盒包圈集站宗例室样国是";

/// A measure word at `j`, allowing 多/余/来 (十多个, 三十余年); 分之 is a fraction, not 分.
fn classifier_follows(t: &str, mut j: usize) -> bool {
    if let Some(('多' | '余' | '来', l)) = char_at(t, j) {
        j += l;
    }
    let rest = t.get(j..).unwrap_or("");
    match char_at(t, j) {
        Some(('分', _)) => !rest.starts_with("分之"),
        Some(('中', _)) => rest.starts_with("中全会"),
        Some((c, _)) => CLASSIFIERS.contains(c),
        None => false,
    }
}

fn currency_follows(t: &str, j: usize) -> bool {
    let rest = t.get(j..).unwrap_or("");
    ["元", "美元", "欧元", "港元", "日元", "英镑"]
        .iter()
        .any(|c| rest.starts_with(c))
}

struct Cn {
    value: f64,
    end: usize,
    chars: usize,
    /// Only 十百千万亿, no digit: 千万 / 万亿 are words (千万不要) unless a measure word follows.
    scale_only: bool,
    /// Final units digit after 十 (十七 → 7), for the approximate 十七八.
    units: Option<u8>,
}

/// Longest positional Chinese numeral at `i` (十三, 两千五百, 一百零五, 三万五, 2.7万亿 style 万亿).
fn cn_positional(t: &str, i: usize) -> Option<Cn> {
    let (mut yi, mut wan, mut sec) = (0.0f64, 0.0f64, 0.0f64);
    let (mut pending, mut zero, mut last_mult, mut last_scale) =
        (None::<u8>, false, 1e5f64, 0.0f64);
    let (mut has_wan, mut has_yi, mut n, mut j, mut scale_only) = (false, false, 0usize, i, true);
    while let Some((c, l)) = char_at(t, j) {
        if let Some(d) = cn_digit(c) {
            if pending.is_some() || (d == 0 && zero) {
                break;
            }
            // 一百零五: an inner 零 marks a gap, not a digit
            if d == 0 && n > 0 {
                zero = true
            } else {
                pending = Some(d)
            }
            scale_only = false;
        } else {
            if pending == Some(0) || !is_numeral(c) {
                break;
            }
            let head = pending.map_or(0.0, f64::from);
            match c {
                '十' | '百' | '千' => {
                    let m = match c {
                        '十' => 10.0,
                        '百' => 100.0,
                        _ => 1e3,
                    };
                    let unit_prefix = matches!(
                        char_at(t, j + l),
                        Some(('米' | '克' | '瓦' | '焦' | '卡' | '帕' | '赫' | '伏', _))
                    );
                    // Multipliers fall within a section; 千米/千克 are units (km, kg).
                    if m >= last_mult
                        || !(pending.is_some() || n == 0 || (m == 10.0 && zero))
                        || (m == 1e3 && unit_prefix)
                    {
                        break;
                    }
                    (sec, last_mult) = (sec + head.max(1.0) * m, m);
                }
                '万' => {
                    let base = if n == 0 { 1.0 } else { sec + head };
                    if has_wan || base == 0.0 {
                        break;
                    }
                    (wan, sec, has_wan, last_mult) = (base * 1e4, 0.0, true, 1e4);
                }
                _ => {
                    let base = if n == 0 { 1.0 } else { wan + sec + head };
                    if has_yi || base == 0.0 {
                        break;
                    }
                    (yi, wan, sec, has_wan, has_yi, last_mult) =
                        (base * 1e8, 0.0, 0.0, false, true, 1e4);
                }
            }
            last_scale = match c {
                '十' => 10.0,
                '百' => 100.0,
                '千' => 1e3,
                '万' => 1e4,
                _ => 1e8,
            };
            (pending, zero) = (None, false);
        }
        (j, n) = (j + l, n + 1);
    }
    let mut units = None;
    if let Some(d) = pending {
        let d64 = f64::from(d);
        if !zero && last_scale >= 100.0 {
            sec += d64 * last_scale / 10.0; // 两千五 = 2500, 三万五 = 35000
        } else {
            sec += d64;
            units = (last_scale == 10.0).then_some(d);
        }
    }
    (n > 0).then_some(Cn {
        value: yi + wan + sec,
        end: j,
        chars: n,
        scale_only,
        units,
    })
}

/// 点 + digits after an integer part (五点五, 零点五), then optional 万/亿 (二点五万).
fn with_decimal(t: &str, v: f64, j: usize) -> (f64, usize, bool) {
    let Some(('点', l)) = char_at(t, j) else {
        return (v, j, false);
    };
    let (mut k, mut frac, mut scale) = (j + l, 0.0f64, 1.0f64);
    while let Some((c, cl)) = char_at(t, k) {
        match cn_digit(c) {
            Some(d) if c != '两' => {
                if scale < 1e17 {
                    (frac, scale) = (frac * 10.0 + f64::from(d), scale * 10.0);
                }
                k += cl;
            }
            _ => break,
        }
    }
    if k == j + l {
        return (v, j, false);
    } // 三点 = three o'clock, 一点儿
    let mut v = v + frac / scale;
    while let Some((c @ ('万' | '亿'), cl)) = char_at(t, k) {
        (v, k) = (v * if c == '万' { 1e4 } else { 1e8 }, k + cl);
    }
    (v, k, true)
}

/// 个百分点 / 百分点 after a number: percentage points, paired with "percentage points".
fn points_suffix(t: &str, j: usize) -> Option<usize> {
    let rest = t.get(j..)?;
    ["个百分点", "百分点"]
        .iter()
        .find(|s| rest.starts_with(**s))
        .map(|s| j + s.len())
}

/// A month (6月, 三月): English names months, so the number has no partner there.
fn is_month(t: &str, v: f64, end: usize) -> bool {
    v.fract() == 0.0 && (1.0..=12.0).contains(&v) && t[end..].starts_with('月')
}

fn push(out: &mut Vec<Number>, value: f64, percent: bool, start: usize, end: usize) {
    out.push(Number {
        value,
        percent,
        start,
        end,
    });
}

/// Handles the numeral run starting at `i` (previous char `prev`); returns where to resume.
fn chinese_run(t: &str, i: usize, prev: char, out: &mut Vec<Number>) -> usize {
    let rest = &t[i..];
    if !rest.starts_with("十分钟") {
        if let Some(id) = IDIOMS.iter().find(|id| rest.starts_with(**id)) {
            return i + id.len();
        }
    }
    if rest.starts_with("百分之") {
        let k = i + "百分之".len();
        let (value, end) = if digit_at(t.as_bytes(), k).is_some() {
            parse_arabic(t.as_bytes(), k)
        } else if let Some(p) = cn_positional(t, k) {
            let (v, e, _) = with_decimal(t, p.value, p.end);
            (v, e)
        } else {
            return k;
        };
        push(out, value, true, i, end);
        return end;
    }
    let mut run_end = i;
    while let Some((_, l)) = char_at(t, run_end).filter(|&(c, _)| is_numeral(c)) {
        run_end += l;
    }
    let Some((first, flen)) = char_at(t, i) else {
        return i + 1;
    };
    let scale_first = matches!(first, '百' | '千' | '万' | '亿');
    if matches!(prev, '几' | '数') || (scale_first && matches!(prev, '上' | '成')) {
        return run_end; // 几十, 数百万, 上万, 成千上万: vague amounts
    }
    // Digit-by-digit strings: years (二〇二三年) or approximate pairs (三四个).
    let (mut dn, mut dend, mut v, mut has_zero, mut has_liang, mut d1, mut d2) =
        (0, i, 0.0f64, false, false, 0, 0);
    while let Some((c, l)) = char_at(t, dend) {
        let Some(d) = cn_digit(c) else { break };
        if dn == 0 {
            d1 = d
        } else if dn == 1 {
            d2 = d
        }
        v = v * 10.0 + f64::from(d);
        (has_zero, has_liang) = (has_zero || d == 0, has_liang || c == '两');
        (dn, dend) = (dn + 1, dend + l);
    }
    if dn >= 2 {
        if first == '零' {
            return i + flen; // 三年零八个月: 零 joins, the 八 after it counts on its own
        }
        if dend < run_end {
            return run_end; // 三四十, 五六百: approximate, no single value
        }
        if dn == 2 && d1 >= 1 && d2 == d1 + 1 && classifier_follows(t, dend) {
            if d1 > 1 {
                push(out, f64::from(d1), false, i, i + flen); // 一两个 gives only 2, like "one or two"
            }
            push(out, f64::from(d2), false, i + flen, dend);
        } else if dn >= 3
            && !has_liang
            && (has_zero || char_at(t, dend).is_some_and(|(c, _)| c == '年'))
        {
            push(out, v, false, i, dend);
        }
        return dend;
    }
    let Some(p) = cn_positional(t, i) else {
        return i + flen;
    };
    let (value, mut end, dec) = with_decimal(t, p.value, p.end);
    if !dec && is_month(t, value, end) {
        return end;
    }
    if let (false, Some((c, l))) = (dec, char_at(t, end)) {
        let next = cn_digit(c);
        if p.units.is_some_and(|d| next == Some(d + 1)) && classifier_follows(t, end + l) {
            push(out, value, false, i, end); // 十七八岁: 17 or 18
            push(out, value + 1.0, false, end, end + l);
            return end + l;
        }
        if c == '五' && first == '十' && p.chars == 2 && !classifier_follows(t, end + l) {
            push(out, value, false, i, end); // 十四五: 14th Five-Year Plan
            push(out, 5.0, false, end, end + l);
            return end + l;
        }
    }
    let points = points_suffix(t, end);
    let keep = points.is_some()
        || if p.chars >= 2 || dec {
            !p.scale_only || classifier_follows(t, end)
        } else {
            match first {
                '一' | '〇' | '零' => false,
                // 亿 starts no common word the way 百年/千年/万岁 do: 亿度, 亿人 are amounts.
                '亿' => currency_follows(t, end) || classifier_follows(t, end),
                '百' | '千' | '万' => {
                    let approx = matches!(prev, '近' | '约' | '逾' | '超'); // 近千人 = nearly 1,000 people
                    currency_follows(t, end) || (approx && classifier_follows(t, end))
                }
                // 第三 / 其三: ordinals, English "third"
                _ => matches!(prev, '第' | '其') || classifier_follows(t, end),
            }
        };
    if keep {
        end = points.unwrap_or(end);
        push(out, value, points.is_some(), i, end);
    }
    end
}

/// Numbers in a Chinese sentence, in order of appearance.
pub fn chinese_numbers(text: &str) -> Vec<Number> {
    let b = text.as_bytes();
    let (mut out, mut i, mut prev) = (Vec::new(), 0, '\0');
    while i < b.len() {
        if digit_at(b, i).is_some() {
            prev = '0';
            match arabic(b, i) {
                Err(resume) => i = resume,
                Ok((mut n, suffixed, resume)) => {
                    let (mut scaled, mut month) = (false, false);
                    if !suffixed {
                        while let Some((c, l)) = char_at(text, n.end) {
                            let m = match c {
                                '万' => 1e4,
                                '亿' => 1e8,
                                // 5百万, 3千亿; a bare 3千 / 百分点 is not a scale here
                                '百' | '千'
                                    if matches!(
                                        char_at(text, n.end + l),
                                        Some(('万' | '亿', _))
                                    ) =>
                                {
                                    if c == '百' {
                                        1e2
                                    } else {
                                        1e3
                                    }
                                }
                                _ => break,
                            };
                            (n.value, n.end, scaled) = (n.value * m, n.end + l, true);
                        }
                        if let Some(e) = points_suffix(text, n.end) {
                            (n.percent, n.end) = (true, e);
                        }
                        month = !scaled && !n.percent && is_month(text, n.value, n.end);
                    }
                    if !month {
                        out.push(n);
                    }
                    i = resume.max(n.end);
                }
            }
            continue;
        }
        // Every step lands on a char boundary; the fallback only guards against a bug here.
        let Some((c, l)) = char_at(text, i) else {
            i += 1;
            continue;
        };
        if is_numeral(c) {
            i = chinese_run(text, i, prev, &mut out);
            prev = text
                .get(..i)
                .and_then(|s| s.chars().next_back())
                .unwrap_or('\0');
        } else {
            prev = c;
            i += l;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(ns: &[Number]) -> Vec<f64> {
        ns.iter().map(|n| n.value).collect()
    }
    fn texts<'a>(t: &'a str, ns: &[Number]) -> Vec<&'a str> {
        ns.iter().map(|n| &t[n.start..n.end]).collect()
    }
    fn num(value: f64, percent: bool) -> Number {
        Number {
            value,
            percent,
            start: 0,
            end: 0,
        }
    }
    /// Numbers of `a` with no `same_quantity` partner in `b`.
    fn unmatched(a: &[Number], b: &[Number]) -> Vec<f64> {
        a.iter()
            .filter(|x| !b.iter().any(|y| same_quantity(x, y)))
            .map(|x| x.value)
            .collect()
    }

    const PAIRS: [(&str, &str); 12] = [
        ("中央企业2022—2024年研发投入连续三年突破万亿元,2024年研发投入强度达到2.79%,其中基础研究与应用基础研究占研发投入比重达到8.8%;截至2024年底,拥有国家级研发平台474个,科研人员144.3万人、同比提高5.5%。",
         "Central enterprises’ R&D investment from 2022-2024 broke through one trillion yuan for three consecutive years, with R&D investment intensity reaching 2.79% in 2024, of which basic research and applied basic research accounted for 8.8% of R&D investment; as of the end of 2024, they possessed 474 national-level R&D platforms, with 1.443 million scientific research personnel, a year-on-year increase of 5.5%."),
        ("2024年,35家中央企业面向全社会开展“揭榜挂帅”,累计发布榜单210个,开展产学研合作项目2.5万个,实际支出经费274.2亿元。",
         "In 2024, 35 central SOEs carried out ‘revealing the list and taking the lead’ activities open to the whole society, publishing 210 lists in total, launching 25,000 industry-academia-research cooperation projects, and spending a total of 27.42 billion yuan."),
        ("何立峰6月17日至18日在山东调研", "He Lifeng conducted research in Shandong from June 17 to 18"),
        ("完成了习近平主席3年前提出的倡议目标", "fulfilling the goal of the initiative proposed by President Xi Jinping three years ago"),
        ("全年国内生产总值超过126万亿元，增长5.2%。", "GDP for the whole year exceeded 126 trillion yuan, an increase of 5.2 percent."),
        ("城镇新增就业1244万人，城镇调查失业率平均为5.2%。", "12.44 million new urban jobs were created, and the surveyed urban unemployment rate averaged 5.2 per cent."),
        ("这是我第三次访问中国，前两次分别是在十七八岁和二〇一九年。", "This is my third visit to China; the previous two were when I was 17 or 18 and in 2019."),
        ("党的二十大报告提出，到2035年基本实现社会主义现代化。", "The report to the 20th National Congress of the Party proposed basically realizing socialist modernization by 2035."),
        ("出口占比提高了一点五个百分点，百分之五点五的企业两三个月后复工。", "The export share rose by 1.5 percentage points, and 5.5% of firms resumed work two or three months later."),
        ("“十四五”规划期间建成5G基站逾300万个，G20峰会和COVID-19疫情之后神舟十五号发射。", "During the 14th Five-Year Plan over 3 million 5G base stations were built; after the G20 summit and COVID-19, Shenzhou-15 launched."),
        ("一个国家需要一代又一代人的努力，统一是大势所趋。", "A country needs the efforts of one generation after another; reunification is the trend of the times."),
        ("半数企业完成五百万元投资", "Half of the firms completed investments of 5 million yuan"),
    ];

    #[test]
    fn a_bare_yi_before_a_unit_is_a_hundred_million() {
        let values: Vec<f64> = chinese_numbers("离子电子“双亿度”")
            .iter()
            .map(|n| n.value)
            .collect();
        assert_eq!(values, vec![1e8]);
        assert!(chinese_numbers("百年大计").is_empty());
    }

    #[test]
    fn real_pairs_have_partners() {
        for (zh, en) in PAIRS {
            let (z, e) = (chinese_numbers(zh), english_numbers(en));
            assert_eq!(
                unmatched(&z, &e),
                Vec::<f64>::new(),
                "zh unmatched in {zh}: {z:?} vs {e:?}"
            );
            assert_eq!(
                unmatched(&e, &z),
                Vec::<f64>::new(),
                "en unmatched in {en}: {e:?} vs {z:?}"
            );
        }
    }

    #[test]
    fn first_pair_values_and_spans() {
        let (zh, en) = PAIRS[0];
        let z = chinese_numbers(zh);
        assert_eq!(
            vals(&z),
            [
                2022.0,
                2024.0,
                3.0,
                1e12,
                2024.0,
                2.79,
                8.8,
                2024.0,
                474.0,
                1_443_000.0,
                5.5
            ]
        );
        assert_eq!(texts(zh, &z)[3..6], ["万亿", "2024", "2.79%"]);
        assert_eq!(texts(zh, &z)[9], "144.3万");
        let e = english_numbers(en);
        assert_eq!(
            vals(&e),
            [
                2022.0,
                2024.0,
                1e12,
                3.0,
                2.79,
                2024.0,
                8.8,
                2024.0,
                474.0,
                1_443_000.0,
                5.5
            ]
        );
        assert_eq!(texts(en, &e)[2..5], ["one trillion", "three", "2.79%"]);
        assert_eq!(texts(en, &e)[9], "1.443 million");
        assert!(e[4].percent && !e[5].percent && e[10].percent);
    }

    #[test]
    fn english_forms() {
        let t = "3,000 and 1,232 or 0.5; １２３ rose 21.8 percent, 4 per cent, 2.7 trillion yuan, 25 thousand, 3bn, $3.5bn, 5m, 21st, 3rd";
        assert_eq!(
            vals(&english_numbers(t)),
            [3000.0, 1232.0, 0.5, 123.0, 21.8, 4.0, 2.7e12, 25e3, 3e9, 3.5e9, 5.0, 21.0, 3.0]
        );
        let t = "twenty-five, three hundred and five, one hundred twenty, a million, half a million, nineteen eighty";
        assert_eq!(
            vals(&english_numbers(t)),
            [25.0, 305.0, 120.0, 1e6, 5e5, 19.0, 80.0]
        );
        let t =
            "the second, per second, the twenty-first century, one-third, a third, the tenth, Two";
        assert_eq!(vals(&english_numbers(t)), [2.0, 21.0, 10.0, 2.0]);
        assert_eq!(
            vals(&english_numbers("2022,2023 and 1,2,3 and 12,345,678")),
            [2022.0, 2023.0, 1.0, 2.0, 3.0, 12_345_678.0]
        );
        let n = english_numbers("one percent and seven per cent");
        assert!(n.iter().all(|n| n.percent) && vals(&n) == [1.0, 7.0]);
    }

    #[test]
    fn english_one_is_not_extracted_alone() {
        for t in [
            "no one came",
            "one of them",
            "the one I saw",
            "at first",
            "someone, anyone, one-on-one",
            "a year",
        ] {
            assert!(
                english_numbers(t).is_empty(),
                "{t}: {:?}",
                english_numbers(t)
            );
        }
        assert_eq!(
            vals(&english_numbers("one trillion, one hundred, 1 day")),
            [1e12, 100.0, 1.0]
        );
        let t = "At one point, one of the three boys, the first to speak, said he had a million reasons and a few hundred.";
        assert_eq!(vals(&english_numbers(t)), [3.0, 1e6]);
    }

    #[test]
    fn older_english_joins_tens_and_units_with_and() {
        let t = "were forty and six thousand and five hundred";
        assert_eq!(vals(&english_numbers(t)), [46500.0]);
        let t = "The children of Parosh, two thousand an hundred seventy and two.";
        assert_eq!(vals(&english_numbers(t)), [2172.0]);
        assert_eq!(
            vals(&english_numbers("he judged Israel two and twenty years")),
            [22.0]
        );
        assert_eq!(vals(&chinese_numbers("四万六千五百名")), [46500.0]);
        // Two numbers, not one.
        assert_eq!(
            vals(&english_numbers("between five and twenty")),
            [5.0, 20.0]
        );
        assert_eq!(vals(&english_numbers("fifty and a hundred")), [50.0, 100.0]);
    }

    #[test]
    fn codes_consistent_on_both_sides() {
        let t = "5G, G20, COVID-19, CO2, H7N9, F-35, Shenzhou-15, RMB3bn, 10km";
        assert_eq!(vals(&english_numbers(t)), [5.0, 15.0, 3e9, 10.0]);
        let z = "5G、G20、COVID-19、CO2、H7N9、F-35、神舟十五号、10km";
        assert_eq!(vals(&chinese_numbers(z)), [5.0, 15.0, 10.0]);
    }

    #[test]
    fn chinese_forms() {
        let t = "三年、十三个、二十一人、一百零五家、三千名、两千五百元、二〇二三年、第三、首次、2.7万亿元、274.2亿元、2.5万个、５％、１２３";
        assert_eq!(
            vals(&chinese_numbers(t)),
            [
                3.0, 13.0, 21.0, 105.0, 3000.0, 2500.0, 2023.0, 3.0, 2.7e12, 2.742e10, 25000.0,
                5.0, 123.0
            ]
        );
        let n = chinese_numbers("百分之五点五，百分之一，百分之百，0.5个百分点");
        assert!(n.iter().all(|n| n.percent));
        assert_eq!(vals(&n), [5.5, 1.0, 100.0, 0.5]);
        assert_eq!(
            texts("百分之五点五", &chinese_numbers("百分之五点五")),
            ["百分之五点五"]
        );
        let t = "17日至18日，2022-2024年，两三个，一两个，十多年，三万五千人，一亿二千万，零点五，3千米，5百万元";
        assert_eq!(
            vals(&chinese_numbers(t)),
            [17.0, 18.0, 2022.0, 2024.0, 2.0, 3.0, 2.0, 10.0, 35000.0, 1.2e8, 0.5, 3.0, 5e6]
        );
        assert_eq!(
            vals(&chinese_numbers("6月、三月、3个月、十二月、十九届五中全会")),
            [3.0, 19.0, 5.0]
        );
        assert_eq!(
            vals(&chinese_numbers("十分钟、万元、近千人、千万元")),
            [10.0, 1e4, 1e3, 1e7]
        );
        assert_eq!(
            vals(&chinese_numbers(
                "三年零八个月，一是稳，二是改，其三，中亚五国，三四百人，七八十人"
            )),
            [3.0, 8.0, 2.0, 3.0, 5.0]
        );
    }

    #[test]
    fn chinese_idioms_give_nothing() {
        let words = "一些 一起 统一 万一 一定 一带一路 十分 千方百计 百姓 一直 唯一 一样 一言不发 万万 第一时间 \
            四梁八柱 三天两头 五花八门 四分五裂 一五一十 一点一滴 十万火急 千千万万 乱七八糟 略知一二 三三两两 \
            百度 千年 百年 成千上万 几十个 数百万 十几个 二氧化碳 零售 万岁 四面八方 八九不离十 千万不要 \
            一年四季 三位一体 三分之一 第一 新一代 五四运动 三四十 两岸 一点儿 三心二意 十有八九 万人空巷";
        for w in words.split(' ').filter(|w| !w.is_empty()) {
            assert!(
                chinese_numbers(w).is_empty(),
                "{w}: {:?}",
                chinese_numbers(w)
            );
        }
    }

    #[test]
    fn same_quantity_rules() {
        let p = |v| num(v, true);
        let n = |v| num(v, false);
        assert!(!same_quantity(&p(2.79), &p(2.97)));
        assert!(!same_quantity(&p(2.8), &p(2.79)));
        assert!(!same_quantity(&p(5.5), &n(5.5)));
        assert!(same_quantity(&n(274.2 * 1e8), &n(27.42 * 1e9)));
        assert!(same_quantity(&n(2.5 * 1e4), &n(25_000.0)));
        assert!(same_quantity(&n(144.3 * 1e4), &n(1.443 * 1e6)));
        assert!(same_quantity(&n(1.44 * 1e6), &n(144.3 * 1e4)));
        assert!(!same_quantity(&n(1.4 * 1e6), &n(144.3 * 1e4)));
        assert!(!same_quantity(&n(1.45 * 1e6), &n(144.3 * 1e4)));
        assert!(!same_quantity(&n(2020.0), &n(2024.0)));
        assert!(!same_quantity(&n(25_000.0), &n(25_400.0)));
        assert!(!same_quantity(&n(f64::INFINITY), &n(f64::INFINITY)));
        assert!(same_quantity(&n(0.0), &n(0.0)));
    }

    #[test]
    fn odd_input_never_panics() {
        let (nines, many) = ("9".repeat(40), "9".repeat(400));
        let big = english_numbers(&nines);
        assert!(big.len() == 1 && (big[0].value / 1e40 - 1.0).abs() < 1e-9);
        assert!(chinese_numbers(&many)[0].value.is_infinite());
        let fixed = [
            ".",
            ",,,",
            "1.2.3",
            "百分之",
            "第",
            "点",
            "一点",
            "1,",
            "1.",
            "-",
            "a",
            "half a",
            "and",
            "％",
            "．５",
            "１，０００",
            "9,99",
            "3 per",
            "5 percentage",
            "万亿",
            "零",
            "〇〇〇",
            "１２３４５６７８９０ｂｎ",
            "\u{FFFF}9",
            "ⅲ",
        ];
        let pool: Vec<char> = "0123456789１２５,.．%％ -一二两三十百千万亿零〇点第个年月分之几数上多amb onetwhdrilcpG的\u{1F600}"
            .chars().collect();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let random: Vec<String> = (0..5000)
            .map(|_| {
                (0..next() % 12)
                    .map(|_| pool[(next() % pool.len() as u64) as usize])
                    .collect()
            })
            .collect();
        for s in fixed
            .iter()
            .map(|s| s.to_string())
            .chain([nines, many])
            .chain(random)
        {
            let (e, z) = (english_numbers(&s), chinese_numbers(&s));
            for n in e.iter().chain(&z) {
                assert!(
                    n.start <= n.end && s.is_char_boundary(n.start) && s.is_char_boundary(n.end),
                    "{s:?}"
                );
                assert!(n.value >= 0.0, "{s:?}");
            }
            e.iter().zip(&z).for_each(|(a, b)| {
                same_quantity(a, b);
            });
        }
    }
}
