use clap::Parser;
use server::{
    config::{Cli, Command},
    startup, telemetry, Application,
};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init(cli.settings.log_format, &cli.settings.log);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(&cli.settings).await?;
            app.serve_until(startup::shutdown_signal()).await
        }
    }
}
