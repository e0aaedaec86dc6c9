use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

pub(crate) fn wkly(data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wkly"));
    cmd.env("WKLY_DATA_DIR", data_dir).env("WKLY_LOG", "warn").env_remove("WKLY_CONFIG").current_dir(data_dir);
    cmd
}

pub(crate) fn run(cmd: &mut Command) -> (Output, String, String) {
    let out = cmd.output().expect("run wkly");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

const ROADMAP: &str = "+++\ntitle = \"Check your savings rate\"\ngoal = \"money\"\ncategory = \"money\"\nsummary = \"Make sure your cash earns what it can.\"\nduration = \"an hour\"\n\n[[steps]]\ntitle = \"Find your rate\"\ndo = \"Look up the rate on your savings account.\"\nwhy = \"You cannot compare without it.\"\n+++\nA short guide.\n";

fn story(title: &str, evidence: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ncategory = \"money\"\ngoal = \"money\"\nsentiment = \"negative\"\nlocation = \"Oslo, Norway\"\n\
         published_at = \"2026-11-02T08:00:00Z\"\nteaser = \"Savers earn less.\"\nroadmaps = [\"check-your-savings-rate\"]\n\n\
         [[sources]]\nid = \"wire\"\noutlet = \"Fjord Wire\"\nurl = \"https://fjord.example/a\"\ntitle = \"Rates cut\"\n\
         text = \"The bank cut its savings rate to 2.1% on Monday.\"\n\n\
         [[impacts]]\ngoal = \"money\"\ntext = \"Compare your savings rate with the 2.1% now on offer.\"\nevidence = \"{evidence}\"\nsource = \"wire\"\n\
         +++\n\nA Norwegian bank cut the rate it pays savers to 2.1%.\n"
    )
}

#[test]
fn import_reports_each_bad_file_with_its_line_and_imports_the_rest() {
    let dir = tempfile::tempdir().expect("tmp");
    let files = dir.path().join("files");
    std::fs::create_dir_all(files.join("roadmaps")).expect("mkdir");
    std::fs::write(files.join("roadmaps/check-your-savings-rate.md"), ROADMAP).expect("write");
    std::fs::write(
        files.join("good.md"),
        story("Savings rates cut", "The bank cut its savings rate to 2.1% on Monday."),
    )
    .expect("write");
    std::fs::write(files.join("bad.md"), story("Invented evidence", "The bank doubled its rate.")).expect("write");
    std::fs::write(files.join("binary.md"), b"+++\n\xff\xfe\n+++\n").expect("write");
    std::fs::write(files.join("README.md"), "not a story").expect("write");

    let (out, stdout, stderr) = run(wkly(dir.path()).arg("import").arg(&files));
    assert_eq!(out.status.code(), Some(1), "problems make the exit code 1\n{stdout}\n{stderr}");
    assert!(stderr.contains("bad.md:21: the evidence of the impact is not, word for word"), "{stderr}");
    assert!(stderr.contains("binary.md:2: the file is not valid UTF-8"), "{stderr}");
    assert!(
        stdout.contains("imported: 1 stories (1 new, 0 updated), 1 roadmaps (1 new, 0 updated); 2 problem(s)"),
        "{stdout}"
    );

    std::fs::remove_file(files.join("bad.md")).expect("rm");
    std::fs::remove_file(files.join("binary.md")).expect("rm");
    let (out, stdout, _) = run(wkly(dir.path()).arg("import").arg(&files));
    assert!(out.status.success());
    assert!(stdout.contains("imported: 1 stories (0 new, 1 updated), 1 roadmaps (0 new, 1 updated)"), "{stdout}");
}

#[test]
fn a_bad_setting_stops_start_up_and_names_its_key() {
    let dir = tempfile::tempdir().expect("tmp");
    let (out, _, stderr) = run(wkly(dir.path()).arg("serve").env("WKLY_SERVER__BIND", "localhost"));
    assert!(!out.status.success());
    assert!(stderr.contains("server.bind") && stderr.contains("127.0.0.1:8080"), "{stderr}");

    std::fs::write(dir.path().join("wkly.toml"), "[site]\nhandle = \"@bad handle\"\n").expect("write");
    let (out, _, stderr) = run(wkly(dir.path()).arg("serve"));
    assert!(!out.status.success());
    assert!(stderr.contains("site.handle"), "{stderr}");

    let (out, _, stderr) = run(wkly(dir.path()).args(["--config", "missing.toml", "serve"]));
    assert!(!out.status.success());
    assert!(stderr.contains("missing.toml does not exist"), "{stderr}");

    std::fs::remove_file(dir.path().join("wkly.toml")).expect("rm");
    let (out, _, stderr) = run(wkly(dir.path()).arg("import").arg("no/such/folder"));
    assert!(!out.status.success());
    assert!(stderr.contains("cannot read no/such/folder"), "{stderr}");
}

#[test]
fn demo_refuses_to_wipe_a_folder_that_is_not_demo_data() {
    let dir = tempfile::tempdir().expect("tmp");
    let precious = dir.path().join("mine");
    std::fs::create_dir_all(&precious).expect("mkdir");
    std::fs::write(precious.join("notes.txt"), "keep me").expect("write");
    let (out, _, stderr) = run(wkly(dir.path()).args(["demo", "--data-dir", "mine", "--bind", "127.0.0.1:0"]));
    assert!(!out.status.success());
    assert!(stderr.contains("not demo data"), "{stderr}");
    assert_eq!(std::fs::read_to_string(precious.join("notes.txt")).expect("still there"), "keep me");
}

#[test]
fn demo_imports_the_bundled_pack_and_serves_it() {
    let dir = tempfile::tempdir().expect("tmp");
    // A previous demo's account mail is its own data: starting again clears it.
    std::fs::create_dir_all(dir.path().join("wkly-demo/mail")).expect("mkdir");
    std::fs::write(dir.path().join("wkly-demo/mail/old.eml"), "From: x").expect("write");
    let mut child = wkly(dir.path())
        .args(["demo", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start demo");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut printed = Vec::new();
    let url = loop {
        let line = lines.next().expect("the demo prints its address").expect("line");
        printed.push(line.clone());
        if let Some(rest) = line.strip_prefix("wkly demo is running at ") {
            break rest.split_whitespace().next().expect("url").to_string();
        }
    };
    assert!(printed.iter().any(|l| l.starts_with("imported: 44 stories") || l.contains("stories (")), "{printed:?}");
    assert!(printed.iter().any(|l| l.starts_with("demo editor: sign in as demo_editor with password ")), "{printed:?}");
    assert!(printed.iter().any(|l| l.starts_with("account mail: .eml files in")), "{printed:?}");
    assert!(!dir.path().join("wkly-demo/mail/old.eml").exists(), "the old demo's mail went with it");
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let mut stream = TcpStream::connect(&addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    stream.write_all(b"GET / HTTP/1.0\r\nHost: demo\r\n\r\n").expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        response.starts_with("HTTP/1.0 200") || response.starts_with("HTTP/1.1 200"),
        "{}",
        &response[..response.len().min(200)]
    );
    assert!(response.contains("Demo newsroom"), "the demo says its content is fictional");
    assert!(dir.path().join("wkly-demo/wkly.db").is_file(), "a fresh data dir was made");
}

#[test]
fn sources_are_added_once_listed_and_removed_with_clear_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let (out, stdout, _) = run(wkly(dir.path()).args(["sources", "list"]));
    assert!(out.status.success() && stdout.contains("no sources yet"), "{stdout}");

    let (out, stdout, stderr) = run(wkly(dir.path()).args([
        "sources",
        "add",
        "https://www.wire.example/feed.xml#x",
        "--category",
        "money",
        "--review",
        "hold",
        "--header",
        "X-Api-Key: very-secret",
    ]));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.starts_with("added https://www.wire.example/feed.xml \"wire.example\" (feed, review hold) as "),
        "{stdout}"
    );
    let id = stdout.trim().rsplit(' ').next().expect("id").to_string();
    let (_, stdout, _) = run(wkly(dir.path()).args(["sources", "add", "https://www.wire.example/feed.xml"]));
    assert!(stdout.contains("is already a source"), "{stdout}");

    for (args, message) in [
        (vec!["sources", "add", "ftp://wire.example/f"], "only http:// and https://"),
        (
            vec!["sources", "add", "https://wire.example/f", "--category", "astrology"],
            "category \"astrology\" is not one of",
        ),
        (vec!["sources", "add", "https://wire.example/f", "--review", "never"], "review \"never\""),
        (vec!["sources", "add", "<script>alert(1)</script>"], "neither an http(s) URL nor an existing folder"),
        (vec!["sources", "add", "https://wire.example/f", "--header", "Host: evil.example"], "set by wkly itself"),
    ] {
        let (out, _, stderr) = run(wkly(dir.path()).args(&args));
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }

    let (_, stdout, _) = run(wkly(dir.path()).args(["sources", "list"]));
    assert!(stdout.contains(&id) && stdout.contains("review hold") && stdout.contains("last fetch never"), "{stdout}");
    assert!(stdout.contains("headers X-Api-Key (values hidden)") && !stdout.contains("very-secret"), "{stdout}");
    let (out, _, stderr) = run(wkly(dir.path()).args(["sources", "remove", "no-such-id"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("no source has the id"), "{stderr}");
    let (out, stdout, _) = run(wkly(dir.path()).args(["sources", "remove", &id]));
    assert!(out.status.success() && stdout.contains("removed"), "{stdout}");
    let (_, stdout, _) = run(wkly(dir.path()).args(["sources", "list"]));
    assert!(stdout.contains("no sources yet"), "{stdout}");
}

#[test]
fn sources_round_trip_through_opml_and_bad_outlines_are_reported() {
    let dir = tempfile::tempdir().expect("tmp");
    let opml = r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Money">
    <outline text="Harbour &amp; Ledger" type="rss" xmlUrl="https://harbourledger.example/feed.xml"/>
    <outline text="Café &lt;Wire&gt;" type="rss" xmlUrl="https://cafewire.example/rss?x=1&amp;y=2"/>
  </outline>
  <outline text="Elsewhere" type="rss" xmlUrl="https://atlas.example/atom"/>
  <outline text="Broken" type="rss" xmlUrl="javascript:alert(1)"/>
</body></opml>"#;
    std::fs::write(dir.path().join("in.opml"), opml).expect("write");
    let (out, stdout, stderr) = run(wkly(dir.path()).args(["sources", "import", "in.opml"]));
    assert_eq!(out.status.code(), Some(1), "a skipped outline makes the exit code 1: {stdout} {stderr}");
    assert!(stdout.contains("sources: 3 added, 0 already present, 1 skipped"), "{stdout}");
    assert!(stderr.contains("skipped javascript:alert(1)"), "{stderr}");
    let (_, again, _) = run(wkly(dir.path()).args(["sources", "import", "in.opml"]));
    assert!(again.contains("0 added, 3 already present"), "{again}");

    let (out, exported, _) = run(wkly(dir.path()).args(["sources", "export"]));
    assert!(out.status.success());
    assert!(exported.contains("Harbour &amp; Ledger") && exported.contains("Café &lt;Wire&gt;"), "{exported}");
    assert!(exported.contains("money"), "a taxonomy category survives: {exported}");

    // A fresh install importing the export ends with the same export.
    let other = tempfile::tempdir().expect("tmp");
    std::fs::write(other.path().join("out.opml"), &exported).expect("write");
    let (out, _, stderr) = run(wkly(other.path()).args(["sources", "import", "out.opml"]));
    assert!(out.status.success(), "{stderr}");
    let (_, exported_again, _) = run(wkly(other.path()).args(["sources", "export"]));
    assert_eq!(exported_again, exported);

    std::fs::write(dir.path().join("junk.opml"), "<html><body>not opml</body></html>").expect("write");
    let (out, _, stderr) = run(wkly(dir.path()).args(["sources", "import", "junk.opml"]));
    assert!(!out.status.success());
    assert!(stderr.contains("cannot read the OPML file"), "{stderr}");
}

#[test]
fn ingest_reads_a_folder_source_once_and_reports_what_it_did() {
    let dir = tempfile::tempdir().expect("tmp");
    let feeds = dir.path().join("feeds");
    std::fs::create_dir(&feeds).expect("mkdir");
    std::fs::write(
        feeds.join("wire.xml"),
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
         <item><title>Rates rise</title><link>https://wire.example/1</link><description>Rates rose.</description></item>\
         <item><title>Fees fall</title><link>https://wire.example/2</link><description>Fees fell.</description></item>\
         </channel></rss>",
    )
    .expect("write");
    std::fs::write(feeds.join("junk.xml"), "<html>moved</html>").expect("write");
    let (out, _, stderr) = run(wkly(dir.path()).args(["sources", "add", "feeds"]));
    assert!(out.status.success(), "{stderr}");

    let (out, stdout, _) = run(wkly(dir.path()).arg("ingest"));
    assert_eq!(out.status.code(), Some(1), "a failure makes the exit code 1: {stdout}");
    assert!(stdout.contains("ingest: 1 source(s) read; articles: 2 new, 0 updated"), "{stdout}");
    assert!(stdout.contains("failed: file://") && stdout.contains("junk.xml is not a readable feed"), "{stdout}");

    let (out, stdout, _) = run(wkly(dir.path()).arg("ingest"));
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("ingest: 0 source(s) read"), "nothing is due right after a read: {stdout}");
}

#[test]
fn extract_prints_one_json_line_per_page_and_reports_bad_files() {
    let dir = tempfile::tempdir().expect("tmp");
    let page = "<html lang=\"en\"><head><title>Harbour fees rise</title>\
        <link rel=\"canonical\" href=\"/fees?utm_source=feed\"></head><body><nav>Home</nav><article><h1>Harbour fees rise</h1>\
        <p>ROTTERDAM \u{2014} The harbour authority said on Tuesday that fees for every container will rise by twelve percent from January.</p>\
        <p>Shipping lines said they would study the schedule before deciding whether customers pay.</p></article>\
        <footer>Contact</footer></body></html>";
    std::fs::write(dir.path().join("page.html"), page).expect("write");
    std::fs::write(dir.path().join("empty.html"), "<html><body><nav>Menu</nav></body></html>").expect("write");
    let (out, stdout, stderr) = run(wkly(dir.path()).args([
        "extract",
        "--url",
        "https://harbourledger.example/x",
        "page.html",
        "empty.html",
        "missing.html",
    ]));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).expect("json");
    assert_eq!(v["path"], "page.html");
    assert_eq!(v["canonical_url"], "https://harbourledger.example/fees");
    assert!(v["text"].as_str().is_some_and(|t| t.contains("twelve percent") && !t.contains("Contact")), "{v}");
    assert!(stderr.contains("empty.html:") && stderr.contains("missing.html: cannot read"), "{stderr}");
}

#[test]
fn the_job_queue_can_be_inspected_and_retried_with_clear_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let (out, stdout, stderr) = run(wkly(dir.path()).args(["jobs", "list"]));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("jobs: 0 queued, 0 running, 0 done, 0 dead") && stdout.contains("no dead jobs"),
        "{stdout}"
    );
    let (out, _, stderr) = run(wkly(dir.path()).args(["jobs", "list", "--status", "zombie"]));
    assert!(!out.status.success() && stderr.contains("status \"zombie\" is not one of"), "{stderr}");
    let (out, stdout, stderr) = run(wkly(dir.path()).args(["jobs", "retry", "no-such-job"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("retried 0 job(s)") && stderr.contains("no dead or queued job has the id"), "{stderr}");
    let (out, _, stderr) = run(wkly(dir.path()).args(["jobs", "retry"]));
    assert!(!out.status.success() && stderr.contains("<ID>"), "{stderr}");
    let (out, stdout, _) = run(wkly(dir.path()).args(["jobs", "retry", "--all-dead"]));
    assert!(out.status.success() && stdout.contains("retried 0 job(s)"), "{stdout}");
}

#[test]
fn analyze_reads_json_lines_from_standard_input_and_reports_bad_ones() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut child = wkly(dir.path())
        .arg("analyze")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let input = concat!(
        "{\"id\": \"n1\", \"title\": \"Tokyo exporters cheer as yen weakens\", \"text\": \"TOKYO — Japanese exporters' shares rose 3% on Tuesday after the yen fell to 158 per dollar. \\u201cA weaker yen lifts our profits,\\u201d said Kenji Sato, chief economist at Hoshino Securities.\"}\n",
        "{\"text\": \"no id\"}\n",
    );
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write");
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a bad line makes the exit code 1");
    assert!(stderr.contains("line 2: missing \"id\""), "{stderr}");
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let r = &lines[0];
    assert_eq!(r["id"], "n1");
    assert_eq!(r["location"], "Tokyo, Japan");
    assert_eq!(r["quotes"][0]["speaker"], "Kenji Sato");
    assert_eq!(r["quotes"][0]["organisation"], "Hoshino Securities");
    assert!(r["entities"].as_array().is_some_and(|e| !e.is_empty()), "{r}");
}
