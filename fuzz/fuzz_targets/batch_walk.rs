//! Fuzzes the batch folder walk (`batch::discover` on a folder): the input is a recipe for
//! a folder tree (folders, files, symbolic links to anywhere in it or outside, FIFOs,
//! hidden names), built in a temporary folder, then walked.
//!
//! Recipe: two bytes per entry. Byte 1: bits 0–1 the kind (0 folder, 1 file, 2 link,
//! 3 FIFO), bits 2–4 the parent (an earlier folder, counted modulo how many there are),
//! bit 5 a hidden name (`.` first), bits 6–7 part of the name. Byte 2: the name's number,
//! and for a link its target (`.`, `..`, the root, an earlier entry, /dev/zero, a missing
//! path).
//!
//! Checked, as batch.rs documents the walk: it ends (libFuzzer's -timeout catches a hang
//! on a link loop); every input of every job is a regular file; no file is an input twice,
//! by path or by device+inode; every file made at a path with no hidden part is found.
#![no_main]

use std::collections::HashSet;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::PathBuf;

use duiqi::batch::discover;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = tempfile::tempdir().unwrap();
    // (path, hidden somewhere on it)
    let mut folders: Vec<(PathBuf, bool)> = vec![(root.path().to_path_buf(), false)];
    let mut entries: Vec<PathBuf> = Vec::new();
    let mut visible_files: Vec<PathBuf> = Vec::new();
    for step in data.chunks_exact(2).take(48) {
        let (kind, name) = (step[0], step[1]);
        let (parent, parent_hidden) = folders[usize::from(kind >> 2 & 7) % folders.len()].clone();
        let hidden = kind & 0x20 != 0;
        let base = format!("{}n{}_{}", if hidden { "." } else { "" }, kind >> 6, name);
        // Pairs are found by .zh/.en names: make some.
        let file_name = match name % 4 {
            0 => format!("{base}.zh.txt"),
            1 => format!("{base}.en.txt"),
            _ => format!("{base}.txt"),
        };
        let path = parent.join(if kind & 3 == 1 { &file_name } else { &base });
        if path.symlink_metadata().is_ok() {
            continue;
        }
        match kind & 3 {
            0 => {
                std::fs::create_dir(&path).unwrap();
                folders.push((path.clone(), parent_hidden || hidden));
            }
            1 => {
                std::fs::write(&path, format!("Text {name}.\n")).unwrap();
                if !(parent_hidden || hidden) {
                    visible_files.push(path.clone());
                }
            }
            2 => {
                let target = match name % 6 {
                    0 => PathBuf::from("."),
                    1 => PathBuf::from(".."),
                    2 => root.path().to_path_buf(),
                    3 => PathBuf::from("/dev/zero"),
                    4 => PathBuf::from("missing"),
                    _ => match entries.get(usize::from(name) % entries.len().max(1)) {
                        Some(entry) => entry.clone(),
                        None => PathBuf::from("."),
                    },
                };
                symlink(target, &path).unwrap();
            }
            _ => {
                let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
                // SAFETY: a valid NUL-terminated path.
                assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
            }
        }
        entries.push(path);
    }

    let mut skipped = Vec::new();
    let jobs = discover(&[root.path().to_path_buf()], &mut skipped).unwrap();
    let mut paths = HashSet::new();
    let mut identities = HashSet::new();
    for job in &jobs {
        assert!(!job.inputs.is_empty() && job.inputs.len() <= 2, "{job:?}");
        assert!(job.name.is_relative(), "{job:?}");
        for input in &job.inputs {
            let metadata = std::fs::metadata(input).unwrap();
            assert!(metadata.is_file(), "{} is not a regular file", input.display());
            assert!(paths.insert(input.clone()), "{} twice", input.display());
            assert!(
                identities.insert((metadata.dev(), metadata.ino())),
                "{} is a file already taken under another path",
                input.display()
            );
        }
    }
    for file in &visible_files {
        let metadata = std::fs::metadata(file).unwrap();
        assert!(
            identities.contains(&(metadata.dev(), metadata.ino())),
            "{} was not found; skipped: {skipped:?}",
            file.display()
        );
    }
});
