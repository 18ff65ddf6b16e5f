//! The `duiqi` command line: a thin layer over the library.
//!
//! Exit codes: 0 success; 2 a usage or input error (unreadable or non-UTF-8 file,
//! impossible output path), with a message on stderr and no output file left behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use duiqi::beads::Alignment;
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("duiqi: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_align(args: &AlignArgs) -> Result<(), String> {
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_extension))
        .unwrap_or(Format::Tmx);
    if args.presplit && args.files.len() != 2 {
        return Err("--presplit needs two files: the Chinese and the English, one sentence per line".into());
    }
    let documents = args.files.iter().map(|p| Document::read(p).map_err(|e| e.to_string())).collect::<Result<Vec<_>, _>>()?;
    let options = Options { presplit: args.presplit, ..Options::default() };
    let (alignment, zh_first) = match documents.as_slice() {
        [doc] => (pipeline::align_interleaved(doc, &options), true),
        [first, second] => {
            let (alignment, order) = pipeline::align_pair(first, second, &options).map_err(|e| e.to_string())?;
            (alignment, order == Order::ChineseFirst)
        }
        _ => unreachable!("clap allows one or two files"),
    };
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
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
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
    Ok(())
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
