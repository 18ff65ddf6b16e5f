//! Alignment: scored sentences in, beads out.
//!
//! Dynamic programming over the Chinese and English sentence sequences of each
//! [`Window`] finds the cheapest sequence of beads (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-4,
//! 4-1, and omissions 1-0 / 0-1, where between two documents a passage of one side
//! left out costs less a sentence than its first, see `CostModel::parallel_run_skip`;
//! a sentence left unpaired may then join a neighbouring
//! pair in a larger shape, see `merge_unpaired`, and so may two pairs whose boundary
//! splits a speech, see `join_split_speech`; a pair is split where both sides start a
//! new speech inside it, see `split_at_speech_turns`, and a sentence moves to the
//! neighbouring pair where that lines up the two sides' turns, see
//! `move_to_speech_turns`; a long sentence paired with several of the other side takes
//! its neighbour's next one beyond the DP's four, see `fill_long_sentences`, and a run
//! of such pairs is cut again as a whole where the words speak for it, see
//! `recut_long_runs`). It runs twice: the
//! first pass uses the dictionary only; its confident 1-1 beads then teach the scorer the
//! document's own word pairs (Moore 2002, hunalign's realign), and the second pass aligns
//! with both. Between two documents that keep their quotation states (see
//! `Scorer::measure_quote_agreement`), a third pass aligns with the agreement measured on
//! the second's path.
//!
//! Long windows are aligned inside a band through confident anchor pairs (see `band`),
//! and the second pass inside a band around the first pass's path, so memory and time
//! grow linearly with length. The band is cut into segments searched in parallel, and
//! widened wherever the path found runs along its edge. Stretches of the path that look
//! lost (see `suspect`) are then searched again over their whole rectangle.

use std::ops::Range;

use rayon::prelude::*;

mod band;
pub(crate) mod pairs;
mod suspect;

use band::{Band, Segment};

use crate::beads::Bead;
use crate::score::Scorer;
use crate::timing::stage;
use pairs::{DenseBag, PairRows};
pub use suspect::{suspects, Suspect, SuspectKind};

/// A stretch of Chinese sentences and the English sentences that may translate it.
/// In interleaved text: a Chinese block and the English written next to it (before it,
/// after it, or both; see [`crate::pipeline::align_interleaved`]). For two documents:
/// everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub zh: Range<usize>,
    pub en: Range<usize>,
    pub layout: Layout,
}

/// Where a window comes from, which says how likely a sentence is to be untranslated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A Chinese block and the English next to it: English written before the Chinese may
    /// open with commentary that introduces the passage, English written after it may end
    /// with commentary on it, and Chinese may go untranslated.
    Interleaved {
        english_before: bool,
        english_after: bool,
    },
    /// Two whole documents, one the translation of the other: omissions are rare.
    Parallel,
}

/// Bead shapes the aligner may use, as (Chinese sentences, English sentences).
/// The most sentences a bead has on one side.
const MAX_BEAD_SIDE: usize = 4;
pub(crate) const SHAPES: [(usize, usize); 10] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
    (1, 4),
    (4, 1),
];
/// The indices in [`SHAPES`] of a Chinese and of an English sentence left unpaired.
const UNPAIRED_SHAPES: [usize; 2] = [1, 2];
/// The shapes of the first pass over a long window: it only has to find the path
/// roughly (the second pass searches near it with every shape) and the confident 1-1
/// beads to learn from, and half the shapes halve its time.
const FIRST_PASS_SHAPES: usize = 5;
/// How many times a band is widened where the path runs along its edge.
const MAX_WIDENINGS: usize = 3;
/// A suspect stretch is searched again with this many beads of context on each side…
const REPAIR_CONTEXT: usize = 8;
/// …over every cell of its rectangle, when it has at most this many (a lost path of a
/// thousand sentences a side; about 5 bytes a cell).
const REPAIR_CELLS: usize = 2_000_000;

/// Tunable weights of the bead cost.
#[derive(Debug, Clone, Copy)]
pub struct CostModel {
    /// Cost of leaving one sentence of interleaved text unpaired.
    pub skip: f32,
    /// Cost of leaving an English sentence unpaired before the first Chinese sentence of
    /// an interleaved window whose English comes before its Chinese, or after the last one
    /// where the English comes after: commentary sits outside the passage it comments.
    pub lead_in_skip: f32,
    /// Cost of leaving a sentence of one of two parallel documents unpaired.
    pub parallel_skip: f32,
    /// Cost of leaving a sentence of one of two parallel documents unpaired right after
    /// one of its own side left unpaired: a translator who leaves out a sentence often
    /// leaves out the passage around it, so a passage costs `parallel_skip` once and
    /// this per further sentence. It is the most a sentence can add to a pair's lexical
    /// cost (wholly unexplained, see [`crate::score::Match::unexplained`]), so the
    /// sentences of a passage are not folded into pairs that explain none of them,
    /// while a 1-1 pair costs more than its two sentences left inside passages (2.0) only
    /// where its words explain almost nothing of either and its lengths disagree.
    /// The second pass only: the first finds the path and the confident pairs to learn
    /// from, and passages are weighed when the words learnt can tell them.
    pub parallel_run_skip: f32,
    /// Weight of the Gale–Church length cost.
    pub length: f32,
    /// Weight of (1 − similarity) per sentence in the bead.
    pub lexical: f32,
    /// Extra cost per sentence beyond two in a bead (many-to-many beads are rarer).
    pub merge: f32,
    /// Extra cost of a bead with several sentences on both sides: the union of two
    /// sentences matches more by chance, so 2-2 would otherwise beat two 1-1 beads.
    pub many_to_many: f32,
    /// The length cost is capped so one odd length cannot veto a strong lexical match.
    pub length_cap: f32,
    /// Extra cost per paragraph break inside a bead of interleaved text.
    pub paragraph_break: f32,
    /// Cost of a pair ending inside a quotation on one side and outside on the other
    /// (see [`crate::anchors::quotes`]), when the document's two sides agree on their
    /// quotation states perfectly; scaled by how far they agree beyond chance on the
    /// first pass (`Scorer::measure_quote_agreement`). About what a sentence's words
    /// leave unexplained in a fair pair: a mark misread must not outweigh the words of a
    /// sentence.
    pub quote_mismatch: f32,
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel {
            skip: 1.1,
            lead_in_skip: 0.85,
            parallel_skip: 1.5,
            parallel_run_skip: 1.0,
            length: 0.12,
            lexical: 1.0,
            merge: 0.15,
            many_to_many: 0.3,
            length_cap: 4.0,
            paragraph_break: 0.5,
            quote_mismatch: 0.4,
        }
    }
}

/// Aligns every window; beads come out in window order.
pub fn align(scorer: &mut Scorer, windows: &[Window], model: &CostModel) -> Vec<Bead> {
    let mut bag = DenseBag::new(scorer);
    let first: Vec<Vec<Bead>> = stage("first pass", || {
        windows
            .iter()
            .map(|w| align_window(scorer, w, model, None, &mut bag))
            .collect()
    });
    let learnt = stage("learning", || {
        crate::learn::confident_word_pairs(scorer, first.iter().flatten())
    });
    // Unpaired sentences are joined to their neighbours (`merge_unpaired`) on the last
    // pass's path only: the second pass searches near the first's.
    if learnt.is_empty() {
        return windows
            .iter()
            .zip(first)
            .flat_map(|(w, beads)| merge_unpaired(scorer, w, model, beads, &mut bag))
            .collect();
    }
    scorer.learn_translations(&learnt);
    // Names jieba cuts inconsistently are learnt from the characters themselves, in two
    // documents: a book meets its names often enough to learn them, while the short
    // quotations of interleaved text rarely do and would only pay for the search.
    let parallel = windows.iter().any(|w| w.layout == Layout::Parallel);
    if parallel {
        stage("learning names", || {
            let names = crate::learn::confident_name_strings(scorer, first.iter().flatten());
            scorer.learn_name_strings(&names);
        });
    }
    scorer.weigh_by_translation_rates(crate::learn::confident(first.iter().flatten()));
    // The first pass ignores quotation states; its path says whether this translation
    // keeps them (see `Scorer::measure_quote_agreement`).
    measure_quote_agreement(scorer, windows, &first);
    // A fresh table: the one loaded before learning holds the old translations.
    let mut bag = DenseBag::new(scorer);
    let second: Vec<Vec<Bead>> = stage("second pass", || {
        windows
            .iter()
            .zip(&first)
            .map(|(w, beads)| align_window(scorer, w, model, Some(beads), &mut bag))
            .collect()
    });
    // Where the sides keep their quotation states, the second pass (which weighed them)
    // measures them better than the first, and a third pass uses that.
    let last = if parallel && scorer.quotes_agree() {
        measure_quote_agreement(scorer, windows, &second);
        stage("third pass", || {
            windows
                .iter()
                .zip(&second)
                .map(|(w, beads)| align_window(scorer, w, model, Some(beads), &mut bag))
                .collect()
        })
    } else {
        second
    };
    windows
        .iter()
        .zip(last)
        .flat_map(|(w, beads)| {
            // Turns of a dialogue are split first, so that the joining below weighs pairs
            // that keep them apart; split speeches are joined before unpaired sentences,
            // so that an unpaired neighbour may then join the joined pair; runs of long
            // sentences are cut again last, when the lines left unpaired between them
            // have joined a neighbour.
            let beads = split_at_speech_turns(scorer, beads, &mut bag);
            let beads = move_to_speech_turns(scorer, w, model, beads, &mut bag);
            let beads = join_split_speech(scorer, w, model, beads, &mut bag);
            let beads = fill_long_sentences(scorer, w, model, beads, &mut bag);
            let beads = merge_unpaired(scorer, w, model, beads, &mut bag);
            recut_long_runs(scorer, w, model, beads, &mut bag)
        })
        .collect()
}

/// Measures the quotation agreement of the two sides on a path of every window.
fn measure_quote_agreement(scorer: &mut Scorer, windows: &[Window], path: &[Vec<Bead>]) {
    scorer.measure_quote_agreement(windows.iter().zip(path).flat_map(|(w, beads)| {
        band::positions(beads)
            .into_iter()
            .skip(1)
            .map(|(i, j)| (w.zh.start + i, w.en.start + j))
    }));
}

/// Aligns one window; with `previous` (the first pass's beads of this window) the search
/// stays near that path. A long window is cut into segments aligned in parallel.
fn align_window(
    scorer: &Scorer,
    window: &Window,
    model: &CostModel,
    previous: Option<&[Bead]>,
    bag: &mut DenseBag,
) -> Vec<Bead> {
    // The first pass only has to find the path and the confident pairs to learn from:
    // passages are weighed in the second, when the words learnt can tell them.
    let first_pass_model = CostModel {
        parallel_run_skip: model.parallel_skip,
        ..*model
    };
    let model = match previous {
        Some(_) => model,
        None => &first_pass_model,
    };
    let (n, m) = (window.zh.len(), window.en.len());
    if n == 0 || m == 0 {
        let zh = window.zh.clone().map(|i| Bead::new(vec![i], vec![], 1.0));
        let en = window.en.clone().map(|j| Bead::new(vec![], vec![j], 1.0));
        return en.chain(zh).collect();
    }
    if Band::fits_full(n, m) {
        let band = Band::full(n, m);
        return dp(scorer, window, model, &band, &SHAPES, Ends::BOTH, bag)
            .expect("a full band holds every path");
    }
    let band = match previous {
        Some(beads) => Band::around(beads, n, m),
        None => stage("anchors", || Band::through_anchors(scorer, window)),
    };
    let shapes = if previous.is_none() {
        &SHAPES[..FIRST_PASS_SHAPES]
    } else {
        &SHAPES[..]
    };
    let segments = band.segments();
    let pieces: Option<Vec<Vec<Bead>>> = segments
        .par_iter()
        .map_init(
            || DenseBag::new(scorer),
            |bag, segment| align_segment(scorer, window, model, segment, shapes, bag),
        )
        .collect();
    let beads = match pieces {
        Some(pieces) => pieces.concat(),
        // A cut left the path no way through: search the whole band instead.
        None => dp(scorer, window, model, &band, shapes, Ends::BOTH, bag)
            .expect("the band holds the path it was built around"),
    };
    repair_suspects(scorer, window, model, shapes, beads, bag)
}

/// The most sentences a side of a bead may reach by [`merge_unpaired`].
const MAX_MERGED_SIDE: usize = 6;

/// Second look at each sentence the path leaves unpaired: joined
/// to the pair before or after it, it may make a shape the DP does not search (2-3, 3-2,
/// 3-3, 1-5…: a literary translation regroups a few sentences at a time). It is joined
/// when the joined pair costs less, by the DP's own bead cost, than the pair and the
/// unpaired sentence; shapes the DP searched already lost there, and stay apart.
fn merge_unpaired(
    scorer: &Scorer,
    window: &Window,
    model: &CostModel,
    mut beads: Vec<Bead>,
    bag: &mut DenseBag,
) -> Vec<Bead> {
    let mut k = 0;
    while k < beads.len() {
        if beads[k].is_pair() {
            k += 1;
            continue;
        }
        let (lone_zh, lone_en) = (sentences(&beads[k].zh), sentences(&beads[k].en));
        // English outside the window's Chinese, on the side commentary is written, cost
        // the DP less to leave alone (`CostModel::lead_in_skip`, as in `dp`). Both scans
        // stop at the first bead with Chinese.
        let commentary = match window.layout {
            Layout::Interleaved {
                english_before,
                english_after,
            } => {
                let chinese_before = beads[..k].iter().any(|b| !b.zh.is_empty());
                let chinese_after = beads[k..].iter().any(|b| !b.zh.is_empty());
                lone_zh.is_empty()
                    && ((english_before && !chinese_before) || (english_after && !chinese_after))
            }
            Layout::Parallel => false,
        };
        // A sentence at the edge of a passage of its side left unpaired: joined to the
        // pair, it hands the passage's opening cost to the next one (see
        // `CostModel::parallel_run_skip`), so it saves only what a further one costs.
        let same_side_alone = |b: &Bead| !b.is_pair() && lone_zh.is_empty() == b.zh.is_empty();
        let in_passage = window.layout == Layout::Parallel
            && [k.checked_sub(1), Some(k + 1)]
                .into_iter()
                .flatten()
                .filter_map(|n| beads.get(n))
                .any(same_side_alone);
        let alone = match commentary {
            true => model.lead_in_skip,
            false => {
                let cost = fixed_cost(
                    scorer,
                    model,
                    window.layout,
                    lone_zh.clone(),
                    lone_en.clone(),
                );
                match in_passage {
                    true => cost.min(model.parallel_run_skip),
                    false => cost,
                }
            }
        };
        let mut best: Option<(f32, usize)> = None;
        for neighbour in [k.checked_sub(1), Some(k + 1)].into_iter().flatten() {
            let Some(pair) = beads.get(neighbour).filter(|b| b.is_pair()) else {
                continue;
            };
            let (pair_zh, pair_en) = (sentences(&pair.zh), sentences(&pair.en));
            let (zh, en) = (join(&pair_zh, &lone_zh), join(&pair_en, &lone_en));
            let shape = (zh.len(), en.len());
            if SHAPES.contains(&shape) || shape.0.max(shape.1) > MAX_MERGED_SIDE {
                continue;
            }
            let gain = pair_cost(scorer, model, window.layout, pair_zh, pair_en) + alone
                - pair_cost(scorer, model, window.layout, zh, en);
            if gain > 0.0 && best.is_none_or(|(g, _)| gain > g) {
                best = Some((gain, neighbour));
            }
        }
        let Some((_, neighbour)) = best else {
            k += 1;
            continue;
        };
        let at = neighbour.min(k);
        join_with_next(scorer, bag, &mut beads, at);
        // The joined pair may take in the unpaired sentence after it too.
        k = at;
    }
    beads
}

/// Second look at each boundary of the path between two pairs that splits a speech
/// (inside a quotation on one side, outside on the other; see
/// [`crate::anchors::quotes`]): the translation regrouped the sentences around it, and
/// the two pairs joined may make a shape the DP does not search (2-3, 3-2, 2-4…). They
/// are joined when the joined pair costs less, by the DP's own bead cost, than the two
/// pairs (which pay for the split speech at the boundary).
fn join_split_speech(
    scorer: &Scorer,
    window: &Window,
    model: &CostModel,
    mut beads: Vec<Bead>,
    bag: &mut DenseBag,
) -> Vec<Bead> {
    let mut k = 0;
    while k + 1 < beads.len() {
        let (a, b) = (&beads[k], &beads[k + 1]);
        let (a_zh, a_en) = (sentences(&a.zh), sentences(&a.en));
        let (b_zh, b_en) = (sentences(&b.zh), sentences(&b.en));
        let (zh, en) = (join(&a_zh, &b_zh), join(&a_en, &b_en));
        let joinable = a.is_pair()
            && b.is_pair()
            && scorer.quote_disagreement(a_zh.end, a_en.end) > 0.0
            && !SHAPES.contains(&(zh.len(), en.len()))
            && zh.len().max(en.len()) <= MAX_MERGED_SIDE;
        if !joinable
            || pair_cost(scorer, model, window.layout, zh.clone(), en.clone())
                >= pair_cost(scorer, model, window.layout, a_zh, a_en)
                    + pair_cost(scorer, model, window.layout, b_zh, b_en)
        {
            k += 1;
            continue;
        }
        join_with_next(scorer, bag, &mut beads, k);
    }
    beads
}

/// Splits each pair with several sentences on both sides where a new speech starts on
/// both sides at the same point inside it (see [`Scorer::speech_turn`]): two turns of a
/// dialogue that the translation keeps as two are two pairs, however their words match
/// across (a reply's few words are easily explained by the question before it).
fn split_at_speech_turns(scorer: &Scorer, beads: Vec<Bead>, bag: &mut DenseBag) -> Vec<Bead> {
    let mut out = Vec::with_capacity(beads.len());
    for bead in beads {
        let mut rest = bead;
        loop {
            let (zh, en) = (sentences(&rest.zh), sentences(&rest.en));
            let turn = (zh.start + 1..zh.end)
                .flat_map(|i| (en.start + 1..en.end).map(move |j| (i, j)))
                .find(|&(i, j)| scorer.speech_turn(i, j));
            let Some((i, j)) = turn else {
                out.push(rest);
                break;
            };
            let pair = |zh: Range<usize>, en: Range<usize>, bag: &mut DenseBag| {
                let confidence = pair_confidence(scorer, bag, zh.clone(), en.clone());
                Bead::new(zh.collect(), en.collect(), confidence)
            };
            out.push(pair(zh.start..i, en.start..j, bag));
            rest = pair(i..zh.end, j..en.end, bag);
        }
    }
    out
}

/// Second look at each boundary between two pairs where a new speech starts on one side
/// only while the other side starts one a sentence away, inside one of the two pairs
/// (`贾蓉…忙说：“…别叫他们乱碰。”` | `说着便起身出去了。` | `这凤姐…叫：“蓉儿回来！”`
/// against `…Don't put yours to a lot of trouble!' and he hurried out.` | `Xi-feng
/// suddenly remembered something, and called…: 'Rong, come back!'`, where the path had
/// joined the narration 说着… to the call): that sentence is moved across,
/// so that the two sides' turns line up, when the two pairs then cost less by the DP's
/// own bead cost. The moved pairs may take shapes the DP does not search (1-5, 2-3…).
fn move_to_speech_turns(
    scorer: &Scorer,
    window: &Window,
    model: &CostModel,
    mut beads: Vec<Bead>,
    bag: &mut DenseBag,
) -> Vec<Bead> {
    for k in 1..beads.len() {
        let (a, b) = (&beads[k - 1], &beads[k]);
        if !a.is_pair() || !b.is_pair() {
            continue;
        }
        let (a_zh, a_en) = (sentences(&a.zh), sentences(&a.en));
        let (b_zh, b_en) = (sentences(&b.zh), sentences(&b.en));
        let (i, j) = (b_zh.start, b_en.start);
        // Each candidate: the Chinese and English boundary the two pairs would meet at.
        let candidates = match scorer.speech_turns_at(i, j) {
            (true, false) => [(i, j + 1, b_en.len() > 1), (i, j - 1, a_en.len() > 1)],
            (false, true) => [(i + 1, j, b_zh.len() > 1), (i - 1, j, a_zh.len() > 1)],
            _ => continue,
        };
        let regrouped: Vec<(PairSpan, PairSpan)> = candidates
            .into_iter()
            .filter(|&(zh, en, keeps_pairs)| keeps_pairs && scorer.speech_turn(zh, en))
            .map(|(zh, en, _)| {
                let first = (a_zh.start..zh, a_en.start..en);
                let second = (zh..b_zh.end, en..b_en.end);
                (first, second)
            })
            .collect();
        regroup_if_cheaper(scorer, window, model, bag, &mut beads, k, regrouped);
    }
    beads
}

/// A pair's Chinese and English sentences.
type PairSpan = (Range<usize>, Range<usize>);

/// Of `candidates` (each the two pairs that `beads[k - 1]` and `beads[k]` would
/// become), the cheapest by the DP's own bead cost replaces the two if it costs less
/// than they do.
fn regroup_if_cheaper(
    scorer: &Scorer,
    window: &Window,
    model: &CostModel,
    bag: &mut DenseBag,
    beads: &mut [Bead],
    k: usize,
    candidates: Vec<(PairSpan, PairSpan)>,
) {
    if candidates.is_empty() {
        return;
    }
    let cost =
        |(zh, en): &PairSpan| pair_cost(scorer, model, window.layout, zh.clone(), en.clone());
    let span = |bead: &Bead| (sentences(&bead.zh), sentences(&bead.en));
    let old = cost(&span(&beads[k - 1])) + cost(&span(&beads[k]));
    let best = candidates
        .into_iter()
        .map(|(first, second)| (cost(&first) + cost(&second), first, second))
        .filter(|(new, ..)| *new < old)
        .min_by(|x, y| x.0.total_cmp(&y.0));
    if let Some((_, first, second)) = best {
        for (at, (zh, en)) in [(k - 1, first), (k, second)] {
            let confidence = pair_confidence(scorer, bag, zh.clone(), en.clone());
            beads[at] = Bead::new(zh.collect(), en.collect(), confidence);
        }
    }
}

/// The most sentences the many side of a one-to-many pair may reach by
/// [`fill_long_sentences`].
const MAX_FILLED_SIDE: usize = 8;
/// The single sentence of a pair filled by [`fill_long_sentences`] is at least this
/// share of the length the document's ratio expects of the other side's run.
const MIN_FILLED_LENGTH_SHARE: f32 = 0.5;

/// Second look at each pair of one long sentence and three or more of the other side
/// (1-3, 4-1…) next to a pair of one and two sentences: a verse of the Authorised
/// Version may be five to eight lines of the Chinese Bible, a shape the DP does not
/// search, and the path hands the lines beyond four to the neighbouring pair. The
/// neighbour's near sentence of its two moves over when the single sentence is long
/// enough, by the document's length ratio, to hold the run (at least
/// [`MIN_FILLED_LENGTH_SHARE`] of its expected length, so that a short line of
/// dialogue never takes a neighbour's sentence on words alone) and the two pairs then
/// cost less by the DP's own bead cost. (Neighbours of three sentences are left alone:
/// a literary translation's 1-3 next to 1-4 is as often right.)
fn fill_long_sentences(
    scorer: &Scorer,
    window: &Window,
    model: &CostModel,
    mut beads: Vec<Bead>,
    bag: &mut DenseBag,
) -> Vec<Bead> {
    let ratio = scorer.length_ratio();
    let holds = |(zh, en): &PairSpan, zh_single: bool| {
        let lz: f32 = zh.clone().map(|i| scorer.zh_length(i)).sum();
        let le: f32 = en.clone().map(|j| scorer.en_length(j)).sum();
        match zh_single {
            true => lz * ratio >= le * MIN_FILLED_LENGTH_SHARE,
            false => le >= lz * ratio * MIN_FILLED_LENGTH_SHARE,
        }
    };
    for k in 1..beads.len() {
        let (a, b) = (&beads[k - 1], &beads[k]);
        if !a.is_pair() || !b.is_pair() {
            continue;
        }
        let (a_zh, a_en) = (sentences(&a.zh), sentences(&a.en));
        let (b_zh, b_en) = (sentences(&b.zh), sentences(&b.en));
        // Each candidate, as the two pairs after the move: `a` takes `b`'s first
        // sentence of its many side, or `b` takes `a`'s last.
        let mut candidates: Vec<(PairSpan, PairSpan)> = Vec::new();
        for zh_single in [true, false] {
            let (a_single, a_many, b_single, b_many) = match zh_single {
                true => (&a_zh, &a_en, &b_zh, &b_en),
                false => (&a_en, &a_zh, &b_en, &b_zh),
            };
            let fills = |single: &Range<usize>, many: &Range<usize>, other: &Range<usize>| {
                single.len() == 1
                    && (MAX_BEAD_SIDE - 1..MAX_FILLED_SIDE).contains(&many.len())
                    && other.len() == 2
            };
            let mut moved = Vec::new();
            if fills(a_single, a_many, b_many) {
                moved.push((
                    (a_single.clone(), a_many.start..b_many.start + 1),
                    (b_single.clone(), b_many.start + 1..b_many.end),
                    true,
                ));
            }
            if fills(b_single, b_many, a_many) {
                moved.push((
                    (a_single.clone(), a_many.start..a_many.end - 1),
                    (b_single.clone(), a_many.end - 1..b_many.end),
                    false,
                ));
            }
            for ((first_single, first_many), (second_single, second_many), filled_is_a) in moved {
                let side = |single: Range<usize>, many: Range<usize>| match zh_single {
                    true => (single, many),
                    false => (many, single),
                };
                let (first, second) = (
                    side(first_single, first_many),
                    side(second_single, second_many),
                );
                if holds(if filled_is_a { &first } else { &second }, zh_single) {
                    candidates.push((first, second));
                }
            }
        }
        regroup_if_cheaper(scorer, window, model, bag, &mut beads, k, candidates);
    }
    beads
}

/// The most beads of one-to-many pairs [`recut_long_runs`] cuts again together.
const MAX_RECUT_RUN: usize = 8;
/// What the words of a run cut again by [`recut_long_runs`] must explain better (in the
/// DP's lexical cost: half a sentence's words) for the new cut to be taken.
const MIN_RECUT_WORD_GAIN: f32 = 0.5;

/// Second look at each run of consecutive one-to-many pairs (one sentence on the same
/// side, two or more on the other) that holds a pair the DP filled to its limit
/// ([`MAX_BEAD_SIDE`] on the many side): the run's many-side sentences are cut again
/// among its single sentences, each taking 1 to [`MAX_FILLED_SIDE`], at the least cost
/// by the DP's own bead cost. A verse of the Authorised Version may be five to eight
/// lines of the Chinese Bible (a genealogy: a line a generation); the DP stops at four
/// and hands the rest to the next verse, which hands its own lines on, so no move
/// between two pairs (`fill_long_sentences`) mends the run. The new cut is taken only
/// where the words speak for it ([`MIN_RECUT_WORD_GAIN`]): on length alone a literary
/// translation's 1-3 next to 1-4 would often be cut again wrongly, and lengths that
/// a shape beyond four fits better say nothing the DP's shapes had not weighed.
fn recut_long_runs(
    scorer: &Scorer,
    window: &Window,
    model: &CostModel,
    mut beads: Vec<Bead>,
    bag: &mut DenseBag,
) -> Vec<Bead> {
    for zh_single in [true, false] {
        // A pair as (its single sentence, its many-side sentences), and back.
        let split = |bead: &Bead| match zh_single {
            true => (sentences(&bead.zh).start, sentences(&bead.en)),
            false => (sentences(&bead.en).start, sentences(&bead.zh)),
        };
        let span = |single: usize, many: Range<usize>| match zh_single {
            true => (single..single + 1, many),
            false => (many, single..single + 1),
        };
        let one_to_many = |bead: &Bead| {
            let (zh, en) = (bead.zh.len(), bead.en.len());
            bead.is_pair()
                && if zh_single {
                    zh == 1 && en >= 2
                } else {
                    en == 1 && zh >= 2
                }
        };
        // (the DP's cost, its lexical part) of a pair.
        let costs = |single: usize, many: Range<usize>| {
            let (zh, en) = span(single, many);
            let cost = pair_cost(scorer, model, window.layout, zh.clone(), en.clone());
            (
                cost,
                cost - fixed_cost(scorer, model, window.layout, zh, en),
            )
        };
        let mut k = 0;
        while k < beads.len() {
            let limit = beads.len().min(k + MAX_RECUT_RUN);
            let end = (k..limit)
                .find(|&l| !one_to_many(&beads[l]))
                .unwrap_or(limit);
            let run = k..end;
            k = end.max(k + 1);
            let filled = |bead: &Bead| split(bead).1.len() >= MAX_BEAD_SIDE;
            if run.len() < 2 || !beads[run.clone()].iter().any(filled) {
                continue;
            }
            let singles: Vec<usize> = beads[run.clone()].iter().map(|b| split(b).0).collect();
            let many = split(&beads[run.start]).1.start..split(&beads[run.end - 1]).1.end;
            let cuts = cheapest_cuts(&singles, many, |single, part| costs(single, part).0);
            let old: Vec<_> = beads[run.clone()].iter().map(split).collect();
            let new: Vec<_> = singles.into_iter().zip(cuts).collect();
            // (cost, its lexical part) of a run's pairs.
            let total = |parts: &[(usize, Range<usize>)]| {
                parts
                    .iter()
                    .fold((0.0, 0.0), |(cost, words), (single, part)| {
                        let (c, w) = costs(*single, part.clone());
                        (cost + c, words + w)
                    })
            };
            let ((old_cost, old_words), (new_cost, new_words)) = (total(&old), total(&new));
            if new_cost >= old_cost || old_words - new_words < MIN_RECUT_WORD_GAIN {
                continue;
            }
            for (at, (single, part)) in run.zip(new) {
                let (zh, en) = span(single, part);
                let confidence = pair_confidence(scorer, bag, zh.clone(), en.clone());
                beads[at] = Bead::new(zh.collect(), en.collect(), confidence);
            }
        }
    }
    beads
}

/// The cut of the sentences `many` into consecutive parts of 1 to [`MAX_FILLED_SIDE`]
/// sentences, one for each of `singles` in order, with the least total `cost(single,
/// part)` (the sentences must be at least as many as the singles).
fn cheapest_cuts(
    singles: &[usize],
    many: Range<usize>,
    cost: impl Fn(usize, Range<usize>) -> f32,
) -> Vec<Range<usize>> {
    let (n, m) = (singles.len(), many.len());
    // best[t][c]: (the least cost of the first c sentences cut among the first t
    // singles, where the t-th single's part starts).
    let mut best = vec![vec![(f32::INFINITY, 0); m + 1]; n + 1];
    best[0][0] = (0.0, 0);
    for t in 1..=n {
        for c in t..=m - (n - t) {
            for from in c.saturating_sub(MAX_FILLED_SIDE)..c {
                let before = best[t - 1][from].0;
                if before.is_finite() {
                    let total = before + cost(singles[t - 1], many.start + from..many.start + c);
                    if total < best[t][c].0 {
                        best[t][c] = (total, from);
                    }
                }
            }
        }
    }
    let mut cuts = Vec::with_capacity(n);
    let mut c = m;
    for t in (1..=n).rev() {
        let from = best[t][c].1;
        cuts.push(many.start + from..many.start + c);
        c = from;
    }
    cuts.reverse();
    cuts
}

/// Joins bead `k` and the one after it into one pair, with its confidence.
fn join_with_next(scorer: &Scorer, bag: &mut DenseBag, beads: &mut Vec<Bead>, k: usize) {
    let second = beads.remove(k + 1);
    let pair = &mut beads[k];
    pair.zh.extend(second.zh);
    pair.en.extend(second.en);
    pair.confidence = pair_confidence(scorer, bag, sentences(&pair.zh), sentences(&pair.en));
}

/// A bead side's sentences as a range (consecutive, as beads hold them).
fn sentences(side: &[usize]) -> Range<usize> {
    match (side.first(), side.last()) {
        (Some(&first), Some(&last)) => first..last + 1,
        _ => 0..0,
    }
}

/// Two adjacent runs of sentences as one (either may be empty).
fn join(a: &Range<usize>, b: &Range<usize>) -> Range<usize> {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.clone(),
        (_, true) => a.clone(),
        _ => a.start.min(b.start)..a.end.max(b.end),
    }
}

/// The DP's cost of a pair in a window of `layout`: what [`dp`] adds for it.
fn pair_cost(
    scorer: &Scorer,
    model: &CostModel,
    layout: Layout,
    zh: Range<usize>,
    en: Range<usize>,
) -> f32 {
    let quote = model.quote_mismatch * scorer.quote_disagreement(zh.end, en.end);
    fixed_cost(scorer, model, layout, zh.clone(), en.clone())
        + quote
        + model.lexical
            * scorer
                .matching(zh, en, |i, j| scorer.pair(i, j))
                .unexplained
}

/// Searches suspect stretches of a long window's path (see [`suspect`]) again over
/// the whole rectangle between the path's points around it, so that wherever the band
/// kept the path from the translation, the cheapest path takes its place. The rectangle
/// holds the old path, so the new one never costs more, and where the old one was right
/// it comes out again.
fn repair_suspects(
    scorer: &Scorer,
    window: &Window,
    model: &CostModel,
    shapes: &[(usize, usize)],
    mut beads: Vec<Bead>,
    bag: &mut DenseBag,
) -> Vec<Bead> {
    // A stretch mostly of one side's sentences left alone, with a few poor pairs among
    // them, is a passage the other side lacks: the band did not keep the path from
    // anything there, and a search over the whole rectangle would only fold more of the
    // passage into chance pairs.
    let found: Vec<Suspect> = suspects(&beads)
        .into_iter()
        .filter(|s| s.kind == SuspectKind::UnpairedOnBothSides || s.one_sided < s.low_pairs)
        .collect();
    if found.is_empty() {
        return beads;
    }
    let mut runs: Vec<Range<usize>> = Vec::new();
    for suspect in found {
        let run = suspect.beads.start.saturating_sub(REPAIR_CONTEXT)
            ..(suspect.beads.end + REPAIR_CONTEXT).min(beads.len());
        match runs.last_mut() {
            Some(last) if last.end >= run.start => last.end = run.end,
            _ => runs.push(run),
        }
    }
    let at = band::positions(&beads);
    for run in runs.into_iter().rev() {
        let (from, to) = (at[run.start], at[run.end]);
        let (n, m) = (to.0 - from.0, to.1 - from.1);
        if (n + 1) * (m + 1) > REPAIR_CELLS {
            continue;
        }
        let piece = Window {
            zh: window.zh.start + from.0..window.zh.start + to.0,
            en: window.en.start + from.1..window.en.start + to.1,
            layout: window.layout,
        };
        let redone = dp(
            scorer,
            &piece,
            model,
            &Band::full(n, m),
            shapes,
            Ends {
                first: from.0 == 0,
                last: to.0 == window.zh.len(),
            },
            bag,
        )
        .expect("a full band holds every path");
        beads.splice(run, redone);
    }
    beads
}

/// The path through one segment of a long window's band. Where it runs along the band's
/// edge the band may be too narrow (a stretch translated much longer or shorter than the
/// anchors around it suggest): the band is widened there and that stretch searched again
/// between two points of the path found.
fn align_segment(
    scorer: &Scorer,
    window: &Window,
    model: &CostModel,
    segment: &Segment,
    shapes: &[(usize, usize)],
    bag: &mut DenseBag,
) -> Option<Vec<Bead>> {
    let ((i0, j0), (i1, j1)) = (segment.from, segment.to);
    let (z, e) = (window.zh.start + i0, window.en.start + j0);
    let piece = |from: (usize, usize), to: (usize, usize)| Window {
        zh: z + from.0..z + to.0,
        en: e + from.1..e + to.1,
        layout: window.layout,
    };
    let mut beads = dp(
        scorer,
        &piece((0, 0), (i1 - i0, j1 - j0)),
        model,
        &segment.band,
        shapes,
        Ends {
            first: i0 == 0,
            last: i1 == window.zh.len(),
        },
        bag,
    )?;
    let mut band = None;
    for _ in 0..MAX_WIDENINGS {
        let narrow = band.as_ref().unwrap_or(&segment.band);
        let rows = narrow.rows_at_edge(&beads);
        if rows.is_empty() {
            break;
        }
        let mut wider = narrow.clone();
        let stretches = wider.widen(&rows);
        let at = band::positions(&beads);
        let runs = bead_runs(&at, &stretches);
        for run in runs.into_iter().rev() {
            let (from, to) = (at[run.start], at[run.end]);
            let redone = dp(
                scorer,
                &piece(from, to),
                model,
                &wider.between(from, to),
                shapes,
                Ends {
                    first: i0 == 0 && from.0 == 0,
                    last: i1 == window.zh.len() && to.0 == i1 - i0,
                },
                bag,
            )?;
            beads.splice(run, redone);
        }
        band = Some(wider);
    }
    Some(beads)
}

/// The beads to search again for each stretch of rows, as ranges of bead indices, given
/// the position before each bead and at the end (`at`): from the last position at or
/// before the stretch's start to the first at or after its end. A bead can span the rows
/// between two stretches, so overlapping runs are merged.
fn bead_runs(at: &[(usize, usize)], stretches: &[Range<usize>]) -> Vec<Range<usize>> {
    let beads = at.len() - 1;
    let mut runs: Vec<Range<usize>> = Vec::new();
    for stretch in stretches {
        let first = at.partition_point(|p| p.0 <= stretch.start) - 1;
        let last = at.partition_point(|p| p.0 < stretch.end).min(beads);
        match runs.last_mut() {
            Some(run) if run.end >= first => run.end = run.end.max(last),
            _ => runs.push(first..last),
        }
    }
    runs
}

/// Whether a piece of a window holds its first and its last Chinese sentence.
#[derive(Debug, Clone, Copy)]
struct Ends {
    first: bool,
    last: bool,
}

impl Ends {
    const BOTH: Ends = Ends {
        first: true,
        last: true,
    };
}

/// The cheapest path through `band`, or `None` when the band holds none.
///
/// `ends`: whether the window's first and last Chinese sentences are in the band, so that
/// English before the first or after the last may be commentary (see
/// [`CostModel::lead_in_skip`]).
fn dp(
    scorer: &Scorer,
    window: &Window,
    model: &CostModel,
    band: &Band,
    shapes: &[(usize, usize)],
    ends: Ends,
    bag: &mut DenseBag,
) -> Option<Vec<Bead>> {
    let (n, m) = (window.zh.len(), window.en.len());
    let (z0, e0) = (window.zh.start, window.en.start);
    // Row i stores cells for j in band.rows[i] at offsets[i] + j - band.rows[i].start of
    // one flat buffer.
    let mut offsets = Vec::with_capacity(n + 2);
    let mut total = 0;
    for row in band.rows() {
        offsets.push(total);
        total += row.len();
    }
    let rows = band.rows();
    let cell = |i: usize, j: usize| (rows[i].contains(&j)).then(|| offsets[i] + j - rows[i].start);
    let mut cost = vec![f32::INFINITY; total];
    let mut back = vec![u8::MAX; total];
    cost[offsets[0]] = 0.0;
    // Between two documents a passage left out costs less a sentence than its first
    // (`CostModel::parallel_run_skip`): per cell, the cheapest path whose last bead leaves
    // a Chinese (0) or an English (1) sentence unpaired, and whether that bead goes on
    // with a passage the path had already begun.
    let passages = window.layout == Layout::Parallel;
    let mut unpaired = vec![[f32::INFINITY; 2]; if passages { total } else { 0 }];
    let mut goes_on = vec![[false; 2]; if passages { total } else { 0 }];
    // What a shape costs at the least, before lengths and words are looked at.
    let floors = SHAPES.map(|(a, b)| match a > 1 && b > 1 {
        true => model.merge * (a + b - 2) as f32 + model.many_to_many,
        false => model.merge * (a + b).saturating_sub(2) as f32,
    });
    let mut pairs = PairRows::new(bag, z0, e0, m, MAX_BEAD_SIDE);
    for i in 0..=n {
        if i > 0 {
            pairs.compute_row(scorer, band, i - 1);
        }
        let pair = |zi: usize, ej: usize| pairs.get(scorer, zi, ej);
        for j in rows[i].clone() {
            if i == 0 && j == 0 {
                continue;
            }
            // A pair ending inside a quotation on one side only splits a speech from its
            // translation. (A sentence left unpaired ends no pair: speech the other side
            // lacks is still speech. Interleaved English that quotes what the Chinese
            // reports measures no agreement, and pays nothing.)
            let quote_mismatch = model.quote_mismatch * scorer.quote_disagreement(z0 + i, e0 + j);
            let mut best = f32::INFINITY;
            let mut best_shape = u8::MAX;
            let here = offsets[i] + j - rows[i].start;
            for (k, &(a, b)) in shapes.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(at) = cell(i - a, j - b) else {
                    continue;
                };
                let before = cost[at];
                // Left unpaired, a sentence begins a passage or goes on with one; the
                // cheaper of the two is kept for the cells after it even where another
                // bead wins here.
                if passages && (a == 0 || b == 0) {
                    let side = usize::from(a == 0);
                    let alone = fixed_cost(
                        scorer,
                        model,
                        window.layout,
                        z0 + i - a..z0 + i,
                        e0 + j - b..e0 + j,
                    );
                    let begins = before + alone;
                    let goes = unpaired[at][side] + alone.min(model.parallel_run_skip);
                    let c = begins.min(goes);
                    unpaired[here][side] = c;
                    goes_on[here][side] = goes < begins;
                    if c < best {
                        best = c;
                        best_shape = k as u8;
                    }
                    continue;
                }
                if before + floors[k] >= best {
                    continue;
                }
                let (zh, en) = (z0 + i - a..z0 + i, e0 + j - b..e0 + j);
                let commentary = match window.layout {
                    Layout::Interleaved {
                        english_before,
                        english_after,
                    } => {
                        (i == 0 && ends.first && english_before)
                            || (i == n && a == 0 && ends.last && english_after)
                    }
                    Layout::Parallel => false,
                };
                let c = if commentary {
                    before + model.lead_in_skip
                } else {
                    let fixed =
                        before + fixed_cost(scorer, model, window.layout, zh.clone(), en.clone());
                    let fixed = match a > 0 && b > 0 {
                        true => fixed + quote_mismatch,
                        false => fixed,
                    };
                    // The lexical part is the dear one; skip it when even its least
                    // possible value loses.
                    if a == 0 || b == 0 {
                        fixed
                    } else if a == 1 && b == 1 {
                        fixed + model.lexical * scorer.unexplained_bound(zh, en, pair)
                    } else if fixed
                        + model.lexical * scorer.unexplained_bound(zh.clone(), en.clone(), pair)
                        >= best
                    {
                        continue;
                    } else {
                        fixed + model.lexical * scorer.matching(zh, en, pair).unexplained
                    }
                };
                if c < best {
                    best = c;
                    best_shape = k as u8;
                }
            }
            cost[here] = best;
            back[here] = best_shape;
        }
    }
    let mut beads = Vec::new();
    let (mut i, mut j) = (n, m);
    // Inside a passage: the side whose sentences the next bead back leaves unpaired.
    let mut passage: Option<usize> = None;
    while i > 0 || j > 0 {
        let at = cell(i, j)?;
        let shape = match passage {
            Some(side) => UNPAIRED_SHAPES[side],
            None if back[at] == u8::MAX => return None,
            None => usize::from(back[at]),
        };
        let (a, b) = SHAPES[shape];
        passage = match passages && (a == 0 || b == 0) {
            true => {
                let side = usize::from(a == 0);
                goes_on[at][side].then_some(side)
            }
            false => None,
        };
        let (zh, en) = (z0 + i - a..z0 + i, e0 + j - b..e0 + j);
        let confidence = if a > 0 && b > 0 {
            pair_confidence(scorer, bag, zh.clone(), en.clone())
        } else {
            unpaired_confidence(scorer, bag, window, zh.clone(), en.clone())
        };
        beads.push(Bead::new(zh.collect(), en.collect(), confidence));
        i -= a;
        j -= b;
    }
    beads.reverse();
    Some(beads)
}

/// The part of a bead's cost that needs no word matching: skips, length, shape. Pairs
/// add, per sentence, what of it the other side leaves unexplained ([`Scorer::matching`]).
fn fixed_cost(
    scorer: &Scorer,
    model: &CostModel,
    layout: Layout,
    zh: Range<usize>,
    en: Range<usize>,
) -> f32 {
    let sentences = (zh.len() + en.len()) as f32;
    if en.is_empty() && zh.len() == 1 && scorer.is_repeat(zh.start) {
        return 0.0;
    }
    if zh.is_empty() || en.is_empty() {
        let skip = match layout {
            Layout::Interleaved { .. } => model.skip,
            Layout::Parallel => model.parallel_skip,
        };
        return skip * sentences;
    }
    let many_to_many = if zh.len() > 1 && en.len() > 1 {
        model.many_to_many
    } else {
        0.0
    };
    let paragraph_breaks = match layout {
        Layout::Interleaved { .. } => {
            model.paragraph_break * scorer.paragraph_breaks(zh.clone(), en.clone()) as f32
        }
        Layout::Parallel => 0.0,
    };
    model.length * scorer.length_cost(zh, en).min(model.length_cap)
        + model.merge * (sentences - 2.0).max(0.0)
        + many_to_many
        + paragraph_breaks
}

/// A 0..1 confidence that a sentence left unpaired has no translation: one minus the
/// best pair confidence it would have with a sentence of the other side next to the
/// place where the path leaves it out.
fn unpaired_confidence(
    scorer: &Scorer,
    bag: &mut DenseBag,
    window: &Window,
    zh: Range<usize>,
    en: Range<usize>,
) -> f64 {
    let around = |at: usize, side: &Range<usize>| {
        at.saturating_sub(1).max(side.start)..(at + 1).min(side.end)
    };
    let best = if en.is_empty() {
        around(en.start, &window.en)
            .map(|k| pair_confidence(scorer, bag, zh.clone(), k..k + 1))
            .fold(0.0, f64::max)
    } else {
        around(zh.start, &window.zh)
            .map(|k| pair_confidence(scorer, bag, k..k + 1, en.clone()))
            .fold(0.0, f64::max)
    };
    1.0 - best
}

/// A 0..1 confidence that the two sides of a pair translate each other: how much of
/// each the other explains, and how well their lengths agree.
fn pair_confidence(scorer: &Scorer, bag: &mut DenseBag, zh: Range<usize>, en: Range<usize>) -> f64 {
    let similarity = scorer
        .matching(zh.clone(), en.clone(), |i, j| bag.hits(scorer, i, j))
        .similarity() as f64;
    let length = scorer.length_cost(zh, en) as f64;
    let z = 8.0 * (similarity - 0.2) - 0.3 * length.min(6.0);
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentences::Sentence;
    use crate::span::{Lang, Span};

    fn lines(text: &str, lang: Lang) -> Vec<Sentence> {
        text.lines()
            .enumerate()
            .map(|(paragraph, line)| Sentence {
                lang,
                span: Span::new(0, line.len()),
                text: line.to_string(),
                paragraph,
            })
            .collect()
    }

    /// A scorer with quotation states read, and the one parallel window, for a
    /// two-document fixture (its Chinese and English texts).
    fn parallel(zh: &str, en: &str) -> (Scorer, Window) {
        let (zh, en) = (lines(zh, Lang::Chinese), lines(en, Lang::English));
        let mut scorer = Scorer::new(&zh, &en);
        scorer.read_quotes(&zh, &en);
        let window = Window {
            zh: 0..zh.len(),
            en: 0..en.len(),
            layout: Layout::Parallel,
        };
        (scorer, window)
    }

    #[test]
    fn a_long_sentence_takes_the_line_its_neighbour_was_handed() {
        let (scorer, window) = parallel(
            include_str!("../../tests/fixtures/long-verse/zh.txt"),
            include_str!("../../tests/fixtures/long-verse/en.txt"),
        );
        let model = CostModel::default();
        let mut bag = DenseBag::new(&scorer);
        // English 1 is five Chinese lines; the DP's 4-1 hands the fifth to English 2.
        let wrong = vec![
            Bead::new(vec![0], vec![0], 0.5),
            Bead::new(vec![1, 2, 3, 4], vec![1], 0.5),
            Bead::new(vec![5, 6], vec![2], 0.5),
        ];
        let filled: Vec<_> = fill_long_sentences(&scorer, &window, &model, wrong, &mut bag)
            .into_iter()
            .map(|b| (b.zh, b.en))
            .collect();
        assert_eq!(
            filled,
            [
                (vec![0], vec![0]),
                (vec![1, 2, 3, 4, 5], vec![1]),
                (vec![6], vec![2])
            ]
        );
    }

    #[test]
    fn a_run_of_long_sentences_is_cut_again_where_the_words_speak_for_it() {
        let (scorer, window) = parallel(
            include_str!("../../tests/fixtures/long-verse-run/zh.txt"),
            include_str!("../../tests/fixtures/long-verse-run/en.txt"),
        );
        let model = CostModel::default();
        let mut bag = DenseBag::new(&scorer);
        let beads = |path: &[(Vec<usize>, Vec<usize>)]| {
            path.iter()
                .map(|(zh, en)| Bead::new(zh.clone(), en.clone(), 0.5))
                .collect::<Vec<_>>()
        };
        let spans = |beads: Vec<Bead>| beads.into_iter().map(|b| (b.zh, b.en)).collect::<Vec<_>>();
        let mut recut = |path| {
            spans(recut_long_runs(
                &scorer,
                &window,
                &model,
                beads(path),
                &mut bag,
            ))
        };
        let right = [
            (vec![0], vec![0]),
            (vec![1, 2, 3, 4, 5], vec![1]),
            (vec![6, 7, 8, 9], vec![2]),
            (vec![10], vec![3]),
        ];
        // English 1 is five Chinese lines: the DP's 4-1 hands the fifth (the milking) to
        // English 2, which hands its last (the roof) to English 3. No move between two
        // pairs mends that (English 2 has four lines, not two).
        let wrong = [
            (vec![0], vec![0]),
            (vec![1, 2, 3, 4], vec![1]),
            (vec![5, 6, 7, 8], vec![2]),
            (vec![9, 10], vec![3]),
        ];
        let mut bag_for_fill = DenseBag::new(&scorer);
        let filled =
            fill_long_sentences(&scorer, &window, &model, beads(&wrong), &mut bag_for_fill);
        assert_ne!(spans(filled), right);
        assert_eq!(recut(&wrong), right);
        // A run that is right stays as it is.
        assert_eq!(recut(&right), right);
    }

    #[test]
    fn a_run_of_long_sentences_is_not_cut_again_on_length_alone() {
        let (scorer, window) = parallel(
            include_str!("../../tests/fixtures/long-verse-names/zh.txt"),
            include_str!("../../tests/fixtures/long-verse-names/en.txt"),
        );
        let model = CostModel::default();
        let mut bag = DenseBag::new(&scorer);
        // English 0 is far longer than its four lines, English 1 far shorter: the length
        // cost wants lines moved to English 0, but names nobody has learnt say nothing
        // of where they belong.
        let path = [(vec![0, 1, 2, 3], vec![0]), (vec![4, 5, 6, 7], vec![1])];
        let beads = path
            .iter()
            .map(|(zh, en)| Bead::new(zh.clone(), en.clone(), 0.5))
            .collect();
        let kept: Vec<_> = recut_long_runs(&scorer, &window, &model, beads, &mut bag)
            .into_iter()
            .map(|b| (b.zh, b.en))
            .collect();
        assert_eq!(kept, path);
    }

    #[test]
    fn a_sentence_moves_to_the_next_pair_where_that_lines_up_the_speech_turns() {
        let (mut scorer, window) = parallel(
            include_str!("../../tests/fixtures/speech-turns/zh.txt"),
            include_str!("../../tests/fixtures/speech-turns/en.txt"),
        );
        let model = CostModel::default();
        // Chinese 14 starts the old man's call; English starts it at 15, after the boy's
        // speech that English 14 ends. A path that splits the boy's speech at English 14:
        let wrong = || {
            vec![
                Bead::new(vec![12, 13], vec![12, 13], 0.5),
                Bead::new(vec![14], vec![14, 15], 0.5),
            ]
        };
        let moved = |scorer: &Scorer| {
            let mut bag = DenseBag::new(scorer);
            move_to_speech_turns(scorer, &window, &model, wrong(), &mut bag)
                .into_iter()
                .map(|b| (b.zh, b.en))
                .collect::<Vec<_>>()
        };
        // Before the document's quotation agreement is measured, turns say nothing.
        assert_eq!(
            moved(&scorer),
            [(vec![12, 13], vec![12, 13]), (vec![14], vec![14, 15])]
        );
        let path = (1..=12)
            .map(|k| (k, k))
            .chain([(14, 15), (15, 16), (16, 17)]);
        scorer.measure_quote_agreement(path);
        assert!(scorer.quotes_agree());
        assert_eq!(
            moved(&scorer),
            [(vec![12, 13], vec![12, 13, 14]), (vec![14], vec![15])]
        );
    }

    #[test]
    fn two_pairs_split_at_a_speech_are_joined_only_where_the_sides_keep_their_speech() {
        let (mut scorer, window) = parallel(
            include_str!("../../tests/fixtures/regrouped-speech/zh.txt"),
            include_str!("../../tests/fixtures/regrouped-speech/en.txt"),
        );
        let model = CostModel::default();
        // Chinese 5 opens a speech that Chinese 6 closes; English 6 closes it already.
        let split = || {
            vec![
                Bead::new(vec![5], vec![5, 6], 0.5),
                Bead::new(vec![6], vec![7], 0.5),
            ]
        };
        let join = |scorer: &Scorer| {
            let mut bag = DenseBag::new(scorer);
            join_split_speech(scorer, &window, &model, split(), &mut bag)
                .into_iter()
                .map(|b| (b.zh, b.en))
                .collect::<Vec<_>>()
        };
        // Before the document's quotation agreement is measured, quotes say nothing.
        assert_eq!(join(&scorer), [(vec![5], vec![5, 6]), (vec![6], vec![7])]);
        // On the path of the two pairs, the sides' speeches run over sentence ends alike
        // everywhere else (after Chinese 1 and 3, and 8): the boundary splits a speech.
        let path = [
            (1, 1),
            (2, 2),
            (3, 3),
            (4, 4),
            (5, 5),
            (6, 7),
            (7, 8),
            (8, 9),
            (9, 10),
        ];
        scorer.measure_quote_agreement(path.into_iter());
        assert!(scorer.quotes_agree());
        assert_eq!(join(&scorer), [(vec![5, 6], vec![5, 6, 7])]);
    }

    #[test]
    fn stretches_joined_by_one_bead_are_searched_as_one_run() {
        // Beads end at rows 10, 20, 24 (a 4-row bead), 30, 40.
        let at = [(0, 0), (10, 10), (20, 20), (24, 24), (30, 30), (40, 40)];
        // Two stretches with rows 21..23 between them: the 20→24 bead overlaps both.
        let runs = bead_runs(&at, &[12..21, 23..28]);
        assert_eq!(runs, vec![1..4]);
        // Far apart, they stay apart.
        assert_eq!(bead_runs(&at, &[2..8, 31..39]), vec![0..1, 4..5]);
    }
}
