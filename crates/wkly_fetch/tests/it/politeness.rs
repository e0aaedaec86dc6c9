use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use wkly_fetch::{FetchPolicy, FetchRequest, Fetcher};

use crate::support::{Reply, Response, TestServer, test_policy};

#[tokio::test]
async fn two_requests_to_one_host_run_one_after_the_other_with_a_pause_between() {
    // The first request is held until a second one arrives (or 300 ms pass): if the
    // fetcher let both run at once, the second would arrive while the first is held.
    let second_arrived = Arc::new(Notify::new());
    let signal = Arc::clone(&second_arrived);
    let server = TestServer::start(move |request| {
        if request.index == 0 {
            Reply::AfterSignal {
                signal: Arc::clone(&signal),
                at_most: Duration::from_millis(300),
                then: Box::new(Response::ok("first").into()),
            }
        } else {
            signal.notify_one();
            Response::ok("second").into()
        }
    })
    .await;
    let pause = Duration::from_millis(50);
    let fetcher = Fetcher::new(FetchPolicy { per_host_min_delay: pause, ..test_policy() }).unwrap();
    let clone = fetcher.clone();
    let (one, two) = (FetchRequest::new(server.url("/one")), FetchRequest::new(server.url("/two")));

    let (first, second) = tokio::join!(fetcher.fetch(&one), clone.fetch(&two));

    first.unwrap();
    second.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first_answer = requests[0].answering.unwrap();
    // The client cannot finish reading an answer before the server starts writing it,
    // and it waits `pause` after finishing: both bounds follow from causality alone.
    assert!(requests[1].received > first_answer);
    assert!(requests[1].received - first_answer >= pause);
}
