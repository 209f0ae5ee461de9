//! A fixed-window request limit per key (a token, a client address), kept
//! in memory. The map is bounded: when it is full, windows that have ended
//! are dropped, and if none has, the oldest go.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Keys remembered at most; one entry is a few dozen bytes.
const MAX_KEYS: usize = 20_000;

pub struct Throttle {
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

/// What the limit says about one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Over the limit: the first refusal of the window (worth logging) or a later one.
    Refused {
        first: bool,
        retry_after_secs: u64,
    },
}

impl Throttle {
    pub fn new(limit: u32, window: Duration) -> Throttle {
        Throttle {
            limit,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    pub fn check(&self, key: &str) -> Verdict {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &str, now: Instant) -> Verdict {
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() >= MAX_KEYS && !windows.contains_key(key) {
            let window = self.window;
            windows.retain(|_, (start, _)| now.duration_since(*start) < window);
            if windows.len() >= MAX_KEYS {
                let mut starts: Vec<Instant> = windows.values().map(|(s, _)| *s).collect();
                starts.sort();
                let cut = starts[starts.len() / 2];
                windows.retain(|_, (start, _)| *start > cut);
            }
        }
        let entry = windows.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        if entry.1 <= self.limit {
            return Verdict::Allowed;
        }
        let left = self.window.saturating_sub(now.duration_since(entry.0));
        Verdict::Refused {
            first: entry.1 == self.limit + 1,
            retry_after_secs: left.as_secs().max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_limit_per_window_and_others_are_apart() {
        let t = Throttle::new(3, Duration::from_secs(60));
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(t.check_at("a", start), Verdict::Allowed);
        }
        assert!(matches!(
            t.check_at("a", start),
            Verdict::Refused { first: true, .. }
        ));
        assert!(matches!(
            t.check_at("a", start + Duration::from_secs(1)),
            Verdict::Refused {
                first: false,
                retry_after_secs: 59
            }
        ));
        assert_eq!(t.check_at("b", start), Verdict::Allowed);
        assert_eq!(
            t.check_at("a", start + Duration::from_secs(60)),
            Verdict::Allowed
        );
    }

    #[test]
    fn the_map_stays_bounded() {
        let t = Throttle::new(1, Duration::from_secs(60));
        let start = Instant::now();
        for i in 0..(MAX_KEYS + 10) {
            t.check_at(&i.to_string(), start + Duration::from_micros(i as u64));
        }
        assert!(t.windows.lock().unwrap().len() <= MAX_KEYS);
    }
}
