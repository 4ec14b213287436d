use clap::Parser;
use server::{
    config::{Cli, Command, OutboxAction},
    startup, telemetry, Application,
};

fn main() -> anyhow::Result<()> {
    server::memory::one_malloc_arena_per_core();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init(cli.settings.log_format, &cli.settings.log);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(&cli.settings).await?;
            app.serve_until(startup::shutdown_signal()).await
        }
        Command::User { action } => server::user_command(&cli.settings, action).await,
        Command::Outbox { action } => {
            server::outbox_command(&cli.settings, action.unwrap_or(OutboxAction::List)).await
        }
        Command::Retention => server::commands::retention_command(&cli.settings).await,
        Command::Backup { to } => server::commands::backup_command(&cli.settings, &to).await,
        Command::DemoData {
            submissions,
            seed,
            add,
        } => server::demo_data_command(&cli.settings, submissions, seed, add).await,
    }
}
