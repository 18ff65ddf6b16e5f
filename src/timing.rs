//! Stage timings: a closure in, its result out, and with `DUIQI_TIMINGS` set in the
//! environment a line on stderr saying how long it took. For finding where the time of
//! an alignment goes; documents aligned in parallel interleave their lines.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("DUIQI_TIMINGS").is_some())
}

/// Runs `f`, reporting its wall time under `name` when timings are on.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    eprintln!(
        "duiqi timing: {name:<28} {:8.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    out
}
