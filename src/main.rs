//! The `duiqi` command line: a thin layer over the library.
//!
//! Exit codes: 0 success; 2 a usage or input error (unreadable or non-UTF-8 file,
//! impossible output path), with a message on stderr and no output file left behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use duiqi::beads::Alignment;
use duiqi::{coverage, eval};
use duiqi::output::{self, Format, WriteOptions};
use duiqi::pipeline::{self, Options, Order};
use duiqi::read::Document;

#[derive(Parser)]
#[command(name = "duiqi", version, about = "对齐 duiqi: align Chinese text with its English translation into a translation memory")]
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
    /// English, either order). `-` reads standard input.
    #[arg(required = true, num_args = 1..=2, value_name = "FILE")]
    files: Vec<PathBuf>,

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

    /// Print no notes on stderr (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Align(args) => run_align(&args),
        Command::Eval(args) => run_eval(&args),
        Command::Coverage(args) => run_coverage(&args),
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::BelowThreshold) => ExitCode::from(1),
        Err(message) => {
            eprintln!("duiqi: {message}");
            ExitCode::from(2)
        }
    }
}

/// How a successful command ended: exit 0, or 1 for a `--fail-under` gate not met.
enum Outcome {
    Done,
    BelowThreshold,
}

/// The inputs, read, and their alignment; `zh_first` when the Chinese file came first.
struct Aligned {
    documents: Vec<Document>,
    alignment: Alignment,
    zh_first: bool,
}

fn read_and_align(files: &[PathBuf], presplit: bool) -> Result<Aligned, String> {
    if presplit && files.len() != 2 {
        return Err("--presplit needs two files: the Chinese and the English, one sentence per line".into());
    }
    let documents = files.iter().map(|p| Document::read(p).map_err(|e| e.to_string())).collect::<Result<Vec<_>, _>>()?;
    let options = Options { presplit, ..Options::default() };
    let (alignment, zh_first) = match documents.as_slice() {
        [doc] => (pipeline::align_interleaved(doc, &options), true),
        [first, second] => {
            let (alignment, order) = pipeline::align_pair(first, second, &options).map_err(|e| e.to_string())?;
            (alignment, order == Order::ChineseFirst)
        }
        _ => unreachable!("clap allows one or two files"),
    };
    Ok(Aligned { documents, alignment, zh_first })
}

fn run_align(args: &AlignArgs) -> Result<Outcome, String> {
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_extension))
        .unwrap_or(Format::Tmx);
    let Aligned { documents, alignment, zh_first } = read_and_align(&args.files, args.presplit)?;
    if !args.quiet {
        report(&alignment, &documents);
    }
    let write_options = WriteOptions { min_score: args.min_score, zh_first, ..WriteOptions::default() };
    let body = |out: &mut dyn Write| output::write(out, &alignment, format, &write_options);
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
            output::write_file_atomically(path, &inputs, body).map_err(|e| e.to_string())?
        }
    };
    if dropped > 0 {
        eprintln!("duiqi: warning: dropped {dropped} characters that XML 1.0 does not allow from the TMX output");
    }
    Ok(Outcome::Done)
}

fn run_coverage(args: &CoverageArgs) -> Result<Outcome, String> {
    let Aligned { documents, alignment, zh_first } = read_and_align(&args.files, args.presplit)?;
    let sources = match documents.as_slice() {
        [doc] => coverage::Sources { zh: doc, en: doc },
        [first, second] if zh_first => coverage::Sources { zh: first, en: second },
        [first, second] => coverage::Sources { zh: second, en: first },
        _ => unreachable!("clap allows one or two files"),
    };
    let report = coverage::check(&alignment, sources);
    let title: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
    let title = title.join(" + ");
    if let Some(path) = &args.html {
        let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
        output::write_file_atomically(path, &inputs, |out| coverage::html::write_html(out, &report, &alignment, &title))
            .map_err(|e| e.to_string())?;
    }
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &report).map_err(std::io::Error::from).and_then(|_| writeln!(out))
    } else {
        let color = std::io::IsTerminal::is_terminal(&out) && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        coverage::terminal::write_report(&mut out, &report, &title, color)
    };
    match written.and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(format!("cannot write to standard output: {e}")),
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
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
    let beads = |path: &Path| eval::parse_beads(&read(path)?).map_err(|e| format!("{}: {e}", path.display()));
    let files: Vec<(PathBuf, PathBuf)> = if args.gold.is_dir() {
        let mut names: Vec<_> = std::fs::read_dir(&args.gold)
            .map_err(|e| format!("cannot read folder {}: {e}", args.gold.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.file_name()))
            .filter(|name| !name.to_string_lossy().starts_with('.'))
            .collect();
        names.sort();
        names.into_iter().map(|name| (args.gold.join(&name), args.test.join(&name))).collect()
    } else {
        vec![(args.gold.clone(), args.test.clone())]
    };
    let verses = match &args.verses {
        Some(paths) => {
            let lines = |p: &PathBuf| read(p).map(|t| t.lines().map(|l| l.trim().to_string()).collect::<Vec<_>>());
            Some((lines(&paths[0])?, lines(&paths[1])?))
        }
        None => None,
    };
    let mut scored = Vec::with_capacity(files.len());
    for (gold, test) in &files {
        // A test file missing from a folder counts as aligning nothing, as alignscore.py does.
        let mut test_beads = if test.exists() { beads(test)? } else { Vec::new() };
        if let Some((source, target)) = &verses {
            test_beads = eval::merge_by_verse(&test_beads, source, target).map_err(|e| format!("{}: {e}", test.display()))?;
        }
        scored.push((beads(gold)?, test_beads));
    }
    let scores = eval::score(&scored);
    if args.json {
        println!("{}", serde_json::to_string(&scores).expect("scores serialise"));
    } else {
        println!("{scores}");
    }
    Ok(Outcome::Done)
}

/// Notes for the user on stderr: what was found, and what could not be aligned.
fn report(alignment: &Alignment, documents: &[Document]) {
    let names: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
    let names = names.join(" + ");
    if alignment.zh.is_empty() {
        eprintln!("duiqi: note: no Chinese text found in {names}; every sentence is reported as unpaired");
    }
    if alignment.en.is_empty() {
        eprintln!("duiqi: note: no English text found in {names}");
    }
    let pairs = alignment.beads.iter().filter(|b| b.is_pair()).count();
    let zh_paired = alignment.beads.iter().filter(|b| b.is_pair()).map(|b| b.zh.len()).sum::<usize>();
    let en_paired = alignment.beads.iter().filter(|b| b.is_pair()).map(|b| b.en.len()).sum::<usize>();
    eprintln!(
        "duiqi: {names}: {pairs} pairs; {zh_paired}/{} Chinese and {en_paired}/{} English sentences paired; {} sentences in other languages",
        alignment.zh.len(),
        alignment.en.len(),
        alignment.other.len()
    );
}
