//! Black-box tests through HTTP: the real server on port 0, a fresh database per test, each
//! test run on SQLite and on PostgreSQL.

mod admin;
mod board_pack;
mod conversation;
mod erasure;
mod hostile_input;
mod insights;
mod insights_honesty;
mod islands;
mod limits;
mod notify;
mod photos;
mod privacy;
mod reaching_residents;
mod redirects;
mod resident;
mod search;
mod site;
mod staff;
mod storage;
mod themes;
mod two_factor;
mod validation;
mod workspace;
