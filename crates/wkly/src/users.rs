//! `wkly user …`: accounts from the command line — the first editor of a new site, a
//! promotion, a disabled troublemaker — through the same use cases the web uses.

use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use wkly_app::accounts;
use wkly_core::{Role, Timestamp};

use crate::commands::{load_config, open_store};

/// Creates an account. The password comes from the first line of standard input with
/// `--password-stdin`; otherwise a strong one is made and printed once.
pub async fn create(
    config_file: Option<&Path>,
    name: &str,
    email: &str,
    role: &str,
    password_stdin: bool,
) -> anyhow::Result<ExitCode> {
    let role: Role = role.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("read the password from standard input")?;
        (line.trim_end_matches(['\r', '\n']).to_string(), false)
    } else {
        // 24 hex digits of the OS's randomness: 96 bits, easy to paste.
        (accounts::secrets::random_token().map_err(|e| anyhow::anyhow!("{e}"))?[..24].to_string(), true)
    };
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let result = accounts::create_account(&store, name, email, &password, role).await;
    store.close().await;
    match result? {
        Ok(_) => {
            println!("created {} ({}) as {}", name.trim().to_lowercase(), email.trim(), role.as_str());
            if generated {
                println!("password: {password}");
                println!("(shown once: pass it on safely; they can change it in their settings)");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            for p in problems {
                eprintln!("{}: {}", p.field, p.message);
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Gives an account a role (reader, editor or admin).
pub async fn promote(config_file: Option<&Path>, name: &str, role: &str) -> anyhow::Result<ExitCode> {
    let role: Role = role.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let result = async {
        let Some(account) = store.find_account_by_name(&name.trim().to_lowercase()).await? else {
            bail!("no account is called {name:?}");
        };
        store.set_role(&account.id, role).await?;
        println!("{} is now {}", account.name, role.as_str());
        Ok(ExitCode::SUCCESS)
    }
    .await;
    store.close().await;
    result
}

/// Disables an account (its sessions end at once) or enables it again.
pub async fn set_enabled(config_file: Option<&Path>, name: &str, enabled: bool) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let result = async {
        let Some(account) = store.find_account_by_name(&name.trim().to_lowercase()).await? else {
            bail!("no account is called {name:?}");
        };
        store.set_user_status(&account.id, if enabled { "active" } else { "disabled" }).await?;
        if enabled {
            println!("{} can sign in again", account.name);
        } else {
            println!("{} is disabled and signed out everywhere", account.name);
        }
        Ok(ExitCode::SUCCESS)
    }
    .await;
    store.close().await;
    result
}

/// Lists accounts, newest first.
pub async fn list(config_file: Option<&Path>, limit: i64) -> anyhow::Result<ExitCode> {
    let config = load_config(config_file)?;
    let store = open_store(&config).await?;
    let accounts = store.list_accounts(limit.clamp(1, 10_000)).await;
    store.close().await;
    let accounts = accounts?;
    if accounts.is_empty() {
        println!("no accounts yet: create one with `wkly user create NAME EMAIL`");
    }
    for a in accounts {
        let verified = if a.email_verified_at.is_some() { "confirmed" } else { "unconfirmed" };
        println!(
            "{:<24} {:<8} {:<9} {} ({verified})  joined {}",
            a.name,
            a.role,
            a.status,
            a.email,
            Timestamp(a.created_at).to_rfc3339()
        );
    }
    Ok(ExitCode::SUCCESS)
}
