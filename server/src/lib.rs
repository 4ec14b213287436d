//! The portal's start-up: configuration, logging and the application that tests spawn.

pub mod config;
pub mod memory;
pub mod startup;
pub mod telemetry;

pub use startup::Application;
pub mod commands;

pub use commands::{demo_data_command, outbox_command, user_command};
