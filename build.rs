//! Fingerprints the widget's views (every source file under `src/`, the stylesheet, the English
//! words compiled into them, and `pricing-core`'s sources, whose rules decide the figures and
//! the finder's answers they show) into `PW_VIEWS`. The pre-render and the browser build are compiled from the same files, so equal
//! fingerprints mean equal markup: the wasm only takes over a pre-render made by its own views
//! (an old pasted snippet next to a newer wasm is replaced, never hydrated into a dead widget).

use std::path::{Path, PathBuf};

fn files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, found);
        } else {
            found.push(path);
        }
    }
}

fn main() {
    const FOLDERS: [&str; 2] = ["src", "crates/pricing-core/src"];
    const FILES: [&str; 2] = ["style/widget.css", "catalog/translations/en.json"];
    let mut sources: Vec<PathBuf> = FILES.iter().map(PathBuf::from).collect();
    for folder in FOLDERS {
        files(Path::new(folder), &mut sources);
    }
    sources.sort();
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for path in &sources {
        let bytes = std::fs::read(path).expect("a source file is readable");
        for byte in path.to_string_lossy().bytes().chain(bytes) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=PW_VIEWS={hash:016x}");
    for path in FOLDERS.iter().chain(&FILES) {
        println!("cargo:rerun-if-changed={path}");
    }
}
