"""The portal as its README promises: the run command, production checks, reference fixture."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from actionlines.models import ActionLine, Facilitation
from mandates.models import Document, Mandate, Paragraph
from wsis_portal.reference import FIXTURE_PATH, REFERENCE_MODELS, import_reference

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a real deployment never has it.
SERVER_ONLY_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_REDIS_URL",
    "CELERY_BROKER_URL",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SERVER_ONLY_VARIABLES}
    env.update(extra)
    return env


def start_serving(env, *arguments):
    """``scripts/serve *arguments`` on a free port: the process, its address and home page."""
    port = free_port()
    server = subprocess.Popen(
        ["scripts/serve", *arguments, f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                return server, port, response.read().decode()
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                stop(server)
                output = server.stdout.read().decode(errors="replace")
                pytest.fail(f"the portal did not come up:\n{output[-3000:]}")
            time.sleep(0.5)


def stop(server) -> str:
    """Stop a server ``start_serving`` started; what it printed."""
    if server.poll() is None:
        os.killpg(server.pid, 15)
    server.wait(timeout=30)
    return server.stdout.read().decode(errors="replace")


def test_run_command_serves_the_home_page_with_the_action_lines(tmp_path):
    """scripts/serve — the README's first command — on SQLite with eager tasks; then
    ``scripts/serve --demo`` on the same database adds the demonstration set."""
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    server, port, page = start_serving(env)
    try:
        assert "C1" in page and "C11" in page
        assert "Capacity building" in page and "E-environment" in page
        assert "demo-banner" not in page  # no demonstration data unless asked for

        # Its SQLite database takes stocktaking entries, and the search page lists them.
        subprocess.run(
            [sys.executable, "manage.py", "generate_stocktaking", "20"],
            cwd=ROOT,
            env={**env, "DEBUG": "1"},
            check=True,
            capture_output=True,
            timeout=120,
        )
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/stocktaking/", timeout=30) as page:
            listed = page.read().decode()
        assert listed.count('class="result-title"') >= 10
        # And the API lists them with their links (read per relation off PostgreSQL).
        api = f"http://127.0.0.1:{port}/api/v1/stocktaking/?page_size=5"
        with urllib.request.urlopen(api, timeout=30) as response:
            results = json.loads(response.read())["results"]
        assert len(results) == 5
        assert all(item["action_lines"] for item in results), results
        assert any(item["countries"] for item in results), results
        # Links written to be followed from elsewhere point where it serves (SITE_URL).
        feed = f"http://127.0.0.1:{port}/stocktaking/feed/"
        with urllib.request.urlopen(feed, timeout=30) as response:
            links = re.findall(r'href="([^"]+)"', response.read().decode())
        assert links and all(link.startswith(f"http://127.0.0.1:{port}/") for link in links)
    finally:
        stop(server)

    # --demo passes on to load_demo: the set is loaded, every page says so, and the
    # demonstration accounts are printed with their passwords.
    server, port, page = start_serving(env, "--demo")
    try:
        assert "demo-banner" in page and "Demonstration data" in page
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/stocktaking/", timeout=30) as page:
            assert "Demo: Satellite-linked mobile clinics" in page.read().decode()
    finally:
        output = stop(server)
    assert re.search(r"demo-stakeholder\s+\S{12,}\s+stakeholder", output), output[-3000:]


def compose_web_environment(**dotenv) -> dict:
    """The environment docker-compose.yml gives its web containers, after `cp .env.example
    .env` (the README's deployment): each ``${NAME:-default}`` takes .env's value, else its
    default; ``dotenv`` adds to or overrides .env."""
    example = (ROOT / ".env.example").read_text()
    values = dict(re.findall(r"^([A-Z_0-9]+)=(.*)$", example, flags=re.MULTILINE))
    values.update(dotenv)
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    def substitute(match):
        name, operator, default = match.group(1), match.group(2), match.group(3) or ""
        if values.get(name):
            return values[name]
        assert operator != ":?", f"compose refuses to start without {name}"
        return default

    return {
        name: re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", substitute, str(value))
        for name, value in compose["services"]["web"]["environment"].items()
    }


PRODUCTION_SECRET = "a-production-secret-" + "x" * 50


@pytest.mark.parametrize(
    "production",
    [
        {
            "DEBUG": "0",
            "SECRET_KEY": PRODUCTION_SECRET,
            "ALLOWED_HOSTS": "portal.example.org",
            "DATABASE_URL": "sqlite:///:memory:",
        },
        # Issue 16, hole 12: the documented deployment is secure as it stands (no W008).
        compose_web_environment(SECRET_KEY=PRODUCTION_SECRET),
    ],
    ids=["settings-defaults", "compose-and-env-example-defaults"],
)
def test_deploy_checks_are_clean_under_production_settings(production):
    env = clean_env(**production)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = clean_env(DEBUG="0", DATABASE_URL="sqlite:///:memory:")
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_fixture_is_what_the_importers_build_from_the_sources():
    """Loading the committed fixture and re-running every importer changes nothing: the
    fixture is exactly the importers' output, not hand-edited."""
    from django.core.management import call_command

    call_command("loaddata", str(FIXTURE_PATH), verbosity=0)
    assert import_reference() == 0
    assert ActionLine.objects.count() == 19
    assert Facilitation.objects.exists() and Mandate.objects.exists()
    assert Document.objects.count() == 8
    assert Paragraph.objects.filter(document__slug="a-res-80-173", label="113").exists()


def test_fixture_holds_only_reference_models():
    labels = {item["model"] for item in json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))}
    assert labels == {label.lower() for label in REFERENCE_MODELS}


def test_the_readme_manage_commands_work_as_printed():
    """Every manage.py command in the README's shell blocks runs as printed, in a shell with
    neither DEBUG nor SECRET_KEY set (issue 18, defect 12): asked for its --help, it answers."""
    import shlex

    readme = (ROOT / "README.md").read_text()
    lines = [
        line.split("  #")[0].strip()
        for block in re.findall(r"```sh\n(.*?)```", readme, flags=re.DOTALL)
        for line in block.splitlines()
    ]
    commands = [line for line in lines if "scripts/manage " in line or "manage.py " in line]
    assert any("createsuperuser" in command for command in commands), commands
    env = {k: v for k, v in clean_env().items() if k != "SECRET_KEY"}
    for command in commands:
        done = subprocess.run(
            [*shlex.split(command), "--help"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0 and "usage:" in done.stdout, (command, done.stderr[-2000:])


def test_run_command_refuses_a_taken_port_before_setting_anything_up(tmp_path):
    """scripts/serve checks its port first: a taken one is a clear error at once, with no
    database migrated (issue 18, defect 5)."""
    database = tmp_path / "portal.sqlite3"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            ["scripts/serve", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=clean_env(DATABASE_URL=f"sqlite:///{database}"),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode != 0
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr
    assert not database.exists()
