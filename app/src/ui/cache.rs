//! Rendered pages kept for a few seconds. The blank feedback form is the busiest page and
//! the same for everyone in a language, apart from its signed start time, which is written
//! into the cached copy per request. Changes to practices or topics show within the lifetime.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

pub struct PageCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Instant, Arc<str>)>>,
}

impl PageCache {
    pub fn new(ttl: Duration) -> Self {
        PageCache {
            ttl,
            entries: Mutex::default(),
        }
    }

    /// The page under `key`, rendered by `render` when missing or older than the lifetime.
    pub async fn get_or_render<F, Fut, E>(&self, key: &str, render: F) -> Result<Arc<str>, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<String, E>>,
    {
        if let Some((at, page)) = self.entries.lock().expect("not poisoned").get(key) {
            if at.elapsed() < self.ttl {
                return Ok(page.clone());
            }
        }
        let page: Arc<str> = render().await?.into();
        let mut entries = self.entries.lock().expect("not poisoned");
        // A handful of keys (language × path); anything odd is bounded by a reset.
        if entries.len() > 64 {
            entries.clear();
        }
        entries.insert(key.to_owned(), (Instant::now(), page.clone()));
        Ok(page)
    }
}

impl PageCache {
    /// Forgets every page, after a change to what they show.
    pub fn clear(&self) {
        self.entries.lock().expect("not poisoned").clear();
    }
}

/// One value kept for a lifetime, like a page: the practices and topics a submission is
/// checked against, read once every few seconds instead of twice per submission.
pub struct Kept<T> {
    ttl: Duration,
    state: Mutex<KeptState<T>>,
}

struct KeptState<T> {
    value: Option<(Instant, Arc<T>)>,
    /// Counts [`Kept::clear`] calls: a load that began before a change is not kept after it.
    changes: u64,
}

impl<T> Kept<T> {
    pub fn new(ttl: Duration) -> Self {
        Kept {
            ttl,
            state: Mutex::new(KeptState {
                value: None,
                changes: 0,
            }),
        }
    }

    /// The kept value, loaded by `load` when missing or older than the lifetime.
    pub async fn get_or_load<F, Fut, E>(&self, load: F) -> Result<Arc<T>, E>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, E>>,
    {
        let changes = {
            let state = self.state.lock().expect("not poisoned");
            if let Some((at, value)) = &state.value {
                if at.elapsed() < self.ttl {
                    return Ok(value.clone());
                }
            }
            state.changes
        };
        let value = Arc::new(load().await?);
        let mut state = self.state.lock().expect("not poisoned");
        if state.changes == changes {
            state.value = Some((Instant::now(), value.clone()));
        }
        Ok(value)
    }

    /// Forgets the value, after a change to it.
    pub fn clear(&self) {
        let mut state = self.state.lock().expect("not poisoned");
        state.value = None;
        state.changes += 1;
    }
}

impl<T> std::fmt::Debug for Kept<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept")
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
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
            &*cache.get_or_render("en /feedback", render).await.unwrap(),
            "page"
        );
        cache.get_or_render("en /feedback", render).await.unwrap();
        assert_eq!(renders.load(std::sync::atomic::Ordering::SeqCst), 1);
        cache.get_or_render("bn /feedback", render).await.unwrap();
        assert_eq!(renders.load(std::sync::atomic::Ordering::SeqCst), 2);
        tokio::time::sleep(Duration::from_millis(60)).await;
        cache.get_or_render("en /feedback", render).await.unwrap();
        assert_eq!(renders.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_kept_value_is_loaded_once_within_its_lifetime_and_again_after_a_change() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        let kept = Kept::new(Duration::from_secs(60));
        let loads = AtomicUsize::new(0);
        let load = || async { Ok::<_, ()>(loads.fetch_add(1, SeqCst)) };
        assert_eq!(*kept.get_or_load(load).await.unwrap(), 0);
        assert_eq!(
            *kept.get_or_load(load).await.unwrap(),
            0,
            "kept, not read again"
        );
        kept.clear();
        assert_eq!(
            *kept.get_or_load(load).await.unwrap(),
            1,
            "read again after a change"
        );
        let failing = || async { Err::<usize, _>("the database is away") };
        kept.clear();
        assert!(
            kept.get_or_load(failing).await.is_err(),
            "a failed load is not kept"
        );
        assert_eq!(*kept.get_or_load(load).await.unwrap(), 2);

        // A change while a load is under way: the loaded value is answered, not kept.
        kept.clear();
        let stale = kept
            .get_or_load(|| async {
                kept.clear();
                Ok::<_, ()>(99)
            })
            .await
            .unwrap();
        assert_eq!(*stale, 99);
        assert_eq!(*kept.get_or_load(load).await.unwrap(), 3, "read again");
    }
}
