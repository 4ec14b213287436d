//! Values kept for a few seconds, each under a key: rendered pages (the blank feedback form
//! is the busiest page and the same for everyone in a language, apart from its signed start
//! time, which is written into the cached copy per request) and the practices and topics a
//! submission is checked against (read once every few seconds instead of twice per
//! submission). Changes show within the lifetime, or at once after [`Kept::clear`].

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Rendered pages by language and path.
pub type PageCache = Kept<str>;

pub struct Kept<T: ?Sized> {
    ttl: Duration,
    state: Mutex<State<T>>,
}

struct State<T: ?Sized> {
    entries: HashMap<String, (Instant, Arc<T>)>,
    /// Counts [`Kept::clear`] calls: a value loaded from before a change is not kept after it.
    changes: u64,
}

impl<T: ?Sized> Kept<T> {
    pub fn new(ttl: Duration) -> Self {
        Kept {
            ttl,
            state: Mutex::new(State {
                entries: HashMap::new(),
                changes: 0,
            }),
        }
    }

    /// The value under `key`, loaded by `load` when missing or older than the lifetime.
    pub async fn get_or_load<F, Fut, V, E>(&self, key: &str, load: F) -> Result<Arc<T>, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<V, E>>,
        V: Into<Arc<T>>,
    {
        let changes = {
            let state = self.state.lock().expect("not poisoned");
            if let Some((at, value)) = state.entries.get(key) {
                if at.elapsed() < self.ttl {
                    return Ok(value.clone());
                }
            }
            state.changes
        };
        let value: Arc<T> = load().await?.into();
        let mut state = self.state.lock().expect("not poisoned");
        if state.changes == changes {
            // A handful of keys (language × path); anything odd is bounded by a reset.
            if state.entries.len() > 64 {
                state.entries.clear();
            }
            state
                .entries
                .insert(key.to_owned(), (Instant::now(), value.clone()));
        }
        Ok(value)
    }

    /// Forgets every value, after a change to what they show.
    pub fn clear(&self) {
        let mut state = self.state.lock().expect("not poisoned");
        state.entries.clear();
        state.changes += 1;
    }
}

impl<T: ?Sized> std::fmt::Debug for Kept<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_page_is_rendered_once_within_its_lifetime_and_again_after() {
        let cache = PageCache::new(Duration::from_millis(50));
        let renders = std::sync::atomic::AtomicUsize::new(0);
        let render = || async {
            renders.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok::<_, ()>("page".to_owned())
        };
        assert_eq!(
            &*cache.get_or_load("en /feedback", render).await.unwrap(),
            "page"
        );
        cache.get_or_load("en /feedback", render).await.unwrap();
        assert_eq!(renders.load(std::sync::atomic::Ordering::SeqCst), 1);
        cache.get_or_load("bn /feedback", render).await.unwrap();
        assert_eq!(renders.load(std::sync::atomic::Ordering::SeqCst), 2);
        tokio::time::sleep(Duration::from_millis(60)).await;
        cache.get_or_load("en /feedback", render).await.unwrap();
        assert_eq!(renders.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_kept_value_is_loaded_once_within_its_lifetime_and_again_after_a_change() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        let kept: Kept<usize> = Kept::new(Duration::from_secs(60));
        let loads = AtomicUsize::new(0);
        let load = || async { Ok::<_, ()>(loads.fetch_add(1, SeqCst)) };
        assert_eq!(*kept.get_or_load("active", load).await.unwrap(), 0);
        assert_eq!(
            *kept.get_or_load("active", load).await.unwrap(),
            0,
            "kept, not read again"
        );
        kept.clear();
        assert_eq!(
            *kept.get_or_load("active", load).await.unwrap(),
            1,
            "read again after a change"
        );
        let failing = || async { Err::<usize, _>("the database is away") };
        kept.clear();
        assert!(
            kept.get_or_load("active", failing).await.is_err(),
            "a failed load is not kept"
        );
        assert_eq!(*kept.get_or_load("active", load).await.unwrap(), 2);

        // A change while a load is under way: the loaded value is answered, not kept.
        kept.clear();
        let stale = kept
            .get_or_load("active", || async {
                kept.clear();
                Ok::<_, ()>(99usize)
            })
            .await
            .unwrap();
        assert_eq!(*stale, 99);
        assert_eq!(
            *kept.get_or_load("active", load).await.unwrap(),
            3,
            "read again"
        );
    }
}
