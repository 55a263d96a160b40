//! Bounded waiting: every wait in the tests polls a condition until a deadline instead of
//! sleeping for a fixed time, so the suite is fast when the app is and fails clearly when
//! it is not.

use std::thread::sleep;
use std::time::{Duration, Instant};

/// Calls `check` until it returns `Ok` or `timeout` has passed; the error is the last
/// reason `check` gave.
pub fn poll<T>(
    timeout: Duration,
    mut check: impl FnMut() -> Result<T, String>,
) -> Result<T, String> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(5);
    loop {
        match check() {
            Ok(value) => return Ok(value),
            Err(reason) if start.elapsed() >= timeout => return Err(reason),
            Err(_) => {}
        }
        sleep(delay);
        delay = (delay * 2).min(Duration::from_millis(50));
    }
}
