//! `Retry-After`, kept across requests: after a server said to wait (429 Too Many Requests,
//! 503 Service Unavailable), it is not asked again before then by this process, whichever
//! page of it is asked for. One map for the whole process, as one request at a time is.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest wait kept: a server that asks for more is asked again after a week (a
/// process seldom lives that long), and `Instant` arithmetic cannot overflow.
const LONGEST_WAIT: Duration = Duration::from_secs(7 * 24 * 3600);

/// For each server (`host:port`), the time before which it is not asked.
static NOT_BEFORE: Mutex<BTreeMap<String, Instant>> = Mutex::new(BTreeMap::new());

fn map() -> std::sync::MutexGuard<'static, BTreeMap<String, Instant>> {
    NOT_BEFORE.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The whole seconds still to wait before `server` may be asked (rounded up), or `None`
/// when it may be asked now.
pub(super) fn still_to_wait(server: &str) -> Option<u64> {
    let mut map = map();
    let now = Instant::now();
    map.retain(|_, until| *until > now);
    let left = map.get(server)?.saturating_duration_since(now);
    Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
}

/// Keeps `server` from being asked for `seconds` from now.
pub(super) fn hold(server: &str, seconds: u64) {
    let wait = Duration::from_secs(seconds).min(LONGEST_WAIT);
    if wait.is_zero() {
        return;
    }
    let until = Instant::now() + wait;
    let mut map = map();
    let entry = map.entry(server.to_owned()).or_insert(until);
    *entry = (*entry).max(until);
}

/// The seconds a `Retry-After` header asks to wait: a number of seconds ("120"), or an HTTP
/// date ("Wed, 21 Oct 2015 07:28:00 GMT"), counted from the answer's own `Date` when it has
/// one (the server's clock against its own clock), else from this machine's clock. A date
/// already past is 0; what is neither is `None`.
pub(super) fn retry_after_seconds(value: &str, server_date: Option<&str>) -> Option<u64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds);
    }
    let when = http_date(value)?;
    let now = server_date.and_then(http_date).unwrap_or_else(time::OffsetDateTime::now_utc);
    Some(u64::try_from((when - now).whole_seconds()).unwrap_or(0))
}

/// An HTTP date in its one current form (RFC 9110's IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT".
fn http_date(text: &str) -> Option<time::OffsetDateTime> {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(text.trim(), format).ok().map(time::PrimitiveDateTime::assume_utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(retry_after_seconds(" 120 ", None), Some(120));
        let date = Some("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(retry_after_seconds("Wed, 21 Oct 2015 07:30:00 GMT", date), Some(120));
        assert_eq!(retry_after_seconds("Wed, 21 Oct 2015 07:20:00 GMT", date), Some(0), "past");
        // No Date from the server: this machine's clock, and a date long past.
        assert_eq!(retry_after_seconds("Wed, 21 Oct 2015 07:30:00 GMT", None), Some(0));
        assert_eq!(retry_after_seconds("soon", date), None);
        assert_eq!(retry_after_seconds("-5", date), None);
    }

    #[test]
    fn a_server_held_is_not_asked_until_its_time_and_others_are() {
        let server = "held.test:80";
        assert_eq!(still_to_wait(server), None);
        hold(server, 30);
        let left = still_to_wait(server).unwrap();
        assert!((29..=30).contains(&left), "{left}");
        assert_eq!(still_to_wait("other.test:80"), None);
        // A shorter wait said later does not shorten it; a huge one does not overflow.
        hold(server, 1);
        assert!(still_to_wait(server).unwrap() >= 29);
        hold("forever.test:80", u64::MAX);
        assert!(still_to_wait("forever.test:80").unwrap() <= LONGEST_WAIT.as_secs());
        hold("never.test:80", 0);
        assert_eq!(still_to_wait("never.test:80"), None);
    }
}
