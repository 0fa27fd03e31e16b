"""Real server processes on one database, for tests of what several processes share.

`ServerPair` migrates a throwaway SQLite file, starts two gunicorn processes on it
(each with its own local-memory cache, the worst case: nothing shared but the
database) and stops them afterwards. `run_django(code)` runs Python in a third
process against the same database, the way an editor's request in another worker
would change it. Ports are picked free by the operating system.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
_MIGRATED: list[Path] = []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def request(url: str, *, method="GET", data=None, headers=None) -> Response:
    """One HTTP request; redirects and errors are answers, not exceptions."""
    body = json.dumps(data).encode() if data is not None else None
    headers = {
        **({"Content-Type": "application/json"} if body else {}),
        **(headers or {}),
    }
    req = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with _opener.open(req, timeout=60) as answer:
            return Response(answer.status, answer.headers, answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


class ServerPair:
    """Two gunicorn processes serving one SQLite database."""

    def __init__(self, tmp_path: Path, *, cache_url: str = "locmem://", **environ):
        self.database = tmp_path / "shared.sqlite3"
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_DEBUG": "1",  # plain static files: no collectstatic needed
            "DJANGO_SECRET_KEY": "two-processes-test-key-not-secret",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "DATABASE_CONN_MAX_AGE": "0",
            "CACHE_URL": cache_url,
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "PAGE_CACHE_SECONDS": "300",
            **environ,
        }
        self.processes: list[subprocess.Popen] = []
        self.urls: list[str] = []

    def run_django(self, code: str):
        """Run `code` in a separate Python process on the shared database; returns
        what it assigns to `result` (JSON)."""
        script = (
            "import django, json\ndjango.setup()\n"
            + code
            + "\nprint('RESULT=' + json.dumps(locals().get('result')))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=BASE_DIR,
            env={**self.env, "DJANGO_SETTINGS_MODULE": "shafaq.settings"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        line = [x for x in done.stdout.splitlines() if x.startswith("RESULT=")][-1]
        return json.loads(line.removeprefix("RESULT="))

    def start(self) -> "ServerPair":
        if _MIGRATED:  # one migration per test run; later pairs copy its file
            shutil.copyfile(_MIGRATED[0], self.database)
        else:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                cwd=BASE_DIR,
                env=self.env,
                check=True,
                timeout=300,
            )
            template = self.database.with_name("migrated.sqlite3")
            shutil.copyfile(self.database, template)
            _MIGRATED.append(template)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        for _ in range(2):
            port = free_port()
            self.processes.append(
                subprocess.Popen(
                    [
                        str(gunicorn),
                        "shafaq.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--threads",
                        "4",
                        "--timeout",
                        "120",
                    ],
                    cwd=BASE_DIR,
                    env=self.env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            self.urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        for url in self.urls:
            while True:
                try:
                    if request(url + "/healthz").status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"{url} did not start"
                time.sleep(0.2)
        return self

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


class Session:
    """A browser-like client for one server: cookies, CSRF token, no redirects."""

    def __init__(self, base_url: str):
        import http.cookiejar

        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            _NoRedirects, urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def _csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def get(self, path: str) -> Response:
        return self._open(urllib.request.Request(self.base_url + path))

    def post(self, path: str, fields) -> Response:
        """POST `fields` (a dict, or (name, value) pairs) with this session's CSRF token."""
        from urllib.parse import urlencode

        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        pairs = [(k, v) for k, v in pairs if k != "csrfmiddlewaretoken"]
        data = urlencode([*pairs, ("csrfmiddlewaretoken", self._csrf())], doseq=True)
        req = urllib.request.Request(
            self.base_url + path,
            data=data.encode(),
            headers={"Referer": self.base_url + path},
        )
        return self._open(req)

    def _open(self, req) -> Response:
        try:
            with self.opener.open(req, timeout=60) as answer:
                return Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def log_in(self, username: str, password: str) -> None:
        self.get("/admin/login/")
        answer = self.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        )
        assert answer.status == 302, answer.text[:500]


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    """What a browser would post from the form `form_id` of `html`, as (name, value)."""
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    fields = []
    for tag in form.find_all(["input", "textarea", "select"]):
        name = tag.get("name")
        kind = tag.get("type", "text")
        if not name or kind in ("submit", "button", "file", "image"):
            continue
        if kind in ("checkbox", "radio") and not tag.has_attr("checked"):
            continue
        if tag.name == "textarea":
            fields.append((name, tag.text))
        elif tag.name == "select":
            chosen = tag.find_all("option", selected=True)
            fields += [(name, option.get("value", "")) for option in chosen]
        else:
            fields.append((name, tag.get("value", "")))
    return fields
