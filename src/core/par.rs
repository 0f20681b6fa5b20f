//! Work spread over the cores, for the passes over every entry of a long document.

use std::num::NonZeroUsize;

/// Calls `f` on consecutive chunks of `items`, one chunk per core (at most 8), the calling
/// thread taking the first. Inputs no longer than `min_chunk` stay on the calling thread:
/// a thread costs more than a short pass.
pub fn chunks_mut<T: Send>(items: &mut [T], min_chunk: usize, f: impl Fn(&mut [T]) + Sync) {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get).min(8);
    let chunk = items.len().div_ceil(threads).max(min_chunk).max(1);
    if items.len() <= chunk {
        f(items);
        return;
    }
    let f = &f;
    std::thread::scope(|scope| {
        let mut parts = items.chunks_mut(chunk);
        let first = parts.next();
        for part in parts {
            scope.spawn(move || f(part));
        }
        if let Some(part) = first {
            f(part);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_visited_once_long_or_short() {
        for len in [0, 1, 10, 10_001] {
            let mut items = vec![0u32; len];
            chunks_mut(&mut items, 1000, |part| part.iter_mut().for_each(|x| *x += 1));
            assert!(items.iter().all(|x| *x == 1), "len {len}");
        }
    }
}
