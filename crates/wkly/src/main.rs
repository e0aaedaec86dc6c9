//! The `wkly` binary: parses the command line, loads the configuration, opens the store
//! and starts what was asked for. Wiring only: every rule lives in the library crates.

mod analyze;
mod commands;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "wkly", version, about = "wkly: the news, and what it means for you", propagate_version = true)]
struct Cli {
    /// Configuration file (default: ./wkly.toml when it exists). WKLY_SECTION__KEY
    /// environment variables override it.
    #[arg(long, global = true, env = "WKLY_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site from the configured database.
    Serve {
        /// Address to listen on, overriding server.bind (e.g. 0.0.0.0:8080).
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
        /// Do not run the pipeline in this process (run `wkly worker` elsewhere).
        #[arg(long)]
        no_worker: bool,
    },
    /// Run the ingestion pipeline: read due sources and process queued jobs until stopped.
    Worker,
    /// Read every due source once, process what it brings, print a summary and exit.
    Ingest,
    /// Start a demo newsroom: a fresh data dir, the bundled stories and roadmaps, a server.
    Demo {
        /// Where the demo keeps its database.
        #[arg(long, value_name = "DIR", default_value = "wkly-demo")]
        data_dir: PathBuf,
        /// Keep an existing demo data dir instead of starting fresh.
        #[arg(long)]
        keep: bool,
        /// Address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Import this folder instead of the bundled demo pack.
        #[arg(long, value_name = "DIR")]
        pack: Option<PathBuf>,
    },
    /// Import story and roadmap files (a file, or a folder searched for *.md).
    Import {
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// Read article pages (HTML files) and print one JSON line per file: its main text and
    /// metadata, as ingestion would store them.
    Extract {
        /// The address the pages were saved from (resolves relative links).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
    },
    /// Run the builtin enrichment on raw text: JSON lines {"id", "title"?, "text"} from FILE
    /// or standard input, one JSON line out per input (labels, summary, entities, quotes).
    Analyze {
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Manage the feeds, pages and folders wkly reads from.
    #[command(subcommand)]
    Sources(SourcesCommand),
    /// Look at the pipeline's job queue and retry jobs that failed for good.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Create, promote, disable and list reader accounts.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; prints a generated password unless --password-stdin is given.
    Create {
        name: String,
        email: String,
        #[arg(long, default_value = "reader", value_name = "reader|editor|admin")]
        role: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Give an account a role.
    Promote {
        name: String,
        #[arg(long, default_value = "editor", value_name = "reader|editor|admin")]
        role: String,
    },
    /// Disable an account: it cannot sign in and its sessions end at once.
    Disable { name: String },
    /// Let a disabled account sign in again.
    Enable { name: String },
    /// List accounts, newest first.
    List {
        #[arg(long, default_value_t = 100)]
        limit: i64,
    },
}

#[derive(Subcommand)]
enum JobsCommand {
    /// Count jobs by status and list those in one status (dead ones by default, with their errors).
    List {
        #[arg(long, default_value = "dead", value_name = "dead|queued|running|done")]
        status: String,
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
    /// Give jobs a fresh set of attempts: the ids given, or every dead job.
    Retry {
        #[arg(value_name = "ID", required_unless_present = "all_dead")]
        ids: Vec<String>,
        #[arg(long)]
        all_dead: bool,
    },
}

#[derive(Subcommand)]
enum SourcesCommand {
    /// Add a feed or page URL, or a local folder of feeds and pages.
    Add {
        #[arg(value_name = "URL|FOLDER")]
        location: String,
        /// Display name (default: the host name or folder name).
        #[arg(long)]
        name: Option<String>,
        /// Category key its stories lean to (a hint for classification).
        #[arg(long)]
        category: Option<String>,
        /// auto: publish at once; hold: an editor reviews first.
        #[arg(long, value_name = "auto|hold")]
        review: Option<String>,
        /// feed (default) or page, for URLs.
        #[arg(long, value_name = "feed|page")]
        kind: Option<String>,
        /// An extra request header sent with every fetch, such as an API key; repeatable.
        #[arg(long = "header", value_name = "NAME: VALUE")]
        headers: Vec<String>,
    },
    /// List sources with their last fetch, last error and next fetch.
    List,
    /// Remove a source by id or URL (its articles stay).
    Remove {
        #[arg(value_name = "ID|URL")]
        id: String,
    },
    /// Add every feed of an OPML file.
    Import {
        #[arg(value_name = "FILE.opml")]
        file: PathBuf,
    },
    /// Write the feed and page sources as OPML to standard output.
    Export,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Servers and workers log their progress; one-shot commands speak through their own
    // output and log only what went wrong beyond it.
    let default_filter = match cli.command {
        Command::Serve { .. } | Command::Demo { .. } | Command::Worker => "info,sqlx=warn",
        _ => "error",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WKLY_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve { bind, no_worker } => commands::serve(cli.config.as_deref(), bind, !no_worker).await,
            Command::Worker => commands::worker(cli.config.as_deref()).await,
            Command::Extract { url, files } => Ok(commands::extract(url.as_deref(), &files)),
            Command::Ingest => commands::ingest(cli.config.as_deref()).await,
            Command::Analyze { file } => commands::analyze(cli.config.as_deref(), file.as_deref()),
            Command::Demo { data_dir, keep, bind, pack } => {
                commands::demo(cli.config.as_deref(), commands::DemoOptions { data_dir, keep, bind, pack }).await
            }
            Command::Import { path } => commands::import(cli.config.as_deref(), &path).await,
            Command::Sources(SourcesCommand::Add { location, name, category, review, kind, headers }) => {
                let input = wkly_app::sources::SourceInput { location, name, category, review, kind, headers };
                commands::sources_add(cli.config.as_deref(), input).await
            }
            Command::Sources(SourcesCommand::List) => commands::sources_list(cli.config.as_deref()).await,
            Command::Sources(SourcesCommand::Remove { id }) => {
                commands::sources_remove(cli.config.as_deref(), &id).await
            }
            Command::Sources(SourcesCommand::Import { file }) => {
                commands::sources_import(cli.config.as_deref(), &file).await
            }
            Command::Sources(SourcesCommand::Export) => commands::sources_export(cli.config.as_deref()).await,
            Command::Jobs(JobsCommand::List { status, limit }) => {
                commands::jobs_list(cli.config.as_deref(), &status, limit).await
            }
            Command::User(UserCommand::Create { name, email, role, password_stdin }) => {
                users::create(cli.config.as_deref(), &name, &email, &role, password_stdin).await
            }
            Command::User(UserCommand::Promote { name, role }) => {
                users::promote(cli.config.as_deref(), &name, &role).await
            }
            Command::User(UserCommand::Disable { name }) => {
                users::set_enabled(cli.config.as_deref(), &name, false).await
            }
            Command::User(UserCommand::Enable { name }) => users::set_enabled(cli.config.as_deref(), &name, true).await,
            Command::User(UserCommand::List { limit }) => users::list(cli.config.as_deref(), limit).await,
            Command::Jobs(JobsCommand::Retry { ids, all_dead }) => {
                commands::jobs_retry(cli.config.as_deref(), &ids, all_dead).await
            }
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
