//! Static files compiled into the binary, so `portal` runs from any folder and a container
//! needs nothing beside it. Each is served under a path that carries a hash of its content
//! and may be cached for a year: a new release changes the path.

use sha2::Digest;
use std::sync::LazyLock;

pub struct Asset {
    pub body: &'static [u8],
    pub content_type: &'static str,
    path: String,
}

impl Asset {
    fn new(name: &str, ext: &str, body: &'static [u8], content_type: &'static str) -> Self {
        let hash = hex::encode(&sha2::Sha256::digest(body)[..6]);
        Asset {
            body,
            content_type,
            path: format!("/assets/{name}.{hash}.{ext}"),
        }
    }

    pub fn path(&self) -> String {
        self.path.clone()
    }
}

pub static STYLESHEET: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "main",
        "css",
        include_bytes!("../../style/main.css"),
        "text/css; charset=utf-8",
    )
});

pub static FAVICON: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "favicon",
        "svg",
        include_bytes!("../../public/favicon.svg"),
        "image/svg+xml",
    )
});

pub fn all() -> [&'static Asset; 2] {
    [&STYLESHEET, &FAVICON]
}
