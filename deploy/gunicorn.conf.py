"""Gunicorn settings for one Shafaq Coverage application server (gunicorn 27).

Run as `gunicorn --config deploy/gunicorn.conf.py` from the release folder; the systemd
unit deploy/systemd/shafaq@.service does exactly that, once per port. Every value
comes from the environment, so one file serves every instance on every host:

GUNICORN_BIND             address:port this instance listens on  127.0.0.1:8001
GUNICORN_WORKERS          worker processes                        2 x CPUs + 1
GUNICORN_TIMEOUT          seconds one request may take before     30
                          its worker is killed and replaced
GUNICORN_GRACEFUL_TIMEOUT seconds a worker gets to finish on a    30
                          reload or stop
GUNICORN_MAX_REQUESTS     requests before a worker is recycled    1000 (0: never)
GUNICORN_ACCESS_LOG       "-" (stdout), a file path, or empty     empty (off: the app
                                                                  logs each request)
GUNICORN_CONTROL_SOCKET   the gunicornc control socket, or "off"  see below
FORWARDED_ALLOW_IPS       proxies trusted for X-Forwarded-Proto   127.0.0.1,::1 (nginx
                          (read by gunicorn itself)                on the same host)

The control socket: gunicorn 25.1+ opens one for `gunicornc` at
$XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl, one path per user, so a
second instance on the same host takes over (or fails on) the first one's socket.
Here each instance gets its own: systemd's $RUNTIME_DIRECTORY (RuntimeDirectory= in
the unit, private to the instance) when set, otherwise a name made from the bind
address, which no two instances on a host share.
"""

import multiprocessing
import os
import re
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def control_socket_path(bind_address: str) -> str | None:
    """The control socket for the instance bound to `bind_address`; None means off."""
    configured = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
    if configured.lower() in {"off", "none", "0", "false"}:
        return None
    if configured:
        return configured
    runtime = os.environ.get("RUNTIME_DIRECTORY", "").split(":")[0]
    if runtime:
        return str(Path(runtime) / "gunicorn.ctl")
    name = re.sub(r"[^A-Za-z0-9.]+", "-", bind_address).strip("-")
    return str(Path.home() / ".gunicorn" / f"shafaq-{name}.ctl")


wsgi_app = "shafaq.wsgi:application"
# Load (and warm up: shafaq/warmup.py, no database or cache touched) the application
# once in the master, so every worker, including those max_requests recycles, is
# forked warm and shares that memory. Code changes then need a restart, not a reload.
preload_app = True
# The release folder (this file's parent's parent), so relative paths and manage.py agree.
chdir = str(Path(__file__).resolve().parent.parent)

bind = [os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8001"]
# The classic rule: enough workers to keep every core busy while others wait on the
# database or Redis.
workers = _env_int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Sync workers close each connection after its response; nginx opens a new one.
keepalive = 2
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# Worker heartbeats on tmpfs: a slow disk must not make the arbiter kill workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "").strip() or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = f"shafaq-{bind[0]}"

_socket = control_socket_path(bind[0])
if _socket is None:
    control_socket_disable = True
else:
    control_socket = _socket
