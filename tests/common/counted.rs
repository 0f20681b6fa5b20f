//! Property tests that count what they check: a property checked only on the inputs the
//! reader accepts (`if let Ok(..)`) passes too when the reader refuses every input. Run with
//! [`count_accepted`], a test also says how many inputs were accepted.
#![allow(dead_code)]

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::sync::atomic::{AtomicU32, Ordering};

/// Runs `body` on `cases` inputs drawn from `strategy`, as `proptest!` does (a failure is
/// shrunk and panics with the smallest input found), and gives how many of them `body`
/// accepted (returned `Ok(true)`).
pub fn count_accepted<S: Strategy>(
    cases: u32,
    strategy: S,
    body: impl Fn(S::Value) -> Result<bool, TestCaseError>,
) -> u32 {
    let accepted = AtomicU32::new(0);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let result = runner.run(&strategy, |value| {
        if body(value)? {
            accepted.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    accepted.into_inner()
}
