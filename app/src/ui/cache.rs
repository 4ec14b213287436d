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
}
