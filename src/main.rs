//! The `duiqi` command line: a thin layer over the library.
//!
//! Exit codes: 0 success; 1 some documents of a batch failed, or `--fail-under` not met;
//! 2 a usage or input error (missing, unreadable, empty or binary file, undecodable text,
//! impossible output path) or a failed write (standard output included), with a message
//! on stderr and no output file left behind; 130 interrupted (SIGINT/SIGTERM), after the
//! temporary output files were removed. A closed pipe (`| head`) ends the run with 0.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use duiqi::batch::{self, Aligned};
use duiqi::beads::Alignment;
use duiqi::beads::Sources;
use duiqi::output::{self, Format, WriteOptions};
use duiqi::pipeline::{LayoutChoice, Options};
use duiqi::read::{self, Document};
use duiqi::{coverage, eval};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

#[derive(Parser)]
#[command(
    name = "duiqi",
    version,
    about = "对齐 duiqi: align Chinese text with its English translation into a translation memory",
    after_help = EXIT_CODES
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

/// The exit codes, as every `--help` lists them (kept in step with the README).
macro_rules! exit_codes {
    () => {
        "\
Exit codes:
  0  success
  1  some documents of a batch failed (the others were written), or coverage --fail-under was not met
  2  a usage or input error (bad argument, missing/unreadable/empty/binary file, undecodable text,
     impossible output path): nothing is written"
    };
}
const EXIT_CODES: &str = exit_codes!();

const COVERAGE_EXAMPLES: &str = concat!(
    "\
Examples:
  duiqi coverage data/peoples-daily-2025-06-19.txt
      Summary and findings on the terminal (colour on a TTY; NO_COLOR turns it off).
  duiqi coverage article.zh.txt article.en.txt --html report.html
      Also write a self-contained HTML report: both languages side by side, bead by bead.
  duiqi coverage page.txt --json --fail-under 90
      JSON for machines; exit 1 when under 90% of the Chinese characters are paired.",
    "\n\n",
    exit_codes!()
);

#[derive(Args)]
struct CoverageArgs {
    /// One interleaved file, or a Chinese and an English file (either order). `-` reads
    /// standard input.
    #[arg(required = true, num_args = 1..=2, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Each input line is one sentence (needs two files).
    #[arg(long)]
    presplit: bool,
    /// Interleaved text: which way translations run. `auto` (default) decides from the
    /// text, between every two Chinese blocks; `en-first`: each Chinese block translates
    /// the English before it; `zh-first`: each is followed by its English.
    #[arg(long, value_name = "LAYOUT", default_value = "auto", value_parser = ["auto", "en-first", "zh-first"])]
    layout: String,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Also write a self-contained HTML report to this file.
    #[arg(long, value_name = "REPORT.html")]
    html: Option<PathBuf>,
    /// Exit with status 1 when less than PCT percent of the Chinese characters are paired.
    #[arg(long, value_name = "PCT", value_parser = percent)]
    fail_under: Option<f64>,
    /// The input files' encoding, as for `align` (utf-8, gb18030, gbk, big5, utf-16le, …).
    /// Default: detected. Findings' byte ranges are offsets into the files as they are.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,
}

const EVAL_EXAMPLES: &str = concat!(
    "\
Examples:
  duiqi eval gold/001 test/001
      One gold file against one test file ([i,j]:[k] bead lines, as --format align writes).
  duiqi eval gold/ test/ --json
      Folders: files matched by name, counts summed over all of them; JSON out.
  duiqi eval bible/gold/001 bible.align --verses bible/en.verse bible/zh.verse
      Verse-level gold: consecutive test beads inside one verse are merged first.",
    "\n\n",
    exit_codes!()
);

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

const ALIGN_EXAMPLES: &str = concat!(
    "\
Examples:
  duiqi align data/peoples-daily-2025-06-19.txt -o pd.tmx
      Interleaved newsletter (English, then its Chinese original) to a TMX memory.
  duiqi align article.zh.txt article.en.txt --format jsonl
      Two documents, in either order; JSONL beads with byte spans to stdout.
  duiqi align --presplit zh.txt en.txt --format align
      One sentence per line on both sides; Vecalign-style [i]:[j] sentence ids.
  cat page.txt | duiqi align - --format tsv --min-score 0.5
      Read standard input; keep only pairs scoring 0.5 or more.",
    "\n\n",
    exit_codes!()
);

#[derive(Args)]
struct AlignArgs {
    /// One file with English and Chinese interleaved, or two files (one Chinese, one
    /// English, either order). `-` reads standard input. More files, or folders, make a
    /// batch (see --out-dir).
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Batch: align every input file (folders are searched recursively; NAME.zh.EXT and
    /// NAME.en.EXT in one folder are one pair; a half without its partner is aligned alone,
    /// with a note) into OUT_DIR, one output per input with the same relative name (a.txt
    /// and a.md: a.txt.tmx, a.md.tmx; one name twice is refused). Existing files are kept
    /// unless --force. Without it, a batch needs -o FILE.tmx (one merged, deduplicated
    /// memory) or FILE.jsonl (all beads, each with its document's "id").
    #[arg(long, value_name = "OUT_DIR")]
    out_dir: Option<PathBuf>,

    /// With --out-dir: replace output files that already exist (without it a batch refuses,
    /// before aligning anything, to overwrite files it did not write in this run).
    #[arg(long)]
    force: bool,

    /// Treat even one or two inputs as a batch of separate documents.
    #[arg(long)]
    batch: bool,

    /// `text` (default): files as documents. `jsonl`: one document per line, from the
    /// files or standard input, `{"id": …, "text": …}` (interleaved) or `{"id": …, "zh": …,
    /// "en": …}`; writes bead JSONL carrying each document's id, in input order (only
    /// JSONL: other formats and --out-dir are refused). Blank lines are skipped.
    #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "jsonl"])]
    input_format: String,

    /// Documents aligned in parallel (default: one per core).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS))]
    jobs: Option<u16>,

    /// Write here instead of standard output. The format follows the extension
    /// (.tmx, .tsv, .jsonl, .align) unless --format is given. Checked before any input is
    /// read (the folder must exist). Written atomically: on any error or interrupt no
    /// partial file is left; a symlink's target is written, a device or FIFO directly.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,

    /// Output format: tmx (translation memory, pairs only), tsv (score, zh, en), jsonl
    /// (one bead a line with byte spans), align (`[ids]:[ids]` lines, the first input
    /// file's sentence ids on the left, every bead: --min-score does not apply). Default:
    /// from -o's extension, else tmx.
    #[arg(short, long, value_name = "FORMAT")]
    format: Option<Format>,

    /// Leave out pairs whose score is below this: the estimated probability (0..1) that
    /// the pair is exactly right (0.9 keeps a memory about 95% right on dev data).
    /// Unpaired sentences are kept in TSV and JSONL.
    #[arg(long, default_value_t = 0.0, value_name = "SCORE", value_parser = unit_interval)]
    min_score: f64,

    /// Each input line is one sentence, taken as is (empty lines too), as in
    /// sentence-aligned corpora. Needs two files.
    #[arg(long)]
    presplit: bool,

    /// Interleaved text: which way translations run. `auto` (default) decides from the
    /// text, between every two Chinese blocks; `en-first`: each Chinese block translates
    /// the English before it; `zh-first`: each is followed by its English.
    #[arg(long, value_name = "LAYOUT", default_value = "auto", value_parser = ["auto", "en-first", "zh-first"])]
    layout: String,

    /// The input files' encoding: utf-8, gb18030, gbk, big5, utf-16le, utf-16be, or any
    /// other WHATWG label. Default: detected (UTF-8 with or without BOM, UTF-16 with BOM,
    /// GB18030 or Big5); give it when detection refuses a file.
    #[arg(long, value_name = "NAME")]
    encoding: Option<String>,

    /// Print no notes on stderr (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
}

/// The most threads `-j` may ask for: far more than any machine's cores, few enough that
/// starting them is instant.
const MAX_JOBS: i64 = 1024;

/// A `--min-score`: a number in 0..=1.
fn unit_interval(text: &str) -> Result<f64, String> {
    bounded(text, 1.0)
}

/// A `--fail-under` percentage: a number in 0..=100.
fn percent(text: &str) -> Result<f64, String> {
    bounded(text, 100.0)
}

fn bounded(text: &str, max: f64) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if (0.0..=max).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from 0 to {max}")),
    }
}

fn main() -> ExitCode {
    // A signal ends the process without running destructors: remove the temporary output
    // files first, so an interrupted run leaves no `.duiqi-*.tmp` behind.
    let _ = ctrlc::set_handler(|| output::remove_temp_files_and_exit(130));
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

/// Set when the process started with standard output closed (`duiqi align s.txt >&-`).
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Notes whether file descriptor 1 is closed. It has to run before Rust's runtime starts:
/// that puts `/dev/null` on a closed standard descriptor, after which the output would be
/// lost without an error. So it is a constructor in `.init_array`, which the loader runs
/// before `main` and the runtime's setup (Linux; elsewhere the runtime's /dev/null stays).
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static NOTE_CLOSED_STDOUT: extern "C" fn() = {
    extern "C" fn note_closed_stdout() {
        // SAFETY: fcntl(F_GETFD) only asks whether the descriptor is open.
        if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
            STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    note_closed_stdout
};

/// Standard output, or an error when it is closed.
fn stdout() -> Result<std::io::StdoutLock<'static>, String> {
    if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(
            "standard output is closed; redirect it to a file or give -o FILE to write the output"
                .into(),
        );
    }
    Ok(std::io::stdout().lock())
}

/// The end of writing to standard output: `Ok(None)` when the reader went away (output
/// piped into `head` and the like: stop quietly, as other tools do), an error message for
/// any other failure.
fn stdout_written<T>(result: std::io::Result<T>) -> Result<Option<T>, String> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(None),
        Err(e) => Err(format!("cannot write to standard output: {e}")),
    }
}

/// How a command that ran to the end ended: exit 0, or 1 for a `--fail-under` gate not
/// met or some documents of a batch failed.
enum Outcome {
    Done,
    BelowThreshold,
    Failed,
}

/// Alignment options from the command line (`layout` as clap checked it).
fn options(presplit: bool, layout: &str) -> Options {
    Options {
        presplit,
        layout: match layout {
            "en-first" => LayoutChoice::EnglishFirst,
            "zh-first" => LayoutChoice::ChineseFirst,
            _ => LayoutChoice::Auto,
        },
        ..Options::default()
    }
}

fn read_and_align(
    files: &[PathBuf],
    options: &Options,
    encoding: Option<&'static read::Encoding>,
) -> Result<Aligned, String> {
    if options.presplit && files.len() != 2 {
        return Err(
            "--presplit needs two files: the Chinese and the English, one sentence per line".into(),
        );
    }
    let job = batch::Job {
        name: PathBuf::new(),
        inputs: files.to_vec(),
    };
    batch::align_job(&job, options, encoding)
}

/// The output path given with -o, unless it is `-` (standard output).
fn output_path(args: &AlignArgs) -> Option<&Path> {
    args.output.as_deref().filter(|p| *p != Path::new("-"))
}

/// The output format (--format, else -o's extension, else TMX; JSONL for a JSONL stream),
/// and -o checked: its folder
/// exists, it is not a directory, its extension says the format unless --format does.
/// Done before any input is read, so a mistake costs no time.
fn output_format(args: &AlignArgs) -> Result<Format, String> {
    if output_path(args).is_none() && args.out_dir.is_none() {
        drop(stdout()?);
    }
    if let Some(path) = output_path(args) {
        let target = output::check_output_path(path).map_err(|e| e.to_string())?;
        // A device or FIFO (/dev/stdout, a named pipe) has no extension to tell the format:
        // it gets the default, as standard output does.
        let device = matches!(target, output::Target::Direct(_));
        if args.format.is_none() && !device && Format::from_extension(path).is_none() {
            return Err(format!(
                "cannot tell the output format from the name {}; end it in .tmx, .tsv, .jsonl \
                 or .align, or give --format",
                path.display()
            ));
        }
    }
    Ok(args
        .format
        .or_else(|| output_path(args).and_then(Format::from_extension))
        .unwrap_or(if args.input_format == "jsonl" {
            Format::Jsonl
        } else {
            Format::Tmx
        }))
}

fn run_align(args: &AlignArgs) -> Result<Outcome, String> {
    let format = output_format(args)?;
    let encoding = encoding_arg(args.encoding.as_deref())?;
    if let Some(n) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .map_err(|e| e.to_string())?;
    }
    if args.input_format == "jsonl" {
        return run_stream(args, format);
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
    } = read_and_align(&args.files, &options(args.presplit, &args.layout), encoding)?;
    // `--format align` lists every bead (scorers compare it with gold sentence by sentence).
    let min_score = if format == Format::Align {
        if args.min_score > 0.0 && !args.quiet {
            eprintln!("duiqi: note: --format align writes every bead; --min-score is ignored");
        }
        0.0
    } else {
        args.min_score
    };
    let write_options = WriteOptions {
        min_score: args.min_score,
        zh_first,
        ..WriteOptions::default()
    };
    // JSONL spans are offsets into the files as they are on disk, whatever their encoding.
    let sources = Sources::of(&documents, zh_first);
    let body =
        |out: &mut dyn Write| output::write_for(out, &alignment, format, &write_options, sources);
    let dropped = match output_path(args) {
        None => {
            let mut out = stdout()?;
            match stdout_written(body(&mut out).and_then(|dropped| out.flush().map(|_| dropped)))? {
                Some(dropped) => dropped,
                None => return Ok(Outcome::Done),
            }
        }
        Some(path) => {
            let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
            output::write_file_atomically(path, &inputs, body).map_err(|e| e.to_string())?
        }
    };
    // Only now: a summary printed before an output error would tell of work that was lost.
    if !args.quiet {
        report(
            &alignment,
            &documents,
            Sources::of(&documents, zh_first),
            min_score,
        );
    }
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
    if !args.quiet {
        for (file, partner) in batch::unpaired(&jobs) {
            eprintln!(
                "duiqi: note: {} has no partner {} in its folder; aligned alone, as an \
                 interleaved document",
                file.display(),
                partner.display()
            );
        }
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
    // Every output path is decided and checked before anything is aligned.
    let out_paths = match &args.out_dir {
        Some(dir) => check_out_dir(&jobs, dir, format, args.force)?,
        None => {
            if merged.is_some() && format == Format::Jsonl {
                batch::check_distinct_names(&jobs)?;
            }
            Vec::new()
        }
    };
    let all_inputs: Vec<&Path> = jobs
        .iter()
        .flat_map(|j| &j.inputs)
        .map(PathBuf::as_path)
        .collect();
    let options = options(args.presplit, &args.layout);
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
    // Outputs that could not be written: a write error makes the run's status 2, not the
    // 1 of documents that could not be aligned.
    let write_failures = std::sync::atomic::AtomicUsize::new(0);
    use std::sync::atomic::Ordering;
    let mut run =
        |sink: &mut dyn FnMut(&batch::Job, Aligned) -> std::io::Result<()>| -> std::io::Result<()> {
            for (chunk_at, chunk) in jobs.chunks(BATCH_CHUNK).enumerate() {
                let results: Vec<Result<Option<Aligned>, String>> = chunk
                    .par_iter()
                    .enumerate()
                    .map(|(in_chunk, job)| {
                        let result = batch::align_job(job, &options, encoding).and_then(
                            |aligned| match &args.out_dir {
                                Some(_) => {
                                    let path = &out_paths[chunk_at * BATCH_CHUNK + in_chunk];
                                    if let Some(parent) = path.parent() {
                                        std::fs::create_dir_all(parent).map_err(|e| {
                                            write_failures.fetch_add(1, Ordering::Relaxed);
                                            format!("cannot create {}: {e}", parent.display())
                                        })?;
                                    }
                                    let opts = write_options(aligned.zh_first, None);
                                    // Never replaces a file this run did not write unless
                                    // --force (checked again at the rename).
                                    output::write_output(path, &all_inputs, args.force, |out| {
                                        output::write_for(
                                            out,
                                            &aligned.alignment,
                                            format,
                                            &opts,
                                            aligned.sources(),
                                        )
                                    })
                                    .map_err(|e| {
                                        write_failures.fetch_add(1, Ordering::Relaxed);
                                        e.to_string()
                                    })?;
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
    let write_failures = write_failures.into_inner();
    if write_failures > 0 {
        return Err(format!(
            "{write_failures} of {} outputs could not be written (see above)",
            jobs.len()
        ));
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

/// `--out-dir`: one distinct output path per job, none of them an input of the batch and,
/// without `--force`, none an existing file (this run writes each path once, so an
/// existing file is one it did not write). All checked before anything is aligned.
fn check_out_dir(
    jobs: &[batch::Job],
    dir: &Path,
    format: Format,
    force: bool,
) -> Result<Vec<PathBuf>, String> {
    let paths = batch::output_paths(jobs, dir, format.name())?;
    for path in &paths {
        if let Some(input) = jobs
            .iter()
            .flat_map(|j| &j.inputs)
            .find(|input| output::same_file(path, input))
        {
            return Err(format!(
                "the output {} would replace the input {}; choose an --out-dir outside the \
                 input folders",
                path.display(),
                input.display()
            ));
        }
    }
    if !force {
        let existing: Vec<&PathBuf> = paths
            .iter()
            .filter(|p| std::fs::symlink_metadata(p).is_ok())
            .collect();
        if let Some(first) = existing.first() {
            return Err(format!(
                "{} of the outputs already exist (e.g. {}) and were not written by this run; \
                 nothing was aligned or changed. Give --force to replace them, or choose an \
                 empty --out-dir",
                existing.len(),
                first.display()
            ));
        }
    }
    Ok(paths)
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
        let mut out = stdout()?;
        return stdout_written(body(&mut out).and_then(|_| out.flush())).map(|_| ());
    }
    let inputs: Vec<&Path> = jobs
        .iter()
        .flat_map(|j| &j.inputs)
        .map(PathBuf::as_path)
        .collect();
    output::write_file_atomically(path, &inputs, body).map_err(|e| e.to_string())
}

/// `--input-format jsonl`: documents one per line, beads out as JSONL in input order.
/// With -o the output is written atomically (nothing at the path until the run succeeded;
/// a run in which every document failed leaves an existing file unchanged), and an -o
/// that names an input is refused before anything is read.
fn run_stream(args: &AlignArgs, format: Format) -> Result<Outcome, String> {
    use std::io::BufRead;
    if format != Format::Jsonl {
        return Err(format!(
            "--input-format jsonl writes bead JSONL only, not {format}; give -o FILE.jsonl (or \
             -f jsonl), or align files with --input-format text for {format}"
        ));
    }
    if args.out_dir.is_some() {
        return Err(
            "--input-format jsonl writes one stream (standard output or -o FILE.jsonl), not \
             --out-dir; each line carries its document's \"id\""
                .into(),
        );
    }
    let from_stdin = args.files.is_empty() || args.files == [PathBuf::from("-")];
    let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    if let Some(path) = output_path(args) {
        if let Some(input) = inputs.iter().find(|p| output::same_file(path, p)) {
            return Err(output::OutputError::WouldOverwriteInput {
                output: path.to_path_buf(),
                input: input.to_path_buf(),
            }
            .to_string());
        }
    }
    let options = options(args.presplit, &args.layout);
    let readers: Vec<(String, Box<dyn BufRead>)> = if from_stdin {
        vec![("<stdin>".to_string(), Box::new(std::io::stdin().lock()))]
    } else {
        args.files
            .iter()
            .map(|p| {
                let file = read::open_input(p).map_err(|e| e.to_string())?;
                Ok((
                    p.display().to_string(),
                    Box::new(std::io::BufReader::new(file)) as Box<dyn BufRead>,
                ))
            })
            .collect::<Result<_, String>>()?
    };
    let (mut failed, mut total) = (0usize, 0usize);
    let stream = |out: &mut dyn Write| -> std::io::Result<()> {
        // Lines are aligned a chunk at a time, in parallel, and written in input order, so
        // memory stays bounded however long the stream is.
        const CHUNK: usize = 256;
        for (name, reader) in readers {
            let mut lines = reader.lines().enumerate().peekable();
            while lines.peek().is_some() {
                let chunk: Vec<(usize, std::io::Result<String>)> =
                    lines.by_ref().take(CHUNK).collect();
                type Aligned = Result<Vec<u8>, (Option<serde_json::Value>, String)>;
                let results: Vec<Option<Aligned>> = chunk
                    .par_iter()
                    .map(|(n, line)| {
                        let at = |e: String| format!("{name}:{}: {e}", n + 1);
                        let line = match line {
                            Ok(line) => line,
                            Err(e) => return Some(Err((None, at(e.to_string())))),
                        };
                        // A file saved with a byte-order mark starts with one.
                        let line = if *n == 0 {
                            line.strip_prefix('\u{feff}').unwrap_or(line)
                        } else {
                            line
                        };
                        // Blank lines separate nothing and are no documents.
                        if line.trim().is_empty() {
                            return None;
                        }
                        Some(
                            stream_document(line, &options, args.min_score)
                                .map_err(|(id, e)| (id, at(e))),
                        )
                    })
                    .collect();
                for result in results.into_iter().flatten() {
                    total += 1;
                    match result {
                        Ok(bytes) => out.write_all(&bytes)?,
                        Err((id, reason)) => {
                            failed += 1;
                            eprintln!("duiqi: {reason}");
                            out.write_all(&stream_error_line(id.as_ref(), &reason))?;
                        }
                    }
                }
            }
        }
        out.flush()?;
        if total > 0 && failed == total {
            // Keeps an existing -o file: a run that aligned nothing must not empty it.
            return Err(std::io::Error::other("no document could be aligned"));
        }
        Ok(())
    };
    let written = match output_path(args) {
        Some(path) => match output::write_file_atomically(path, &inputs, stream) {
            Ok(()) => Ok(()),
            Err(_) if total > 0 && failed == total => {
                eprintln!(
                    "duiqi: all {total} documents failed (see above); {} was left unchanged",
                    path.display()
                );
                return Ok(Outcome::Failed);
            }
            Err(e) => Err(e.to_string()),
        },
        None => {
            let mut out = stdout()?;
            match stdout_written(stream(&mut out)) {
                Ok(Some(())) => Ok(()),
                Ok(None) => return Ok(Outcome::Done),
                Err(_) if total > 0 && failed == total => Ok(()),
                Err(e) => Err(e),
            }
        }
    };
    written?;
    if failed > 0 && failed == total {
        eprintln!("duiqi: all {total} documents failed (see above); nothing was written");
        return Ok(Outcome::Failed);
    }
    if failed > 0 {
        eprintln!(
            "duiqi: {failed} of {total} documents failed (see above); the others were written"
        );
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::Done)
}

/// One line of the JSONL stream aligned, as the bead JSONL it gives.
fn stream_document(
    line: &str,
    options: &Options,
    min_score: f64,
) -> Result<Vec<u8>, (Option<serde_json::Value>, String)> {
    let (id, documents) = batch::read_jsonl_document(line).map_err(|e| (e.id, e.reason))?;
    let failed = |e: String| (Some(id.clone()), e);
    let aligned = batch::align_documents(documents, options).map_err(failed)?;
    let opts = WriteOptions {
        min_score,
        zh_first: aligned.zh_first,
        document_id: Some(id.clone()),
        ..WriteOptions::default()
    };
    let mut bytes = Vec::new();
    output::write(&mut bytes, &aligned.alignment, Format::Jsonl, &opts)
        .map_err(|e| failed(e.to_string()))?;
    Ok(bytes)
}

/// The line a document that could not be aligned leaves in the stream, so that nothing
/// vanishes: `{"id": …, "error": …}` (no `id` when the line had none to read).
fn stream_error_line(id: Option<&serde_json::Value>, reason: &str) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct ErrorLine<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<&'a serde_json::Value>,
        error: &'a str,
    }
    let mut bytes =
        serde_json::to_vec(&ErrorLine { id, error: reason }).expect("an error line serialises");
    bytes.push(b'\n');
    bytes
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
    // Where the reports go is checked before the work, as for align.
    drop(stdout()?);
    if let Some(path) = &args.html {
        output::check_output_path(path).map_err(|e| e.to_string())?;
    }
    let encoding = encoding_arg(args.encoding.as_deref())?;
    let Aligned {
        documents,
        alignment,
        zh_first,
    } = read_and_align(&args.files, &options(args.presplit, &args.layout), encoding)?;
    let sources = Sources::of(&documents, zh_first);
    let report = coverage::check(&alignment, sources);
    let title: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
    let title = title.join(" + ");
    if let Some(path) = &args.html {
        let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
        output::write_file_atomically(path, &inputs, |out| {
            coverage::html::write_html(out, &report, &alignment, sources, &title)
        })
        .map_err(|e| e.to_string())?;
    }
    let mut out = stdout()?;
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &report)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        // Styles only on a terminal, and not with NO_COLOR (CLICOLOR_FORCE forces them).
        coverage::terminal::write_report(anstream::AutoStream::auto(&mut out), &report, &title)
    };
    stdout_written(written.and_then(|_| out.flush()))?;
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
        let io_error = |source| {
            read::ReadError::Io {
                path: path.to_path_buf(),
                source,
            }
            .to_string()
        };
        if path.is_dir() {
            return Err(read::ReadError::IsDirectory {
                path: path.to_path_buf(),
            }
            .to_string());
        }
        let bytes = std::fs::read(path).map_err(io_error)?;
        String::from_utf8(bytes).map_err(|e| {
            format!(
                "{} is not UTF-8 text (first bad byte at offset {}); alignment files are UTF-8 `[ids]:[ids]` lines",
                path.display(),
                e.utf8_error().valid_up_to()
            )
        })
    };
    let beads = |path: &Path| {
        eval::parse_beads(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))
    };
    let files: Vec<(PathBuf, PathBuf)> = if args.gold.is_dir() {
        eval::file_names(&args.gold)
            .map_err(|source| {
                read::ReadError::Io {
                    path: args.gold.clone(),
                    source,
                }
                .to_string()
            })?
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
        // A test file missing from a folder counts as aligning nothing, as alignscore.py
        // does; one named on its own must exist.
        let mut test_beads = if test.exists() || !args.gold.is_dir() {
            beads(test)?
        } else {
            eprintln!(
                "duiqi: note: {} is missing: scored as aligning nothing",
                test.display()
            );
            Vec::new()
        };
        if let Some((source, target)) = &verses {
            test_beads = eval::merge_by_verse(&test_beads, source, target)
                .map_err(|e| format!("{}: {e}", test.display()))?;
        }
        scored.push((beads(gold)?, test_beads));
    }
    let scores = eval::score(&scored);
    let text = if args.json {
        serde_json::to_string(&scores).expect("scores serialise")
    } else {
        scores.to_string()
    };
    let mut out = stdout()?;
    stdout_written(writeln!(out, "{text}").and_then(|_| out.flush()))?;
    Ok(Outcome::Done)
}

/// Notes for the user on stderr: what was found, and what could not be aligned.
fn report(alignment: &Alignment, documents: &[Document], sources: Sources<'_>, min_score: f64) {
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
    let all = alignment.paired_counts(0.0);
    let written = alignment.paired_counts(min_score);
    let filtered = if written.pairs < all.pairs {
        format!(
            " ({} pairs below --min-score {min_score} left out)",
            all.pairs - written.pairs
        )
    } else {
        String::new()
    };
    eprintln!(
        "duiqi: {names}: {} pairs written{filtered}; {}/{} Chinese and {}/{} English sentences paired; {} sentences in other languages",
        written.pairs,
        written.zh,
        alignment.zh.len(),
        written.en,
        alignment.en.len(),
        alignment.other.len()
    );
    if let Some(layout) = alignment.layout {
        eprintln!("duiqi: {names}: layout {layout}");
    }
    // One warning a stretch: its two findings (one a side) say the same.
    let suspects = coverage::suspect_findings(alignment, sources);
    for finding in suspects.iter().filter(|f| f.side == "zh") {
        eprintln!("duiqi: warning: {}", finding.detail);
    }
}
