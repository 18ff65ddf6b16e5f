//! The `duiqi` command line: a thin layer over the library.
//!
//! Exit codes: 0 success; 2 a usage or input error (missing, unreadable, empty or binary
//! file, undecodable text, impossible output path), with a message on stderr and no
//! output file left behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use duiqi::batch::{self, Aligned};
use duiqi::beads::Alignment;
use duiqi::beads::Sources;
use duiqi::output::{self, Format, WriteOptions};
use duiqi::pipeline::Options;
use duiqi::read::{self, Document};
use duiqi::{coverage, eval};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

#[derive(Parser)]
#[command(
    name = "duiqi",
    version,
    about = "对齐 duiqi: align Chinese text with its English translation into a translation memory"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Align one interleaved file, or a Chinese and an English file, into TMX, TSV, JSONL or sentence ids.
    #[command(after_help = ALIGN_EXAMPLES)]
    Align(AlignArgs),
    /// Check a translation: what is paired, what was left untranslated, which numbers and
    /// names do not match (terminal, JSON or a self-contained HTML report).
    #[command(after_help = COVERAGE_EXAMPLES)]
    Coverage(CoverageArgs),
    /// Score sentence alignments against gold: strict and lax precision, recall and F1.
    #[command(after_help = EVAL_EXAMPLES)]
    Eval(EvalArgs),
}

const COVERAGE_EXAMPLES: &str = "\
Examples:
  duiqi coverage data/peoples-daily-2025-06-19.txt
      Summary and findings on the terminal (colour on a TTY; NO_COLOR turns it off).
  duiqi coverage article.zh.txt article.en.txt --html report.html
      Also write a self-contained HTML report: both languages side by side, bead by bead.
  duiqi coverage page.txt --json --fail-under 90
      JSON for machines; exit 1 when under 90% of the Chinese characters are paired.";

#[derive(Args)]
struct CoverageArgs {
    /// One interleaved file, or a Chinese and an English file (either order). `-` reads
    /// standard input.
    #[arg(required = true, num_args = 1..=2, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Each input line is one sentence (needs two files).
    #[arg(long)]
    presplit: bool,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Also write a self-contained HTML report to this file.
    #[arg(long, value_name = "REPORT.html")]
    html: Option<PathBuf>,
    /// Exit with status 1 when less than PCT percent of the Chinese characters are paired.
    #[arg(long, value_name = "PCT")]
    fail_under: Option<f64>,
    /// The input files' encoding, as for `align` (utf-8, gb18030, gbk, big5, utf-16le, …).
    /// Default: detected. Findings' byte ranges are offsets into the files as they are.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
}

const EVAL_EXAMPLES: &str = "\
Examples:
  duiqi eval gold/001 test/001
      One gold file against one test file ([i,j]:[k] bead lines, as --format align writes).
  duiqi eval gold/ test/ --json
      Folders: files matched by name, counts summed over all of them; JSON out.
  duiqi eval bible/gold/001 bible.align --verses bible/en.verse bible/zh.verse
      Verse-level gold: consecutive test beads inside one verse are merged first.";

#[derive(Args)]
struct EvalArgs {
    /// Gold alignment: a file, or a folder of files.
    gold: PathBuf,
    /// Alignment to score: a file, or a folder with files of the same names as GOLD's.
    test: PathBuf,
    /// Verse labels of the source and target sentences, one per line, for verse-level gold.
    #[arg(long, num_args = 2, value_names = ["SOURCE_VERSES", "TARGET_VERSES"])]
    verses: Option<Vec<PathBuf>>,
    /// Print the figures as a JSON object.
    #[arg(long)]
    json: bool,
}

const ALIGN_EXAMPLES: &str = "\
Examples:
  duiqi align data/peoples-daily-2025-06-19.txt -o pd.tmx
      Interleaved newsletter (English, then its Chinese original) to a TMX memory.
  duiqi align article.zh.txt article.en.txt --format jsonl
      Two documents, in either order; JSONL beads with byte spans to stdout.
  duiqi align --presplit zh.txt en.txt --format align
      One sentence per line on both sides; Vecalign-style [i]:[j] sentence ids.
  cat page.txt | duiqi align - --format tsv --min-score 0.5
      Read standard input; keep only pairs scoring 0.5 or more.";

#[derive(Args)]
struct AlignArgs {
    /// One file with English and Chinese interleaved, or two files (one Chinese, one
    /// English, either order). `-` reads standard input. More files, or folders, make a
    /// batch (see --out-dir).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Batch: align every input file (folders are searched recursively; NAME.zh.EXT and
    /// NAME.en.EXT are one pair) into OUT_DIR, one output per input with the same relative
    /// name. Without it, a batch needs -o FILE.tmx (one merged, deduplicated memory) or
    /// FILE.jsonl (all beads, each with its document's "id").
    #[arg(long, value_name = "OUT_DIR")]
    out_dir: Option<PathBuf>,

    /// Treat even one or two inputs as a batch of separate documents.
    #[arg(long)]
    batch: bool,

    /// `text` (default): files as documents. `jsonl`: one document per line, from the
    /// files or standard input, `{"id": …, "text": …}` (interleaved) or `{"id": …, "zh": …,
    /// "en": …}`; writes bead JSONL carrying each document's id, in input order.
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "jsonl"])]
    input_format: String,

    /// Documents aligned in parallel (default: one per core).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,

    /// Write here instead of standard output. The format follows the extension
    /// (.tmx, .tsv, .jsonl, .align) unless --format is given. Written atomically: on any
    /// error no partial file is left.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,

    /// Output format: tmx (translation memory, pairs only), tsv (score, zh, en), jsonl
    /// (one bead a line with byte spans), align ([zh ids]:[en ids] lines). Default: from
    /// -o's extension, else tmx.
    #[arg(short, long, value_name = "FORMAT")]
    format: Option<Format>,

    /// Leave out pairs whose confidence (0..1) is below this. Unpaired sentences are kept
    /// in TSV and JSONL.
    #[arg(long, default_value_t = 0.0, value_name = "SCORE")]
    min_score: f64,

    /// Each input line is one sentence, taken as is (empty lines too), as in
    /// sentence-aligned corpora. Needs two files.
    #[arg(long)]
    presplit: bool,

    /// The input files' encoding: utf-8, gb18030, gbk, big5, utf-16le, utf-16be, or any
    /// other WHATWG label. Default: detected (UTF-8 with or without BOM, UTF-16 with BOM,
    /// GB18030 or Big5); give it when detection refuses a file.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,

    /// Print no notes on stderr (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Eval(_)) {
        // Aligning needs jieba's dictionary: load it while the input is read.
        std::thread::spawn(|| duiqi::tokens::Tokenizer::global().load_chinese());
    }
    let result = match cli.command {
        Command::Align(args) => run_align(&args),
        Command::Eval(args) => run_eval(&args),
        Command::Coverage(args) => run_coverage(&args),
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::BelowThreshold | Outcome::Failed) => ExitCode::from(1),
        Err(message) => {
            eprintln!("duiqi: {message}");
            ExitCode::from(2)
        }
    }
}

/// How a command that ran to the end ended: exit 0, or 1 for a `--fail-under` gate not
/// met or some documents of a batch failed.
enum Outcome {
    Done,
    BelowThreshold,
    Failed,
}

fn read_and_align(
    files: &[PathBuf],
    presplit: bool,
    encoding: Option<&'static read::Encoding>,
) -> Result<Aligned, String> {
    if presplit && files.len() != 2 {
        return Err(
            "--presplit needs two files: the Chinese and the English, one sentence per line".into(),
        );
    }
    let job = batch::Job {
        name: PathBuf::new(),
        inputs: files.to_vec(),
    };
    batch::align_job(
        &job,
        &Options {
            presplit,
            ..Options::default()
        },
        encoding,
    )
}

fn run_align(args: &AlignArgs) -> Result<Outcome, String> {
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_extension))
        .unwrap_or(Format::Tmx);
    let encoding = encoding_arg(args.encoding.as_deref())?;
    if let Some(n) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .map_err(|e| e.to_string())?;
    }
    if args.input_format == "jsonl" {
        return run_stream(args);
    }
    if args.files.is_empty() {
        return Err("no input: give a FILE (or - for standard input)".into());
    }
    let is_batch = args.batch
        || args.out_dir.is_some()
        || args.files.len() > 2
        || args.files.iter().any(|f| f.is_dir());
    if is_batch {
        return run_batch(args, format, encoding);
    }
    let Aligned {
        documents,
        alignment,
        zh_first,
    } = read_and_align(&args.files, args.presplit, encoding)?;
    if !args.quiet {
        report(&alignment, &documents);
    }
    let write_options = WriteOptions {
        min_score: args.min_score,
        zh_first,
        ..WriteOptions::default()
    };
    // JSONL spans are offsets into the files as they are on disk, whatever their encoding.
    let sources = Sources::of(&documents, zh_first);
    let body =
        |out: &mut dyn Write| output::write_for(out, &alignment, format, &write_options, sources);
    let dropped = match args.output.as_deref().filter(|p| *p != Path::new("-")) {
        None => {
            let mut out = std::io::stdout().lock();
            match body(&mut out).and_then(|dropped| out.flush().map(|_| dropped)) {
                Ok(dropped) => dropped,
                // Output piped into `head` and the like: stop quietly, as other tools do.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(Outcome::Done),
                Err(e) => return Err(format!("cannot write to standard output: {e}")),
            }
        }
        Some(path) => {
            let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
            duiqi::timing::stage("output", || {
                output::write_file_atomically(path, &inputs, body)
            })
            .map_err(|e| e.to_string())?
        }
    };
    if dropped > 0 {
        eprintln!("duiqi: warning: dropped {dropped} characters that XML 1.0 does not allow from the TMX output");
    }
    Ok(Outcome::Done)
}

/// Many documents: one output each under --out-dir, or one merged output (-o).
fn run_batch(
    args: &AlignArgs,
    format: Format,
    encoding: Option<&'static read::Encoding>,
) -> Result<Outcome, String> {
    let mut skipped = Vec::new();
    let jobs = batch::discover(&args.files, &mut skipped)
        .map_err(|e| format!("cannot list the inputs: {e}"))?;
    if !args.quiet {
        for reason in &skipped {
            eprintln!("duiqi: note: skipped {reason}");
        }
    }
    if jobs.is_empty() {
        return Err("no documents found in the inputs given (hidden files are skipped)".into());
    }
    let merged = match (&args.out_dir, args.output.as_deref()) {
        (Some(_), Some(_)) => return Err(
            "give either --out-dir (one output per document) or -o (one merged output), not both"
                .into(),
        ),
        (Some(_), None) => None,
        (None, Some(path)) if matches!(format, Format::Tmx | Format::Jsonl) => Some(path),
        (None, _) => {
            return Err(
                "a batch needs --out-dir DIR, or -o FILE.tmx / FILE.jsonl for one merged output"
                    .into(),
            );
        }
    };
    let options = Options {
        presplit: args.presplit,
        ..Options::default()
    };
    let total_bytes: u64 = jobs
        .iter()
        .flat_map(|j| &j.inputs)
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let progress = progress_bar(total_bytes, args.quiet);
    let write_options = |zh_first, id: Option<serde_json::Value>| WriteOptions {
        min_score: args.min_score,
        zh_first,
        document_id: id,
        ..WriteOptions::default()
    };
    // Jobs are aligned (and, with --out-dir, written) in parallel a chunk at a time; each
    // chunk's results are handed to `sink` in job order, then dropped, so memory does not
    // grow with the number of documents.
    let mut failed = 0;
    let mut run =
        |sink: &mut dyn FnMut(&batch::Job, Aligned) -> std::io::Result<()>| -> std::io::Result<()> {
            for chunk in jobs.chunks(BATCH_CHUNK) {
                let results: Vec<Result<Option<Aligned>, String>> = chunk
                    .par_iter()
                    .map(|job| {
                        let result = batch::align_job(job, &options, encoding).and_then(
                            |aligned| match &args.out_dir {
                                Some(dir) => {
                                    let path = dir.join(&job.name).with_extension(format.name());
                                    if let Some(parent) = path.parent() {
                                        std::fs::create_dir_all(parent).map_err(|e| {
                                            format!("cannot create {}: {e}", parent.display())
                                        })?;
                                    }
                                    let inputs: Vec<&Path> =
                                        job.inputs.iter().map(PathBuf::as_path).collect();
                                    let opts = write_options(aligned.zh_first, None);
                                    output::write_file_atomically(&path, &inputs, |out| {
                                        output::write_for(
                                            out,
                                            &aligned.alignment,
                                            format,
                                            &opts,
                                            aligned.sources(),
                                        )
                                    })
                                    .map_err(|e| e.to_string())?;
                                    Ok(None)
                                }
                                None => Ok(Some(aligned)),
                            },
                        );
                        progress.inc(
                            job.inputs
                                .iter()
                                .filter_map(|p| std::fs::metadata(p).ok())
                                .map(|m| m.len())
                                .sum(),
                        );
                        result
                    })
                    .collect();
                for (job, result) in chunk.iter().zip(results) {
                    match result {
                        Err(reason) => {
                            failed += 1;
                            progress
                                .suspend(|| eprintln!("duiqi: {}: {reason}", job.name.display()));
                        }
                        Ok(Some(aligned)) => sink(job, aligned)?,
                        Ok(None) => {}
                    }
                }
            }
            Ok(())
        };
    let mut corpus = batch::Corpus::default();
    match merged {
        None => run(&mut |_, _| Ok(())).map_err(|e| e.to_string())?,
        Some(path) if format == Format::Tmx => {
            run(&mut |_, aligned| {
                corpus.add(&aligned.alignment, args.min_score);
                Ok(())
            })
            .map_err(|e| e.to_string())?;
            let units = corpus.units.iter().map(|u| output::tmx::Unit {
                zh: u.zh.as_str().into(),
                en: u.en.as_str().into(),
                score: u.score,
                count: Some(u.count),
            });
            write_merged(path, &jobs, |out| {
                output::tmx::write_units(out, units, env!("CARGO_PKG_VERSION")).map(|_| ())
            })?;
        }
        Some(path) => write_merged(path, &jobs, |out| {
            run(&mut |job, aligned| {
                let id = serde_json::Value::String(batch::document_id(&job.name));
                let opts = write_options(aligned.zh_first, Some(id));
                output::write_for(
                    &mut *out,
                    &aligned.alignment,
                    format,
                    &opts,
                    aligned.sources(),
                )
                .map(|_| ())
            })
        })?,
    }
    progress.finish_and_clear();
    if !args.quiet {
        let units = if merged.is_some() && format == Format::Tmx {
            format!(", {} distinct translation units", corpus.units.len())
        } else {
            String::new()
        };
        eprintln!(
            "duiqi: {} of {} documents aligned{units}",
            jobs.len() - failed,
            jobs.len()
        );
    }
    if failed > 0 {
        eprintln!(
            "duiqi: {failed} of {} documents failed (see above); the others were written",
            jobs.len()
        );
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::Done)
}

/// Documents a batch aligns in parallel before handing their results on.
const BATCH_CHUNK: usize = 64;

/// Writes a batch's merged output to `path` (atomically) or, for `-`, standard output.
fn write_merged(
    path: &Path,
    jobs: &[batch::Job],
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        return body(&mut out)
            .and_then(|_| out.flush())
            .map_err(|e| format!("cannot write to standard output: {e}"));
    }
    let inputs: Vec<&Path> = jobs
        .iter()
        .flat_map(|j| &j.inputs)
        .map(PathBuf::as_path)
        .collect();
    output::write_file_atomically(path, &inputs, body).map_err(|e| e.to_string())
}

/// `--input-format jsonl`: documents one per line, beads out as JSONL in input order.
fn run_stream(args: &AlignArgs) -> Result<Outcome, String> {
    use std::io::BufRead;
    let options = Options {
        presplit: args.presplit,
        ..Options::default()
    };
    let readers: Vec<(String, Box<dyn BufRead>)> =
        if args.files.is_empty() || args.files == [PathBuf::from("-")] {
            vec![("<stdin>".to_string(), Box::new(std::io::stdin().lock()))]
        } else {
            args.files
                .iter()
                .map(|p| {
                    let file = std::fs::File::open(p)
                        .map_err(|e| format!("cannot open {}: {e}", p.display()))?;
                    Ok((
                        p.display().to_string(),
                        Box::new(std::io::BufReader::new(file)) as Box<dyn BufRead>,
                    ))
                })
                .collect::<Result<_, String>>()?
        };
    let mut out: Box<dyn Write> = match args.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| format!("cannot create {}: {e}", path.display()))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    // Lines are aligned a chunk at a time, in parallel, and written in input order, so
    // memory stays bounded however long the stream is.
    const CHUNK: usize = 256;
    let (mut failed, mut total) = (0usize, 0usize);
    for (name, reader) in readers {
        let mut lines = reader.lines().enumerate().peekable();
        while lines.peek().is_some() {
            let chunk: Vec<(usize, std::io::Result<String>)> = lines.by_ref().take(CHUNK).collect();
            let results: Vec<Result<Vec<u8>, String>> = chunk
                .par_iter()
                .map(|(n, line)| {
                    let line = line
                        .as_ref()
                        .map_err(|e| format!("{name}:{}: {e}", n + 1))?;
                    if line.trim().is_empty() {
                        return Ok(Vec::new());
                    }
                    let (id, documents) = batch::read_jsonl_document(line)
                        .map_err(|e| format!("{name}:{}: {e}", n + 1))?;
                    let aligned = batch::align_documents(documents, &options)
                        .map_err(|e| format!("{name}:{}: {e}", n + 1))?;
                    let opts = WriteOptions {
                        min_score: args.min_score,
                        zh_first: aligned.zh_first,
                        document_id: Some(id),
                        ..WriteOptions::default()
                    };
                    let mut bytes = Vec::new();
                    output::write(&mut bytes, &aligned.alignment, Format::Jsonl, &opts)
                        .map_err(|e| e.to_string())?;
                    Ok(bytes)
                })
                .collect();
            for result in results {
                total += 1;
                match result {
                    Ok(bytes) => out
                        .write_all(&bytes)
                        .map_err(|e| format!("cannot write the output: {e}"))?,
                    Err(reason) => {
                        failed += 1;
                        eprintln!("duiqi: {reason}");
                    }
                }
            }
        }
    }
    out.flush()
        .map_err(|e| format!("cannot write the output: {e}"))?;
    if failed > 0 {
        eprintln!(
            "duiqi: {failed} of {total} documents failed (see above); the others were written"
        );
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::Done)
}

/// A progress bar on stderr when it is a terminal (documents' bytes, rate, ETA).
fn progress_bar(total_bytes: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total_bytes);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}")
    {
        bar.set_style(style);
    }
    bar
}

/// The encoding `--encoding` names, if given.
fn encoding_arg(label: Option<&str>) -> Result<Option<&'static read::Encoding>, String> {
    label
        .map(read::encoding_for_label)
        .transpose()
        .map_err(|e| e.to_string())
}

fn run_coverage(args: &CoverageArgs) -> Result<Outcome, String> {
    let encoding = encoding_arg(args.encoding.as_deref())?;
    let Aligned {
        documents,
        alignment,
        zh_first,
    } = read_and_align(&args.files, args.presplit, encoding)?;
    let report = coverage::check(&alignment, Sources::of(&documents, zh_first));
    let title: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
    let title = title.join(" + ");
    if let Some(path) = &args.html {
        let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
        output::write_file_atomically(path, &inputs, |out| {
            coverage::html::write_html(out, &report, &alignment, &title)
        })
        .map_err(|e| e.to_string())?;
    }
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &report)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        let color = std::io::IsTerminal::is_terminal(&out)
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        coverage::terminal::write_report(&mut out, &report, &title, color)
    };
    match written.and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(format!("cannot write to standard output: {e}"))
        }
        _ => {}
    }
    match args.fail_under {
        Some(threshold) if report.summary.zh.percent_paired < threshold => {
            eprintln!(
                "duiqi: {:.1}% of the Chinese is paired, under --fail-under {threshold}",
                report.summary.zh.percent_paired
            );
            Ok(Outcome::BelowThreshold)
        }
        _ => Ok(Outcome::Done),
    }
}

fn run_eval(args: &EvalArgs) -> Result<Outcome, String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let beads = |path: &Path| {
        eval::parse_beads(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))
    };
    let files: Vec<(PathBuf, PathBuf)> = if args.gold.is_dir() {
        let mut names: Vec<_> = std::fs::read_dir(&args.gold)
            .map_err(|e| format!("cannot read folder {}: {e}", args.gold.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.file_name()))
            .filter(|name| !name.to_string_lossy().starts_with('.'))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|name| (args.gold.join(&name), args.test.join(&name)))
            .collect()
    } else {
        vec![(args.gold.clone(), args.test.clone())]
    };
    let verses = match &args.verses {
        Some(paths) => {
            let lines = |p: &PathBuf| {
                read(p).map(|t| t.lines().map(|l| l.trim().to_string()).collect::<Vec<_>>())
            };
            Some((lines(&paths[0])?, lines(&paths[1])?))
        }
        None => None,
    };
    let mut scored = Vec::with_capacity(files.len());
    for (gold, test) in &files {
        // A test file missing from a folder counts as aligning nothing, as alignscore.py does.
        let mut test_beads = if test.exists() {
            beads(test)?
        } else {
            Vec::new()
        };
        if let Some((source, target)) = &verses {
            test_beads = eval::merge_by_verse(&test_beads, source, target)
                .map_err(|e| format!("{}: {e}", test.display()))?;
        }
        scored.push((beads(gold)?, test_beads));
    }
    let scores = eval::score(&scored);
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&scores).expect("scores serialise")
        );
    } else {
        println!("{scores}");
    }
    Ok(Outcome::Done)
}

/// Notes for the user on stderr: what was found, and what could not be aligned.
fn report(alignment: &Alignment, documents: &[Document]) {
    let names: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
    let names = names.join(" + ");
    for doc in documents
        .iter()
        .filter(|d| d.encoding != encoding_rs::UTF_8)
    {
        eprintln!("duiqi: note: read {} as {}", doc.name, doc.encoding.name());
    }
    if alignment.zh.is_empty() {
        eprintln!(
            "duiqi: note: no Chinese text found in {names}; every sentence is reported as unpaired"
        );
    }
    if alignment.en.is_empty() {
        eprintln!("duiqi: note: no English text found in {names}");
    }
    let pairs = alignment.beads.iter().filter(|b| b.is_pair()).count();
    let zh_paired = alignment
        .beads
        .iter()
        .filter(|b| b.is_pair())
        .map(|b| b.zh.len())
        .sum::<usize>();
    let en_paired = alignment
        .beads
        .iter()
        .filter(|b| b.is_pair())
        .map(|b| b.en.len())
        .sum::<usize>();
    eprintln!(
        "duiqi: {names}: {pairs} pairs; {zh_paired}/{} Chinese and {en_paired}/{} English sentences paired; {} sentences in other languages",
        alignment.zh.len(),
        alignment.en.len(),
        alignment.other.len()
    );
}
