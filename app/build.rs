//! `sqlx::migrate!` embeds the migrations when `app` is compiled, but cargo does not know to
//! compile it again when a migration is added: without this, a build after a new migration
//! ran the old list.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
