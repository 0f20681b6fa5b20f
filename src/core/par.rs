//! Work spread over the cores, for the passes over every entry of a long document.

use std::num::NonZeroUsize;

/// Calls `f` on consecutive chunks of `items`, on every core (at most 8), the calling thread
/// working too. Each thread takes the next chunk when it is done with one, and there are
/// several chunks per thread, so a core slowed by other work does not hold up the rest.
/// Inputs no longer than `min_chunk` stay on the calling thread: a thread costs more than a
/// short pass.
pub fn chunks_mut<T: Send>(items: &mut [T], min_chunk: usize, f: impl Fn(&mut [T]) + Sync) {
    const CHUNKS_PER_THREAD: usize = 8;
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get).min(8);
    if threads == 1 || items.len() <= min_chunk.max(1) {
        f(items);
        return;
    }
    let chunk = items.len().div_ceil(threads * CHUNKS_PER_THREAD).max(min_chunk).max(1);
    let threads = threads.min(items.len().div_ceil(chunk));
    let parts = std::sync::Mutex::new(items.chunks_mut(chunk));
    let work = || {
        // The lock is held only to take a chunk (the guard is dropped inside `and_then`). A
        // poisoned lock means another worker panicked; the scope raises that panic again.
        while let Some(part) = parts.lock().ok().and_then(|mut p| p.next()) {
            f(part);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
}

/// `f` of each item, in order, computed on every core as [`chunks_mut`] does.
pub fn map<T: Sync, R: Send + Default>(items: &[T], min_chunk: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut out: Vec<R> = std::iter::repeat_with(R::default).take(items.len()).collect();
    let mut pairs: Vec<(&T, &mut R)> = items.iter().zip(out.iter_mut()).collect();
    chunks_mut(&mut pairs, min_chunk, |part| {
        for (item, slot) in part {
            **slot = f(item);
        }
    });
    drop(pairs);
    out
}

/// [`map`] where `f` gives a list for each item: the lists joined, in order.
pub fn flat_map<T: Sync, R: Send>(items: &[T], min_chunk: usize, f: impl Fn(&T) -> Vec<R> + Sync) -> Vec<R> {
    let lists = map(items, min_chunk, f);
    let mut all = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    for list in lists {
        all.extend(list);
    }
    all
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

    #[test]
    fn map_keeps_the_order_long_or_short() {
        for len in [0, 1, 10, 10_001] {
            let items: Vec<usize> = (0..len).collect();
            let out = map(&items, 1000, |x| x * 2);
            assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>(), "len {len}");
        }
    }

    #[test]
    fn flat_map_joins_the_lists_in_order() {
        let items: Vec<usize> = (0..5_000).collect();
        let out = flat_map(&items, 100, |&x| vec![x; x % 3]);
        assert_eq!(out, items.iter().flat_map(|&x| vec![x; x % 3]).collect::<Vec<_>>());
    }
}
