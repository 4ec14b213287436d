//! A small filesystem of its own (tmpfs), for the tests that fill a disk on purpose.
//!
//! Mounting needs root, which CI has. Where it cannot be done the test says so loudly and,
//! under CI, fails: a disk-full test that silently skips would prove nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct SmallDisk {
    path: PathBuf,
    /// Holds the mount point's parent folder; removed after the unmount.
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    /// Mounts a tmpfs of `megabytes` MiB, or explains why not: `None` outside CI, a panic in CI.
    pub fn mount(megabytes: u64) -> Option<SmallDisk> {
        let dir = tempfile::Builder::new()
            .prefix("portal-disk-")
            .tempdir()
            .expect("a folder for the mount point");
        let path = dir.path().join("mnt");
        std::fs::create_dir(&path).expect("the mount point");
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={megabytes}m,mode=0777"))
            .arg("portal-test-disk")
            .arg(&path)
            .output();
        match output {
            Ok(o) if o.status.success() => Some(SmallDisk { path, _dir: dir }),
            other => {
                let why = match other {
                    Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_owned(),
                    Err(e) => e.to_string(),
                };
                let message = format!(
                    "DISK-FULL TEST NOT RUN: cannot mount a tmpfs ({why}). It needs root \
                     (CI runs as root); run `sudo -E cargo test -p portal-tests --test api storage`"
                );
                if std::env::var_os("CI").is_some() {
                    panic!("{message}");
                }
                eprintln!("{message}");
                None
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Changes the size in place, as freeing space (or adding a disk) would; files stay.
    pub fn resize(&self, megabytes: u64) {
        let status = Command::new("mount")
            .args(["-o"])
            .arg(format!("remount,size={megabytes}m"))
            .arg(&self.path)
            .status()
            .expect("run mount");
        assert!(status.success(), "remount to {megabytes} MiB failed");
    }

    /// Bytes in use, from the filesystem's own count.
    pub fn used_bytes(&self) -> u64 {
        let output = Command::new("df")
            .args(["--output=used", "-B1"])
            .arg(&self.path)
            .output()
            .expect("run df");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .nth(1)
            .and_then(|l| l.trim().parse().ok())
            .expect("df prints the bytes used")
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazy: a server still holding files open must not keep the mount alive.
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}
