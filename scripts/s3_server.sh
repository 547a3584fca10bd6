#!/usr/bin/env bash
# s3_server.sh: a local S3-compatible server on 127.0.0.1 for tests of s3:// paths (object_store's
# AmazonS3). It is moto's S3 (PyPI moto 5.2.5, every dependency pinned below) run in its own
# virtualenv, with one change in how it is served: requests are handled one at a time (a lock
# around the WSGI app), so `If-None-Match: *` (object_store PutMode::Create) is atomic. moto's own
# threaded `moto_server` checks and stores without a lock: in races of 16 concurrent creates of
# one key, 3 rounds in 600 had two winners (0 in 600 served this way). moto keeps objects in memory (nothing survives `stop`)
# and does not check signatures (any key/secret is accepted).
#
#   eval "$(scripts/s3_server.sh start)"   # install if needed, start, create the bucket(s), print
#                                          # the `export AWS_...` lines a client needs
#   scripts/s3_server.sh install           # only create the venv (the test command does this once)
#   scripts/s3_server.sh env               # print those lines again
#   scripts/s3_server.sh status            # exit 0 when it answers
#   scripts/s3_server.sh stop
#
# Environment: CURATE_S3_DIR (pid, port, log, env file; default /tmp/curate-s3), CURATE_S3_PORT
# (default: a free port chosen by the OS at bind time), CURATE_S3_BUCKETS (space-separated, default "curate"), CURATE_S3_VENV (default
# ~/.cache/curate/s3-moto-5.2.5), PYTHON (default python3).
# The client side: object_store's AmazonS3Builder::from_env() reads AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL (alias AWS_ENDPOINT) and AWS_ALLOW_HTTP=true
# (needed for http://); requests are path-style (the default when an endpoint is set).
# object_store::parse_url_opts does NOT read the environment: pass these as options.
set -euo pipefail

DIR=${CURATE_S3_DIR:-/tmp/curate-s3}
BUCKETS=${CURATE_S3_BUCKETS:-curate}
VENV=${CURATE_S3_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/curate/s3-moto-5.2.5}
PY=${PYTHON:-python3}
KEY_ID=curate-test
SECRET=curate-test-secret
REGION=us-east-1
PIDFILE=$DIR/server.pid

# `pip freeze` of `pip install 'moto[s3]==5.2.5' flask==3.1.3 flask-cors==6.0.5` (Python 3.11).
PINS=(
  moto==5.2.5 Flask==3.1.3 flask-cors==6.0.5 Werkzeug==3.1.9 blinker==1.9.0 boto3==1.44.8
  botocore==1.44.8 certifi==2026.10.19.post1 cffi==2.1.1 charset-normalizer==3.5.3 click==8.5.1
  cryptography==50.0.2 idna==3.20 itsdangerous==2.2.0 Jinja2==3.1.6 jmespath==1.1.0
  MarkupSafe==3.0.4 py-partiql-parser==0.6.3 pycparser==3.12 python-dateutil==2.9.0.post0
  PyYAML==6.0.4 requests==2.34.2 responses==0.26.3 s3transfer==0.19.3 six==1.17.0 urllib3==2.8.0
  xmltodict==1.0.4
)

log() { echo "s3_server: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
alive() { [[ -s $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

install() {
  if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c 'import moto, flask, boto3, sys; sys.exit(moto.__version__ != "5.2.5")' 2>/dev/null; then
    return 0
  fi
  log "installing moto 5.2.5 into $VENV (pip, pinned)"
  local t0=$SECONDS
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${PINS[@]}" >&2 || die "pip install failed"
  log "installed in $((SECONDS - t0)) s"
}

write_launcher() {
  cat >"$DIR/serve.py" <<'EOF'
# moto's S3 served by werkzeug with one request at a time (see scripts/s3_server.sh).
# argv: PORT (0: any free port) PORTFILE (written once the socket is bound).
import os, signal, sys, threading
from werkzeug.serving import make_server
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication, MotoRequestHandler, create_backend_app)

port, portfile = int(sys.argv[1]), sys.argv[2]
app = DomainDispatcherApplication(create_backend_app)
lock = threading.Lock()

def serialized(environ, start_response):
    # moto checks If-None-Match / If-Match and then stores, without a lock of its own.
    with lock:
        return list(app(environ, start_response))

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
server = make_server("127.0.0.1", port, serialized, threaded=True,
                     request_handler=MotoRequestHandler)
with open(portfile + ".tmp", "w") as f:
    f.write(f"{server.server_address[1]}\n")
os.rename(portfile + ".tmp", portfile)
print(f"listening on 127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
EOF
}

env_lines() {
  local port=$1
  cat <<EOF
export AWS_ACCESS_KEY_ID=$KEY_ID
export AWS_SECRET_ACCESS_KEY=$SECRET
export AWS_REGION=$REGION
export AWS_DEFAULT_REGION=$REGION
export AWS_ENDPOINT_URL=http://127.0.0.1:$port
export AWS_ALLOW_HTTP=true
export CURATE_S3_BUCKETS="$BUCKETS"
EOF
}

answers() { # port
  "$VENV/bin/python" - "$1" <<'EOF' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/", timeout=2).read()
EOF
}

start() {
  mkdir -p "$DIR"
  if alive && [[ -s $DIR/port ]] && answers "$(cat "$DIR/port")"; then
    log "already running (pid $(cat "$PIDFILE"), port $(cat "$DIR/port"))"
    cat "$DIR/env"
    return 0
  fi
  install
  write_launcher
  rm -f "$DIR/port"
  setsid "$VENV/bin/python" "$DIR/serve.py" "${CURATE_S3_PORT:-0}" "$DIR/port" \
    >"$DIR/server.log" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  for _ in $(seq 300); do
    [[ -s $DIR/port ]] && break
    alive || die "server exited; $DIR/server.log: $(tail -5 "$DIR/server.log")"
    sleep 0.1
  done
  [[ -s $DIR/port ]] || die "server did not bind within 30 s; $DIR/server.log: $(tail -5 "$DIR/server.log")"
  local port
  port=$(cat "$DIR/port")
  # The first request can take seconds on a loaded box (moto imports lazily):
  # up to 15 tries of 2 s before giving up.
  local ok=""
  for _ in $(seq 15); do
    if answers "$port"; then ok=1; break; fi
    alive || die "server exited; $DIR/server.log: $(tail -5 "$DIR/server.log")"
    sleep 0.2
  done
  [[ -n $ok ]] || die "no answer on 127.0.0.1:$port within 30 s; $DIR/server.log: $(tail -5 "$DIR/server.log")"
  # shellcheck disable=SC2086 # one argument per bucket
  "$VENV/bin/python" - "$port" $BUCKETS <<EOF || die "could not create buckets $BUCKETS"
import sys, boto3
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="$REGION",
                  aws_access_key_id="$KEY_ID", aws_secret_access_key="$SECRET",
                  config=Config(s3={"addressing_style": "path"}))
for b in sys.argv[2:]:
    s3.create_bucket(Bucket=b)
EOF
  env_lines "$port" >"$DIR/env"
  log "moto S3 on http://127.0.0.1:$port (pid $(cat "$PIDFILE")), buckets: $BUCKETS; env in $DIR/env"
  cat "$DIR/env"
}

stop() {
  alive || { log "not running"; rm -f "$PIDFILE"; return 0; }
  local pid
  pid=$(cat "$PIDFILE")
  kill "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$PIDFILE"
  log "stopped (pid $pid)"
}

case ${1:-start} in
  install) install ;;
  start) start ;;
  stop) stop ;;
  env) [[ -s $DIR/env ]] || die "not started ($DIR/env missing)"; cat "$DIR/env" ;;
  status) alive && [[ -s $DIR/port ]] && answers "$(cat "$DIR/port")" && log "running on port $(cat "$DIR/port")" ;;
  *) die "usage: $0 [install|start|stop|env|status]" ;;
esac
