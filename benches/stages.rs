//! Per-stage benchmarks on the sample newsletter: `cargo bench`.
//!
//! English splitter, Chinese splitter with jieba, building the scorer, and the two-pass
//! DP, each on the whole sample (45 KB, 148 English and 91 Chinese sentences).

use criterion::{criterion_group, criterion_main, Criterion};

use duiqi::align::{align, CostModel, Layout, Window};
use duiqi::read::Document;
use duiqi::runs::language_runs;
use duiqi::score::Scorer;
use duiqi::sentences::{chinese::split_chinese, english::split_english, split_run};
use duiqi::span::Lang;
use duiqi::tokens::Tokenizer;

fn stages(c: &mut Criterion) {
    let doc = Document::read(std::path::Path::new("data/peoples-daily-2025-06-19.txt")).unwrap();
    let runs = language_runs(&doc);
    let of = |lang: Lang| runs.iter().filter(|r| r.lang == lang).collect::<Vec<_>>();
    let (zh_runs, en_runs) = (of(Lang::Chinese), of(Lang::English));
    let tokenizer = Tokenizer::global();

    c.bench_function("english splitter", |b| {
        b.iter(|| {
            en_runs
                .iter()
                .map(|r| split_english(&doc.text, r.span).len())
                .sum::<usize>()
        })
    });
    c.bench_function("chinese splitter + jieba", |b| {
        b.iter(|| {
            zh_runs
                .iter()
                .flat_map(|r| split_chinese(&doc.text, r.span))
                .map(|s| tokenizer.chinese_words(s.slice(&doc.text)).len())
                .sum::<usize>()
        })
    });

    let sentences = |wanted: Lang| {
        runs.iter()
            .filter(|r| r.lang == wanted)
            .flat_map(|r| split_run(&doc, r))
            .collect::<Vec<_>>()
    };
    let (zh, en) = (sentences(Lang::Chinese), sentences(Lang::English));
    c.bench_function("scorer", |b| b.iter(|| Scorer::new(&zh, &en)));

    let windows = [Window {
        zh: 0..zh.len(),
        en: 0..en.len(),
        layout: Layout::Parallel,
    }];
    c.bench_function("dp (two passes)", |b| {
        b.iter_batched(
            || Scorer::new(&zh, &en),
            |mut scorer| align(&mut scorer, &windows, &CostModel::default()),
            criterion::BatchSize::LargeInput,
        )
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
