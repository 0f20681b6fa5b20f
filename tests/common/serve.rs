//! A web server on loopback for the tests of records taken from the web: each path answers
//! with its status, headers and body, and every request's path is kept, to be checked.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// One answer: the status line's code and text, the headers, the body.
#[derive(Clone)]
pub struct Answer {
    pub status: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self { status: "200 OK", headers: vec![("Content-Type".into(), content_type.into())], body: body.into() }
    }

    pub fn status(status: &'static str) -> Self {
        Self { status, headers: Vec::new(), body: Vec::new() }
    }

    fn bytes(&self) -> Vec<u8> {
        let mut out =
            format!("HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n", self.status, self.body.len());
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// A running server: its address (`http://127.0.0.1:PORT`), the paths asked for, and its
/// pages (a test may change one).
pub struct Server {
    pub address: String,
    pub asked: Arc<Mutex<Vec<String>>>,
    pub pages: Arc<Mutex<BTreeMap<String, Answer>>>,
}

impl Server {
    /// From now on, `path` answers with `answer`.
    pub fn set(&self, path: &str, answer: Answer) {
        self.pages.lock().unwrap().insert(path.to_owned(), answer);
    }
}

/// Serves `pages` (path → answer; any other path is a 404) until the test ends.
pub fn serve(pages: BTreeMap<String, Answer>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    let pages = Arc::new(Mutex::new(pages));
    let served = pages.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 8192];
            let n = stream.read(&mut request).unwrap_or(0);
            let line = String::from_utf8_lossy(&request[..n]).lines().next().unwrap_or_default().to_owned();
            let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
            log.lock().unwrap().push(path.clone());
            let answer = served.lock().unwrap().get(&path).cloned().unwrap_or_else(|| Answer::status("404 Not Found"));
            let _ = stream.write_all(&answer.bytes());
        }
    });
    Server { address, asked, pages }
}
