"""The production stack on loopback, built from deploy/ the way the README's guide says.

Application servers are started with the command of deploy/systemd/shafaq@.service and
the variables of deploy/shafaq.env.example; nginx runs deploy/nginx/shafaq.conf with
only its ports, paths and certificate changed for loopback. Ports 8130-8139 belong to
these tests.
"""

import http.client
import os
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
NGINX = Path("/usr/sbin/nginx")
HOST = "news.example.org"
RELEASE = "/srv/shafaq/current"


def free_port(port: int) -> int:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise RuntimeError(f"port {port} is taken; these tests own 8130-8139")
    return port


def wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds=60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(
        f"nothing listens on {port} after {seconds}s:\n{log.read_text()}"
    )


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile= reads them (comments skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def read_unit(path: Path) -> dict[str, list[str]]:
    """The [Service] settings of a systemd unit, each key with all its values."""
    settings: dict[str, list[str]] = {}
    section = None
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            settings.setdefault(key, []).append(value)
    return settings


def unit_command(unit: dict[str, list[str]], instance: str = "") -> tuple[list, Path]:
    """ExecStart= and WorkingDirectory= with the release folder as this checkout."""
    command = unit["ExecStart"][0].replace("%i", instance).replace(RELEASE, str(REPO))
    directory = unit["WorkingDirectory"][0].replace(RELEASE, str(REPO))
    return shlex.split(command), Path(directory)


def site_for_loopback(text: str, replacements: dict[str, str]) -> str:
    """The shipped nginx site with each `old` (which must be there) replaced."""
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx/shafaq.conf no longer has {old!r}"
        text = text.replace(old, new)
    # Loopback only: no IPv6 listeners.
    return "\n".join(line for line in text.splitlines() if "[::]" not in line)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Client:
    """An HTTP client for one address that keeps cookies even when they say Secure."""

    port: int
    tls: bool = False
    headers: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, body=None, headers=None) -> Response:
        if self.tls:
            context = ssl.create_default_context()
            # The test's own self-signed certificate.
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=30, context=context
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": HOST, **self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path, data) -> Response:
        return self.request(
            "POST",
            path,
            body=urlencode(data, doseq=True),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{path}",
            },
        )


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    """What a browser would submit for the form `form_id` as rendered, buttons aside."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    assert form is not None, f"no form #{form_id} on the page"
    fields = []
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or "__prefix__" in name or element.has_attr("disabled"):
            continue
        if element.name == "textarea":
            fields.append((name, element.text))
        elif element.name == "select":
            chosen = element.find_all("option", selected=True)
            if not chosen and not element.has_attr("multiple"):
                chosen = element.find_all("option")[:1]
            fields.extend((name, option.get("value", option.text)) for option in chosen)
        else:
            kind = element.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"}:
                if element.has_attr("checked"):
                    fields.append((name, element.get("value", "on")))
                continue
            fields.append((name, element.get("value", "")))
    return fields


class Editor:
    """A signed-in editor talking to one application server directly, as nginx would."""

    def __init__(self, port: int, username: str, password: str):
        self.client = Client(port, headers={"X-Forwarded-Proto": "https"})
        page = self.client.get("/admin/login/")
        token = dict(form_fields(page.text, "login-form"))["csrfmiddlewaretoken"]
        answer = self.client.post(
            "/admin/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert answer.status == 302, answer.text[:2000]
        assert "sessionid" in self.client.cookies

    def save_story(self, article_pk: int, **changes) -> Response:
        """Open the story's change page and post it back with `changes`."""
        path = f"/admin/articles/article/{article_pk}/change/"
        page = self.client.get(path)
        assert page.status == 200, page.status
        data = dict(form_fields(page.text, "article_form"))
        data.update(changes)
        answer = self.client.post(path, data)
        assert answer.status == 302, _errors(answer.text)
        after = self.client.get(answer.header("Location"))
        assert "errornote" not in after.text and "messagelist" in after.text
        assert 'class="error"' not in after.text, _errors(after.text)
        return after

    def correction_fields(self, article_pk: int, text: str) -> dict[str, str]:
        """The inline form fields that add one correction to the story."""
        page = self.client.get(f"/admin/articles/article/{article_pk}/change/")
        names = dict(form_fields(page.text, "article_form"))
        total = next(
            n for n in names if "correction" in n and n.endswith("TOTAL_FORMS")
        )
        prefix = total.removesuffix("-TOTAL_FORMS")
        index = int(names[total])
        return {
            total: str(index + 1),
            f"{prefix}-{index}-kind": "correction",
            f"{prefix}-{index}-text": text,
        }


def _errors(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    notes = soup.select(".errornote, .errorlist, .messagelist")
    return "\n".join(note.get_text(" ", strip=True) for note in notes) or html[:2000]


@dataclass
class Stack:
    tmp: Path
    database_url: str
    cache_url: str
    ports: dict = field(default_factory=dict)
    processes: list = field(default_factory=list)
    notified: dict = field(default_factory=dict)

    def environment(self) -> dict[str, str]:
        """The guide's environment file, with this machine's database, cache and paths."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "GUNICORN_"))
        }
        env.update(read_env_file(DEPLOY / "shafaq.env.example"))
        env.update(
            DJANGO_SECRET_KEY="stack-test-secret-" + "k" * 40,
            DATABASE_URL=self.database_url,
            CACHE_URL=self.cache_url,
            DJANGO_MEDIA_ROOT=str(self.tmp / "media"),
            DJANGO_STATIC_ROOT=str(self.tmp / "staticfiles"),
            GUNICORN_WORKERS="2",
            PYTHONPATH=str(REPO),
        )
        return env

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def start_app_server(self, name: str, port: int) -> None:
        unit = read_unit(DEPLOY / "systemd" / "shafaq@.service")
        command, directory = unit_command(unit, str(port))
        env = self.environment()
        for assignment in unit.get("Environment", []):
            key, _, value = assignment.partition("=")
            env[key] = value.replace("%i", str(port))
        # What systemd's RuntimeDirectory=shafaq-%i provides.
        runtime = self.tmp / f"run-shafaq-{port}"
        runtime.mkdir(mode=0o700)
        env["RUNTIME_DIRECTORY"] = str(runtime)
        env["GUNICORN_ACCESS_LOG"] = str(self.tmp / f"access-{name}.log")
        # The unit says Type=notify: systemd waits for gunicorn's READY=1 on this socket.
        notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        notify.bind(str(self.tmp / f"notify-{port}"))
        notify.settimeout(120)
        env["NOTIFY_SOCKET"] = str(self.tmp / f"notify-{port}")
        log = self.tmp / f"gunicorn-{name}.log"
        self.ports[name] = free_port(port)
        process = subprocess.Popen(
            command,
            cwd=directory,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        try:
            self.notified[name] = notify.recv(4096).decode()
        except TimeoutError:
            raise RuntimeError(f"no READY=1 from {name}:\n{log.read_text()}") from None
        finally:
            notify.close()
        wait_for_port(port, process, log)

    def access_log(self, name: str) -> str:
        return (self.tmp / f"access-{name}.log").read_text()

    def make_certificate(self) -> tuple[Path, Path]:
        certificate, key = self.tmp / "tls.crt", self.tmp / "tls.key"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
            + ["-subj", f"/CN={HOST}", "-keyout", str(key), "-out", str(certificate)],
            check=True,
            capture_output=True,
        )
        return certificate, key

    def start_nginx(self, http_port: int, https_port: int) -> None:
        certificate, key = self.make_certificate()
        site = site_for_loopback(
            (DEPLOY / "nginx" / "shafaq.conf").read_text(),
            {
                "listen 80;": f"listen 127.0.0.1:{http_port};",
                "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
                "127.0.0.1:8001": f"127.0.0.1:{self.ports['a']}",
                "127.0.0.1:8002": f"127.0.0.1:{self.ports['b']}",
                "/etc/letsencrypt/live/news.example.org/fullchain.pem": str(
                    certificate
                ),
                "/etc/letsencrypt/live/news.example.org/privkey.pem": str(key),
                f"{RELEASE}/staticfiles/": f"{self.tmp}/staticfiles/",
                "/srv/shafaq/media/": f"{self.tmp}/media/",
                "/var/www/letsencrypt": f"{self.tmp}/acme",
            },
        )
        (self.tmp / "shafaq.conf").write_text(site)
        for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.tmp / "nginx" / folder).mkdir(parents=True, exist_ok=True)
        temp = self.tmp / "nginx"
        # Debian's module snippets name their files relative to nginx's prefix.
        (self.tmp / "modules").symlink_to("/usr/lib/nginx/modules")
        main = f"""
            {"user root;" if os.geteuid() == 0 else ""}
            include /etc/nginx/modules-enabled/*.conf;
            worker_processes 1;
            daemon off;
            pid {self.tmp}/nginx.pid;
            error_log {self.tmp}/nginx-error.log;
            events {{ worker_connections 64; }}
            http {{
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log {self.tmp}/nginx-access.log;
                client_body_temp_path {temp}/body;
                proxy_temp_path {temp}/proxy;
                fastcgi_temp_path {temp}/fastcgi;
                uwsgi_temp_path {temp}/uwsgi;
                scgi_temp_path {temp}/scgi;
                include {self.tmp}/shafaq.conf;
            }}
        """
        (self.tmp / "nginx.conf").write_text(main)
        command = [
            str(NGINX),
            "-p",
            str(self.tmp),
            "-e",
            str(self.tmp / "nginx-error.log"),
        ]
        command += ["-c", str(self.tmp / "nginx.conf")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        log = self.tmp / "nginx-error.log"
        free_port(http_port)
        free_port(https_port)
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=log.open("a")
        )
        self.processes.append(process)
        self.ports["http"], self.ports["https"] = http_port, https_port
        wait_for_port(https_port, process, log)

    def stop(self) -> None:
        for process in reversed(self.processes):
            # QUIT: nginx finishes what it serves; gunicorn takes TERM as graceful.
            stop(
                process,
                signal.SIGQUIT if process.args[0] == str(NGINX) else signal.SIGTERM,
            )

    def control_sockets(self) -> list[Path]:
        return sorted(self.tmp.glob("run-shafaq-*/gunicorn.ctl"))


def control_socket_answers(path: Path) -> str:
    gunicornc = Path(sys.executable).with_name("gunicornc")
    result = subprocess.run(
        [str(gunicornc), "-s", str(path), "-c", "show workers", "-j"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def decoded(response: Response) -> str:
    """The body as text, undoing the Content-Encoding the server chose."""
    coding = response.header("Content-Encoding")
    body = response.body
    if coding == "br":
        import brotli

        body = brotli.decompress(body)
    elif coding == "gzip":
        import gzip

        body = gzip.decompress(body)
    elif coding:
        raise AssertionError(f"unexpected Content-Encoding {coding!r}")
    return body.decode()
