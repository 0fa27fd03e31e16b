"""deploy/gunicorn.conf.py and the systemd units, read the way gunicorn and systemd do.

The running stack (nginx, two app servers) is tests/deploy/test_app_servers.py.
"""

import importlib.util
import multiprocessing
import runpy

import pytest
from django.core.management import get_commands

from tests.deploy.stack import DEPLOY, REPO, read_env_file, read_unit, unit_command

CONFIG = DEPLOY / "gunicorn.conf.py"
needs_task_engine = pytest.mark.skipif(
    importlib.util.find_spec("django_tasks_db") is None,
    reason="the task engine (django-tasks-db, with `manage.py db_worker`) is not "
    "installed on this branch yet",
)
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def gunicorn_settings(monkeypatch, **environ) -> dict:
    for name in (
        "GUNICORN_BIND",
        "GUNICORN_WORKERS",
        "GUNICORN_CONTROL_SOCKET",
        "RUNTIME_DIRECTORY",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_workers_follow_the_cpu_count_unless_told(monkeypatch):
    default = gunicorn_settings(monkeypatch)
    told = gunicorn_settings(monkeypatch, GUNICORN_WORKERS="3")

    assert default["workers"] == 2 * multiprocessing.cpu_count() + 1
    assert told["workers"] == 3
    assert default["timeout"] == 30 and default["graceful_timeout"] == 30
    assert default["wsgi_app"] == "shafaq.wsgi:application"


def test_two_instances_on_one_host_never_share_a_control_socket(monkeypatch):
    first = gunicorn_settings(monkeypatch, GUNICORN_BIND="127.0.0.1:8001")
    second = gunicorn_settings(monkeypatch, GUNICORN_BIND="127.0.0.1:8002")

    assert first["control_socket"] != second["control_socket"]
    assert first["bind"] == ["127.0.0.1:8001"]


def test_under_systemd_the_control_socket_is_in_the_instances_runtime_folder(
    monkeypatch, tmp_path
):
    settings = gunicorn_settings(
        monkeypatch, GUNICORN_BIND="127.0.0.1:8001", RUNTIME_DIRECTORY=str(tmp_path)
    )

    assert settings["control_socket"] == str(tmp_path / "gunicorn.ctl")


def test_the_control_socket_can_be_turned_off(monkeypatch):
    settings = gunicorn_settings(monkeypatch, GUNICORN_CONTROL_SOCKET="off")

    assert settings["control_socket_disable"] is True
    assert "control_socket" not in settings


@pytest.mark.parametrize("unit", UNITS, ids=lambda path: path.name)
def test_each_unit_runs_a_program_of_the_release_with_the_shared_settings(unit):
    service = read_unit(unit)
    command, directory = unit_command(service, "8001")

    assert service["EnvironmentFile"] == ["/etc/shafaq/shafaq.env"]
    assert service["User"] == ["shafaq"]
    assert directory == REPO
    assert (directory / command[0]).exists() or (REPO / command[0]).exists()


def test_the_app_server_unit_gives_each_port_its_own_runtime_folder():
    service = read_unit(DEPLOY / "systemd" / "shafaq@.service")

    assert service["RuntimeDirectory"] == ["shafaq-%i"]
    assert "GUNICORN_BIND=127.0.0.1:%i" in service["Environment"]
    assert "--config deploy/gunicorn.conf.py" in service["ExecStart"][0]


@needs_task_engine
def test_the_worker_unit_runs_the_task_engines_worker_command():
    command, _directory = unit_command(
        read_unit(DEPLOY / "systemd" / "shafaq-worker.service")
    )

    assert command[1:] == ["manage.py", "db_worker", "--no-reload"]
    assert "db_worker" in get_commands()


def test_the_target_starts_every_unit_that_ships():
    target = (DEPLOY / "systemd" / "shafaq.target").read_text()

    assert "shafaq@8001.service shafaq@8002.service shafaq-worker.service" in target


def test_the_example_environment_names_every_setting_the_units_need():
    values = read_env_file(DEPLOY / "shafaq.env.example")

    for name in (
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "CACHE_URL",
        "DJANGO_ALLOWED_HOSTS",
    ):
        assert values[name], name
    assert values["TRUSTED_PROXY_COUNT"] == "1"  # nginx, and nothing else, in front
