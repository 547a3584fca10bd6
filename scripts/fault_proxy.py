#!/usr/bin/env python3
"""Fault-injecting HTTP proxy for testing an OpenAI-compatible client.

Sits between a client (e.g. curate's generators) and a real LLM server
(vLLM, llama.cpp server, ...) and forwards every request unchanged, except
that a seeded random fraction of requests get one injected fault.

Usage:
    python3 scripts/fault_proxy.py --listen 127.0.0.1:8001 \\
        --upstream 127.0.0.1:8000 --fail-rate 0.2 --seed 1 \\
        --log requests.jsonl [--slow-s 3] [--upstream-timeout 600]

    Then point the client at http://127.0.0.1:8001/v1 instead of :8000.
    `--listen 127.0.0.1:0` picks a free port; the chosen one is printed.

Once the socket is listening the proxy prints `listening on HOST:PORT`
(flushed) to stdout, so a harness can wait for that line.  SIGTERM or
SIGINT stops it cleanly (exit status 0).

Forwarding: method, path (with query), headers and body go to the upstream
(hop-by-hop headers dropped, Host rewritten, Content-Length recomputed);
the upstream's status, headers (hop-by-hop dropped) and body come back with
a recomputed Content-Length.  Bodies are buffered whole, so a streamed (SSE)
upstream response reaches the client in one piece.  Any path is forwarded;
curate uses POST /v1/chat/completions, POST /v1/completions,
GET /v1/models and GET /health.  If the upstream cannot be reached the
client gets 502 with a JSON error body.

Faults: each request, in arrival order, draws from one RNG seeded with
--seed (under a lock): with probability --fail-rate it gets one fault,
chosen uniformly among
    drop       close the connection without sending any response
    429        status 429, `Retry-After: 1`, JSON error body (not forwarded)
    500        status 500, JSON error body (not forwarded)
    slow       forwarded, but the response is held back --slow-s seconds
    truncated  forwarded, then status 200 with only the first half of the
               upstream body (Content-Length = that half's length)
With concurrent clients the arrival order, and so which request gets which
fault, depends on scheduling; with one client at a time it is reproducible.

Log (--log): one JSON object per request, appended and flushed under a lock:
    {"t": arrival unix time, "path": ..., "fault": null|"drop"|"429"|"500"|
     "slow"|"truncated", "forwarded": bool (the upstream received it),
     "upstream_status": int|null, "body_sha1": sha1 hex of the request body,
     "prompt_key": request header X-Curate-Key or null,
     "auth": "Bearer ****<last 4 characters of the key>" or null}

Stdlib only (Python 3.11).
"""
import argparse
import hashlib
import http.client
import json
import random
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULTS = ("drop", "429", "500", "slow", "truncated")

# RFC 9110 7.6.1 hop-by-hop headers, plus ones the proxy recomputes itself.
HOP_BY_HOP = {
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
    "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
}


def parse_hostport(s):
    host, sep, port = s.rpartition(":")
    if not sep or not host:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {s!r}")
    try:
        return host.strip("[]"), int(port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad port in {s!r}") from None


def error_body(status, message, kind):
    return json.dumps({"error": {"message": message, "type": kind, "param": None,
                                 "code": status}}).encode()


class FaultState:
    """Shared RNG, log file and their locks."""

    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.rng_lock = threading.Lock()
        self.log_lock = threading.Lock()
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None

    def decide(self):
        with self.rng_lock:
            if self.rng.random() < self.args.fail_rate:
                return self.rng.choice(FAULTS)
            return None

    def write_log(self, record):
        if self.log is None:
            return
        line = json.dumps(record) + "\n"
        with self.log_lock:
            if not self.log.closed:
                self.log.write(line)
                self.log.flush()

    def close(self):
        with self.log_lock:
            if self.log is not None:
                self.log.close()


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fault_proxy"
    state: FaultState = None  # set in main()

    def log_message(self, fmt, *args):
        if self.state.args.verbose:
            super().log_message(fmt, *args)

    # --- request plumbing -------------------------------------------------

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def send_full(self, status, headers, body):
        """Send a complete response with a recomputed Content-Length."""
        self.send_response(status)
        for k, v in headers:
            if k.lower() not in HOP_BY_HOP and k.lower() not in ("content-length", "server", "date"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()

    def forward(self, body, record):
        """Send the request upstream; return (status, headers, body)."""
        host, port = self.state.args.upstream
        conn = http.client.HTTPConnection(host, port, timeout=self.state.args.upstream_timeout)
        try:
            headers = {}
            for k, v in self.headers.items():
                if k.lower() in HOP_BY_HOP or k.lower() in ("host", "content-length", "expect"):
                    continue
                headers[k] = v
            headers["Host"] = f"{host}:{port}"
            if body or self.command in ("POST", "PUT", "PATCH"):
                headers["Content-Length"] = str(len(body))
            conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for k, v in headers.items():
                conn.putheader(k, v)
            conn.endheaders(body if body else None)
            record["forwarded"] = True
            resp = conn.getresponse()
            data = resp.read()
            record["upstream_status"] = resp.status
            return resp.status, resp.getheaders(), data
        finally:
            conn.close()

    # --- main entry -------------------------------------------------------

    def handle_request(self):
        record = {"t": time.time(), "path": self.path, "fault": None, "forwarded": False,
                  "upstream_status": None, "body_sha1": None,
                  "prompt_key": self.headers.get("X-Curate-Key"),
                  # Which key was sent, without writing it down: the scheme
                  # and the key's last 4 characters.
                  "auth": mask(self.headers.get("Authorization"))}
        try:
            body = self.read_body()
            record["body_sha1"] = hashlib.sha1(body).hexdigest()
            fault = self.state.decide()
            record["fault"] = fault
            if fault == "drop":
                self.close_connection = True  # handler returns without writing a byte
                return
            if fault == "429":
                self.send_full(429, [("Content-Type", "application/json"), ("Retry-After", "1")],
                               error_body(429, "fault_proxy: injected rate limit",
                                          "rate_limit_error"))
                return
            if fault == "500":
                self.send_full(500, [("Content-Type", "application/json")],
                               error_body(500, "fault_proxy: injected server error",
                                          "server_error"))
                return
            try:
                status, headers, data = self.forward(body, record)
            except (OSError, http.client.HTTPException) as e:
                self.close_connection = True
                self.send_full(502, [("Content-Type", "application/json")],
                               error_body(502, f"fault_proxy: upstream error: {e!r}",
                                          "upstream_error"))
                return
            if fault == "slow":
                time.sleep(self.state.args.slow_s)
            elif fault == "truncated":
                status, data = 200, data[: len(data) // 2]
            self.send_full(status, headers, data)
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # client went away
        finally:
            self.state.write_log(record)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_request


def mask(auth):
    if auth is None:
        return None
    scheme, _, key = auth.partition(" ")
    return f"{scheme} ****{key[-4:]}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--listen", type=parse_hostport, required=True, help="HOST:PORT to listen on")
    ap.add_argument("--upstream", type=parse_hostport, required=True, help="HOST:PORT of the server")
    ap.add_argument("--fail-rate", type=float, default=0.0, help="probability of a fault (0..1)")
    ap.add_argument("--seed", type=int, default=0, help="RNG seed for fault decisions")
    ap.add_argument("--log", help="append one JSON line per request here")
    ap.add_argument("--slow-s", type=float, default=3.0, help="delay for the slow fault (s)")
    ap.add_argument("--upstream-timeout", type=float, default=600.0,
                    help="socket timeout talking to the upstream (s)")
    ap.add_argument("--verbose", action="store_true", help="log each request to stderr")
    args = ap.parse_args(argv)
    if not 0.0 <= args.fail_rate <= 1.0:
        ap.error("--fail-rate must be within [0, 1]")

    state = FaultState(args)
    ProxyHandler.state = state
    server = ThreadingHTTPServer(args.listen, ProxyHandler)

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    host, port = server.server_address[:2]
    print(f"listening on {host}:{port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        state.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
