//! A real SMTP server on loopback for the mail tests: the protocol is the
//! `mailin` crate's state machine; this file only accepts connections,
//! feeds it lines, and scripts its replies (a temporary failure first, a
//! permanent refusal for an address) and records every accepted message.

use mailin::{response, Action, Handler, Response, SessionBuilder};
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// One accepted message.
#[derive(Clone, Debug)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

impl Received {
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a message that parses")
    }

    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_string()
    }

    pub fn body(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|b| b.replace("\r\n", "\n"))
            .unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> String {
        let parsed = self.parsed();
        match name {
            "Message-ID" => parsed.message_id().unwrap_or_default().to_string(),
            "Reply-To" => parsed
                .reply_to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_string(),
            _ => parsed
                .header_raw(name)
                .unwrap_or_default()
                .trim()
                .to_string(),
        }
    }
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    /// Replies to the next messages' DATA command; 354 (go ahead) when empty.
    replies: VecDeque<(u16, String)>,
    /// Addresses refused at RCPT TO, with the reply.
    refused: HashMap<String, (u16, String)>,
    /// Every DATA command seen, accepted or not.
    attempts: usize,
}

#[derive(Clone)]
pub struct Sink {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Sink {
    pub fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").expect("sink binds");
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, state));
            }
        });
        Sink { addr, state }
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    pub fn attempts(&self) -> usize {
        self.state.lock().unwrap().attempts
    }

    /// The next message's DATA command gets this reply.
    pub fn reply_next(&self, code: u16, text: &str) {
        self.state
            .lock()
            .unwrap()
            .replies
            .push_back((code, text.to_string()));
    }

    /// Refuses this address at RCPT TO.
    pub fn refuse(&self, address: &str, code: u16, text: &str) {
        self.state
            .lock()
            .unwrap()
            .refused
            .insert(address.to_lowercase(), (code, text.to_string()));
    }
}

struct Session {
    state: Arc<Mutex<State>>,
    current: Option<Received>,
}

impl Handler for Session {
    fn rcpt(&mut self, to: &str) -> Response {
        let refused = self
            .state
            .lock()
            .unwrap()
            .refused
            .get(&to.to_lowercase())
            .cloned();
        match refused {
            Some((code, text)) => Response::custom(code, text),
            None => response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        // Scripted refusals come at DATA: mailin keeps a session that was
        // refused at the end of data in its data state, which no client expects.
        let mut state = self.state.lock().unwrap();
        state.attempts += 1;
        if let Some((code, text)) = state.replies.pop_front() {
            return Response::custom(code, text);
        }
        drop(state);
        self.current = Some(Received {
            from: from.to_string(),
            to: to.to_vec(),
            data: Vec::new(),
        });
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(current) = self.current.as_mut() {
            current.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mut state = self.state.lock().unwrap();
        if let Some(message) = self.current.take() {
            state.received.push(message);
        }
        response::OK
    }
}

fn serve(stream: TcpStream, state: Arc<Mutex<State>>) {
    let peer = stream
        .peer_addr()
        .map(|a| a.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut session = SessionBuilder::new("sink.test").build(
        peer,
        Session {
            state,
            current: None,
        },
    );
    if session.greeting().write_to(&mut writer).is_err() {
        return;
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let response = session.process(&line);
        match response.action {
            Action::Reply => {
                if response.write_to(&mut writer).is_err() {
                    return;
                }
            }
            Action::Close => {
                let _ = response.write_to(&mut writer);
                return;
            }
            Action::UpgradeTls => return,
            Action::NoReply => {}
        }
        let _ = writer.flush();
    }
}
