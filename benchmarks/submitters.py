#!/usr/bin/env python
"""Concurrent submitters over the API: is every acknowledged submission kept once and mailed once?

    python -m benchmarks.submitters --database-url postgres://postgres@127.0.0.1:5432/wsis_bench \
        --submitters 50 --duration 60 [--redis-outage 10]

Serves the portal as ``benchmarks/run.py`` does (gunicorn, DEBUG off, the connection pool) with
a Celery worker and its beat (the outbox's sweep), both on a Redis of the script's own, started
on a free port, so that stopping it touches nothing else on the machine. N stakeholders, each
with an API token, create and submit entries in a loop for T seconds (``POST
/api/v1/stocktaking/``, then ``POST …/submit/``); with ``--redis-outage S`` the Redis is killed
a third of the way through and started again S seconds later, empty (it keeps nothing on disk,
so whatever the broker held is gone). Mail goes to files (Django's file backend), in a scratch
directory that is removed after a run that passes and kept, with the logs, after one that fails.

When the load stops, the script waits for the outbox to be empty, then checks, from the
database and the mail files:

- every create the API acknowledged (201) is in the database, once, and nothing else is;
- every submission acknowledged (200) is in the state ``submitted``;
- the moderator received exactly one e-mail for each submitted entry, and none for the others.

It prints the figures and exits 1 if any check fails. Only 127.0.0.1 is ever loaded. The users
it creates are named ``load-<run>-…`` and stay in the database (so do their entries): run it on
a scratch database.
"""

import argparse
import email
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

from benchmarks.run import (
    HOST,
    LOOPBACK,
    ROOT,
    cpu_model,
    fail,
    server_environment,
    wait_until_ready,
    wait_until_up,
)

#: Creates the run's stakeholders (with API tokens) and its moderator; prints them as JSON.
SETUP = """
import json, os
from django.contrib.auth.models import Group, User
from accounts.services import create_token

run, count = os.environ["LOAD_RUN"], int(os.environ["LOAD_SUBMITTERS"])
moderator = User.objects.create_user(
    f"load-{run}-moderator", f"load-{run}-moderator@example.org", None
)
moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
tokens = []
for number in range(count):
    user = User.objects.create_user(f"load-{run}-{number}", f"load-{run}-{number}@example.org")
    tokens.append(create_token(user, name="load test", expires_in_days=1)[1])
print(json.dumps({"moderator": moderator.email, "tokens": tokens}))
"""

#: The moderator e-mail names the entry by its review link.
REVIEW_LINK = re.compile(r"/moderation/(\d+)/")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL on 127.0.0.1.")
    parser.add_argument("--submitters", type=int, default=20, help="Concurrent stakeholders.")
    parser.add_argument("--duration", type=int, default=30, help="Seconds of load.")
    parser.add_argument(
        "--redis-outage",
        type=float,
        default=0,
        metavar="SECONDS",
        help="Kill Redis a third of the way through and start it again this much later.",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--worker-threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--drain-timeout", type=int, default=180, help="Seconds to wait for the outbox."
    )
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A Redis on a free port of 127.0.0.1 that keeps nothing on disk, to stop and start."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://{HOST}:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - our own argument list
            ["redis-server", "--bind", HOST, "--port", str(self.port), "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection((HOST, self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        fail("the script's own Redis did not start.")

    def kill(self):
        if self.process is not None:
            self.process.kill()  # a crash, not a shutdown
            self.process.wait()
            self.process = None


def set_up_users(env, run, count):
    done = subprocess.run(  # noqa: S603 - our own argument list
        [sys.executable, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env={**env, "LOAD_RUN": run, "LOAD_SUBMITTERS": str(count)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def submitter(base, token, number, run, stop_at, records, lock):
    """Create and submit entries until ``stop_at``; record (time, operation, outcome, id)."""
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    sequence = 0
    while time.monotonic() < stop_at:
        sequence += 1
        body = {
            "title": f"Load {run} s{number} #{sequence}",
            "description": "A project submitted by the load script.",
            "organization_name": f"Load organisation {number}",
            "stakeholder_type": "civil_society",
            "start_date": "2025-01-01",
        }
        entry_id = None
        for operation in ("create", "submit"):
            started = time.monotonic()
            try:
                if operation == "create":
                    response = session.post(f"{base}/api/v1/stocktaking/", json=body, timeout=60)
                else:
                    response = session.post(
                        f"{base}/api/v1/stocktaking/{entry_id}/submit/", timeout=60
                    )
                outcome = response.status_code
            except requests.RequestException as error:
                outcome = type(error).__name__
            if operation == "create" and outcome == 201:
                entry_id = response.json()["id"]
            with lock:
                records.append((started, operation, outcome, entry_id, body["title"]))
            if entry_id is None:
                break


def read_mail(directory, moderator):
    """Entry ids named by the review links of the e-mails sent to ``moderator``."""
    separator = b"\n" + b"-" * 79 + b"\n"
    mailed = Counter()
    for path in Path(directory).glob("*.log"):
        for raw in path.read_bytes().split(separator):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw.lstrip(b"\n"))
            if moderator not in message.get("To", ""):
                continue
            text = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
            for entry_id in REVIEW_LINK.findall(text):
                mailed[int(entry_id)] += 1
    return mailed


def wait_for_outbox(database_url, moderator, timeout):
    """Seconds until no notification to ``moderator`` is pending (None: still pending)."""
    started = time.monotonic()
    with psycopg.connect(database_url, autocommit=True) as connection:
        while time.monotonic() - started < timeout:
            (pending,) = connection.execute(
                "SELECT count(*) FROM stocktaking_notification "
                "WHERE email = %s AND status = 'pending'",
                [moderator],
            ).fetchone()
            if not pending:
                return time.monotonic() - started
            time.sleep(1)
    return None


def stored_entries(database_url, run):
    """{title: [(id, state), …]} of the entries the run's stakeholders own."""
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT e.title, e.id, e.state FROM stocktaking_stocktakingentry e "
            "JOIN auth_user u ON u.id = e.submitter_id WHERE u.username LIKE %s",
            [f"load-{run}-%"],
        ).fetchall()
    stored = {}
    for title, entry_id, state in rows:
        stored.setdefault(title, []).append((entry_id, state))
    return stored


def verdict(records, stored, mailed):
    """The checks: what was acknowledged against what the database and the mail hold."""
    created = {title: entry_id for _, op, outcome, entry_id, title in records if outcome == 201}
    submitted = {
        entry_id for _, op, outcome, entry_id, _ in records if op == "submit" and outcome == 200
    }
    ids_stored = {entry_id: state for rows in stored.values() for entry_id, state in rows}
    in_submitted_state = {i for i, state in ids_stored.items() if state == "submitted"}
    return {
        "creates acknowledged": len(created),
        "submissions acknowledged": len(submitted),
        "entries in the database": len(ids_stored),
        "acknowledged but missing": sum(1 for i in created.values() if i not in ids_stored),
        "stored twice (same title)": sum(1 for rows in stored.values() if len(rows) > 1),
        "stored, never acknowledged": len(set(ids_stored) - set(created.values())),
        "submitted but not in state submitted": len(submitted - in_submitted_state),
        "in state submitted, submission not acknowledged": len(in_submitted_state - submitted),
        "moderator e-mails": sum(mailed.values()),
        "submitted entries without e-mail": sum(1 for i in in_submitted_state if not mailed[i]),
        "entries e-mailed more than once": sum(1 for count in mailed.values() if count > 1),
        "e-mails for entries not submitted": sum(
            count for i, count in mailed.items() if i not in in_submitted_state
        ),
    }


#: The figures that must be 0 for the run to pass. "In state submitted, submission not
#: acknowledged" is a request that timed out or lost its answer after the commit: reported,
#: not a loss (the entry is there and mailed once), so it is not among them.
MUST_BE_ZERO = (
    "acknowledged but missing",
    "stored twice (same title)",
    "submitted but not in state submitted",
    "submitted entries without e-mail",
    "entries e-mailed more than once",
    "e-mails for entries not submitted",
    "server errors (5xx answers)",
    "tracebacks in the server log",
)


def outcomes(records, window=None):
    counted = Counter(
        f"{op} {outcome}"
        for started, op, outcome, _, _ in records
        if window is None or window[0] <= started < window[1]
    )
    return ", ".join(f"{key}: {count}" for key, count in sorted(counted.items())) or "none"


def main():
    args = parse_args()
    if urlsplit(args.database_url).hostname not in LOOPBACK:
        fail("the load runs against a scratch database on 127.0.0.1 only.")
    if not shutil.which("redis-server"):
        fail("redis-server is not installed (apt-get install -y redis-server).")
    run = secrets.token_hex(3)
    scratch = Path(tempfile.mkdtemp(prefix="wsis-load-"))
    redis = OwnRedis()
    redis.start()
    args.redis_url = redis.url
    env = {
        **server_environment(args, scratch / "static"),
        "BENCH_MAIL_DIR": str(scratch / "mail"),
    }
    pending = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"], cwd=ROOT, env=env, capture_output=True
    )
    if pending.returncode:
        fail("the database has unapplied migrations: run manage.py migrate on it first.")
    people = set_up_users(env, run, args.submitters)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    logs = {name: open(scratch / f"{name}.log", "w") for name in ("gunicorn", "celery")}  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603 - our own argument list
        [sys.executable, "-m", "gunicorn", "wsis_portal.wsgi", f"--bind={HOST}:{args.port}"]
        + [f"--workers={args.workers}", f"--threads={args.worker_threads}"],
        cwd=ROOT,
        env=env,
        stdout=logs["gunicorn"],
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = subprocess.Popen(  # noqa: S603 - our own argument list
        [sys.executable, "-m", "celery", "-A", "wsis_portal", "worker", "--beat"]
        + ["--pool=solo", "--loglevel=INFO", f"--schedule={scratch / 'beat-schedule'}"],
        cwd=ROOT,
        env=env,
        stdout=logs["celery"],
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://{HOST}:{args.port}"
    records, lock = [], threading.Lock()
    outage = None
    load_before = os.getloadavg()[0]
    try:
        wait_until_up(base, server)
        wait_until_ready(worker, scratch / "celery.log")
        started = time.monotonic()
        stop_at = started + args.duration
        threads = [
            threading.Thread(
                target=submitter, args=(base, token, number, run, stop_at, records, lock)
            )
            for number, token in enumerate(people["tokens"])
        ]
        for thread in threads:
            thread.start()
        if args.redis_outage:
            time.sleep(args.duration / 3)
            outage = [time.monotonic()]
            redis.kill()
            print(f"Redis killed at {outage[0] - started:.1f} s", file=sys.stderr)
            time.sleep(args.redis_outage)
            redis.start()
            outage.append(time.monotonic())
            print(f"Redis started again at {outage[1] - started:.1f} s", file=sys.stderr)
        for thread in threads:
            thread.join()
        drained = wait_for_outbox(args.database_url, people["moderator"], args.drain_timeout)
        mailed = read_mail(scratch / "mail", people["moderator"])
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for log in logs.values():
            log.close()
        redis.kill()
    server_errors = (scratch / "gunicorn.log").read_text().count("Traceback")

    figures = verdict(records, stored_entries(args.database_url, run), mailed)
    figures["seconds until the outbox was empty after the load"] = (
        round(drained, 1) if drained is not None else f"> {args.drain_timeout}"
    )
    figures["server errors (5xx answers)"] = sum(
        1 for _, _, outcome, _, _ in records if isinstance(outcome, int) and outcome >= 500
    )
    figures["tracebacks in the server log"] = server_errors
    database = urlsplit(args.database_url).path.lstrip("/")
    print(
        f"\nDatabase {database}, run {run}: {args.submitters} submitters for {args.duration} s, "
        f"gunicorn {args.workers} workers × {args.worker_threads} threads, a Celery worker with "
        f"beat; {os.cpu_count()} × {cpu_model()}; 1-minute load average {load_before:.1f} "
        f"before, {os.getloadavg()[0]:.1f} after."
    )
    if outage:
        print(
            f"Redis killed at {outage[0] - started:.1f} s and started again (empty) at "
            f"{outage[1] - started:.1f} s. Answers during the outage: {outcomes(records, outage)}."
        )
    print(f"All answers: {outcomes(records)}.\n")
    print("| check | figure |\n| --- | ---: |")
    for name, value in figures.items():
        print(f"| {name} | {value:,} |" if isinstance(value, int) else f"| {name} | {value} |")
    failed = [name for name in MUST_BE_ZERO if figures[name]] + (
        ["the outbox did not empty"] if drained is None else []
    )
    if failed:
        print(f"\nFAILED: {', '.join(failed)}. Logs and mail kept in {scratch}.")
    else:
        print("\nNothing lost, nothing doubled.")
        shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"run": run, "figures": figures}, indent=2))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
