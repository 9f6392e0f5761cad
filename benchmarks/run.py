#!/usr/bin/env python
"""Serve the portal with gunicorn on 127.0.0.1 and measure it with wrk (see README.md).

    python benchmarks/run.py --database-url postgres://postgres@127.0.0.1:5432/wsis_bench

Production-like: DEBUG off, a random SECRET_KEY, Redis as cache, Django's connection pool,
collected static files, the project's gunicorn.conf.py (flags override workers, threads and
the address); the settings are ``benchmarks.settings`` (the production settings
plus the baseline view). Every endpoint gets a warm-up pass, then a measured pass of
``--duration`` seconds; the table shows requests per second, p50 and p95 latency, and the
throughput as a ratio to the baseline (``benchmarks/views.py``) measured in the same run.
Only 127.0.0.1 is ever loaded, and every pass is bounded in time.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REPORT_SCRIPT = Path(__file__).with_name("report.lua")
BASELINE = "baseline (values() view)"
SDG_LIST = "/api/v1/sdgs/"
#: What an anonymous exporter asks for: the largest CSV page of the list (the Link header
#: leads to the next one).
EXPORT = "/api/v1/stocktaking/?format=csv&page_size=500"


def targets(args):
    """(label, path) of every measured endpoint; the baseline first."""
    facets = urlencode({"action_line": args.action_line, "region": args.region})
    return [
        (BASELINE, "/bench/baseline/"),
        ("API list, unfiltered", "/api/v1/stocktaking/"),
        ("API list, action line + region", f"/api/v1/stocktaking/?{facets}"),
        ("API list, full-text q", f"/api/v1/stocktaking/?{urlencode({'q': args.search})}"),
        # The same search as a new one every time (report.lua): its count is not kept yet.
        (
            "API list, full-text q, new each time",
            f"/api/v1/stocktaking/?{urlencode({'q': args.search})}+NEW_SEARCH",
        ),
        # A search narrow enough to be ranked (at most STOCKTAKING_RANK_LIMIT matches).
        ("API list, ranked q", f"/api/v1/stocktaking/?{urlencode({'q': args.ranked_search})}"),
        (
            "API list, ranked q, new each time",
            f"/api/v1/stocktaking/?{urlencode({'q': args.ranked_search})}+NEW_SEARCH",
        ),
        ("API stats, group_by=action_line", "/api/v1/stats/stocktaking/?group_by=action_line"),
        # What one export page costs (its connections are refused beyond the export limits:
        # measure it with API_EXPORTS_PER_CLIENT at least --connections).
        ("API list as CSV, 500 rows", EXPORT),
        ("search page, two facets", f"/stocktaking/?{facets}"),
        # The page cache missed (a new address), the facet counts of the filters kept.
        ("search page, two facets, uncached", f"/stocktaking/?{facets}&uncached=NEW_SEARCH"),
        ("action-line page", f"/action-lines/{args.action_line.lower()}/"),
        (
            "action-line page, uncached",
            f"/action-lines/{args.action_line.lower()}/?uncached=NEW_SEARCH",
        ),
        # The public pages are cached until content changes: "cached" is what most readers
        # get; "uncached" gives the page cache an address it never saw (report.lua), so every
        # request renders the page from the database, as the first one after a change does.
        ("home page, cached", "/"),
        ("home page, uncached", "/?uncached=NEW_SEARCH"),
        ("search everything, cached", f"/search/?{urlencode({'q': args.search})}"),
        ("search everything, uncached", f"/search/?{urlencode({'q': args.search})}+NEW_SEARCH"),
        ("API search everything", f"/api/v1/search/?{urlencode({'q': args.search})}"),
        ("API SDG list", SDG_LIST),
    ]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL on 127.0.0.1.")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--duration", type=int, default=15, help="Seconds per measurement.")
    parser.add_argument("--warmup", type=int, default=3, help="Seconds of warm-up before each.")
    parser.add_argument("--connections", type=int, default=8, help="Open connections (wrk -c).")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (wrk -t).")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers."
    )
    parser.add_argument(
        "--worker-threads",
        type=int,
        default=2,
        help="Threads per gunicorn worker (gthread above 1; production's default is 2).",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--slow",
        type=int,
        default=60,
        help="Seconds the first request may take; a slower endpoint is reported, not loaded.",
    )
    parser.add_argument("--action-line", default="C7", help="Action line of the filters.")
    parser.add_argument("--region", default="2", help="UN M49 region of the filters.")
    parser.add_argument("--search", default="mobile health", help="The full-text query.")
    parser.add_argument(
        "--ranked-search",
        default="telemedicine rural",
        help="A full-text query with few enough matches to be ranked.",
    )
    parser.add_argument(
        "--exports",
        type=int,
        default=0,
        help=(
            "Also measure the SDG list while this many connections download CSV exports "
            f"({EXPORT}) without pause (issue 19: other requests unaffected)."
        ),
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="Run targets whose label contains this text (repeatable; the baseline always runs).",
    )
    parser.add_argument(
        "--paired",
        action="store_true",
        help=(
            "Measure the baseline again just before each endpoint and divide by that one "
            "(on a machine whose load moves, the ratio of two passes under the same load)."
        ),
    )
    parser.add_argument("--json", type=Path, help="Also write the results to this file.")
    return parser.parse_args()


def fail(message):
    print(f"benchmarks/run.py: {message}", file=sys.stderr)
    sys.exit(2)


def dataset_size(database_url):
    import psycopg

    with psycopg.connect(database_url) as connection:
        total, published = connection.execute(
            "SELECT count(*), count(*) FILTER (WHERE state = 'published') "
            "FROM stocktaking_stocktakingentry"
        ).fetchone()
    return total, published


def clear_cache(redis_url, prefix):
    """Forget what an earlier run (perhaps on another database) cached under our prefix."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def server_environment(args, static_root):
    database = urlsplit(args.database_url).path.lstrip("/")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS is the proxy's job
        "DATABASE_URL": args.database_url,
        "DATABASE_POOL": "1",
        # As in production (compose): a query past 30 s is cancelled, so an endpoint that is
        # too slow shows as errors instead of leaving PostgreSQL busy after the run.
        "DATABASE_STATEMENT_TIMEOUT": "30000",
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": f"bench-{database}",
        # Throttling stays on (its cost is part of the API's) at rates one load generator never
        # reaches (the load is anonymous: the anon scope counts it).
        "API_THROTTLE_ANON": "1000000/second",
        "API_THROTTLE_USER": "1000000/second",
        "LOG_LEVEL": "WARNING",
        "BENCH_STATIC_ROOT": str(static_root),
    }


def wait_until_up(base, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            fail("gunicorn exited while starting; see its log above.")
        try:
            # base is always http://127.0.0.1:<port>
            # A worker's first request imports and connects: slow on a busy machine.
            with urllib.request.urlopen(f"{base}/bench/baseline/", timeout=30) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    fail(f"gunicorn did not answer within {timeout} s.")


def wait_until_ready(worker, log_path, timeout=60):
    """Until the Celery worker says it is ready: starting, it takes a core for seconds,
    which would be counted against the first endpoint measured (the baseline)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            fail(f"the Celery worker exited while starting:\n{log_path.read_text()[-3000:]}")
        if " ready." in log_path.read_text():
            return
        time.sleep(0.5)
    fail(f"the Celery worker was not ready within {timeout} s.")


#: The first request of each path in the run, in ms: the cache is cleared when the run starts,
#: so it is what the first reader after a content change waits for (what the endpoints
#: measured before it left in the cache aside).
FIRST_MS = {}

#: What the search page says while a Celery task counts the facets of a broad search.
COUNTS_PENDING = b"are being made"


def check(base, label, path, timeout):
    """One request before measuring: a failing endpoint must not be timed as fast errors.
    A search page whose facet counts a task is making is asked again until they are there
    (the steady state readers see). False when the first answer takes longer than
    ``timeout`` seconds, or the counts longer than ``timeout`` more (then it is reported, not
    measured)."""
    deadline = time.monotonic() + 2 * timeout
    started = time.monotonic()
    try:
        while True:
            with urllib.request.urlopen(base + path, timeout=timeout) as response:  # noqa: S310
                body = response.read()
            if FIRST_MS.get(path) is None:
                FIRST_MS[path] = (time.monotonic() - started) * 1000
            if COUNTS_PENDING not in body:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(1)
    except urllib.error.HTTPError as error:
        fail(f"{label}: {path} answered {error.code}: {error.read()[:300]!r}")
    except TimeoutError:
        return False


def wrk(base, path, args, seconds):
    command = [
        "wrk",
        f"--threads={min(args.threads, args.connections)}",
        f"--connections={args.connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={REPORT_SCRIPT}",
        base + path,
    ]
    output = subprocess.run(  # noqa: S603 - our own argument list, no shell
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    for line in output.splitlines():
        if line.startswith("WRK_RESULT "):
            return json.loads(line.removeprefix("WRK_RESULT "))
    fail(f"no result line in wrk's output:\n{output}")


def cpu_seconds(session):
    """CPU seconds used so far by the portal (the processes of gunicorn's ``session``) and by
    PostgreSQL and Redis, from /proc, exited children included (reaped into their parent's
    count). Divided by the requests served, this is what one request costs the machine,
    which other work on a shared machine changes far less than it changes throughput."""
    tick = os.sysconf("SC_CLK_TCK")
    portal = database = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()  # from field 3 (state) on: see proc(5)
        used = sum(int(value) for value in fields[11:15]) / tick  # utime stime cutime cstime
        if int(fields[3]) == session:
            portal += used
        elif name == "redis-server" or (name == "postgres" and serves_ours(entry)):
            database += used
    return portal, database


#: The database measured: only its PostgreSQL backends count in the database's CPU (other
#: databases' work on a shared machine is not this portal's).
MEASURED_DATABASE = []


def serves_ours(entry):
    """Whether the PostgreSQL process ``entry`` (/proc/PID) is a backend of the measured
    database (its title: ``postgres: USER DATABASE HOST(PORT) STATE``). Background processes
    (checkpointer, WAL writer…) are left out too: they serve every database at once."""
    try:
        title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    # ``postgres: [CLUSTER: ]USER DATABASE HOST(PORT) STATE``: Debian names the cluster.
    return bool(MEASURED_DATABASE) and MEASURED_DATABASE[0] in title.split()[1:5]


def measure(base, label, path, args, session):
    if not check(base, label, path, args.slow):
        print(f"  {label}: no answer within {args.slow} s, not measured", file=sys.stderr)
        return {"label": label, "path": path, "too_slow": True, "first_ms": FIRST_MS.get(path)}
    wrk(base, path, args, args.warmup)
    portal_before, database_before = cpu_seconds(session)
    result = wrk(base, path, args, args.duration)
    portal_after, database_after = cpu_seconds(session)
    served = max(result["requests"], 1)
    seconds = result["duration_us"] / 1e6
    errors = sum(
        result[key]
        for key in ("connect_errors", "read_errors", "write_errors", "timeouts", "non_2xx_3xx")
    )
    return {
        "label": label,
        "path": path,
        "first_ms": FIRST_MS.get(path),
        "requests": result["requests"],
        "rps": result["requests"] / seconds,
        "p50_ms": result["p50_us"] / 1000,
        "p95_ms": result["p95_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
        "portal_cpu_ms": (portal_after - portal_before) * 1000 / served,
        "database_cpu_ms": (database_after - database_before) * 1000 / served,
        "errors": errors,
    }


def measure_beside_exports(base, args, session):
    """The SDG list measured while ``args.exports`` connections download CSV pages of the
    stocktaking list back to back (a second wrk, started first and outlasting the
    measurement); returns the SDG list's result and the exports' own."""
    seconds = args.warmup + args.duration + 5
    command = [
        "wrk",
        f"--threads={min(args.threads, args.exports)}",
        f"--connections={args.exports}",
        f"--duration={seconds}s",
        "--timeout=30s",
        f"--script={REPORT_SCRIPT}",
        base + EXPORT,
    ]
    # The exporters wait as a 429's Retry-After tells them (report.lua), as a client should.
    background = subprocess.Popen(  # noqa: S603 - our own argument list, no shell
        command,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "WRK_RETRY_AFTER": "1"},
    )
    time.sleep(2)  # the exports under way before the warm-up
    label = f"API SDG list, while {args.exports} CSV exports run"
    result = measure(base, label, SDG_LIST, args, session)
    # The processes' CPU is the exports' as much as the SDG list's: not one request's cost.
    result["portal_cpu_ms"] = result["database_cpu_ms"] = None
    output = background.communicate(timeout=seconds + 60)[0]
    for line in output.splitlines():
        if line.startswith("WRK_RESULT "):
            done = json.loads(line.removeprefix("WRK_RESULT "))
            refused = done.get("refused", 0)
            return result, {
                "label": (
                    f"CSV export pages of 500 rows ({args.exports} asking at once; req/s: "
                    f"pages served; {refused} answers were 429, not counted as errors)"
                ),
                "path": EXPORT,
                "requests": done["requests"] - refused,
                "refused": refused,
                "rps": (done["requests"] - refused) / (done["duration_us"] / 1e6),
                "p50_ms": done["p50_us"] / 1000,
                "p95_ms": done["p95_us"] / 1000,
                "p99_ms": done["p99_us"] / 1000,
                "portal_cpu_ms": None,
                "database_cpu_ms": None,
                "errors": sum(
                    done[key]
                    for key in (
                        "connect_errors",
                        "read_errors",
                        "write_errors",
                        "timeouts",
                        "non_2xx_3xx",
                    )
                )
                - refused,
            }
    fail(f"no result line in the exports' wrk output:\n{output}")


def table(results):
    baseline = results[0]["rps"]
    lines = [
        "| endpoint | path | req/s | p50 ms | p95 ms | × baseline | CPU ms/req "
        "portal + db | errors | first request ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        if r.get("too_slow") or not r["requests"]:
            note = "first request too slow" if r.get("too_slow") else "none completed"
            first = "—" if r.get("first_ms") is None else f"{r['first_ms']:.0f}"
            lines.append(f"| {r['label']} | `{r['path']}` | 0 | — | — | 0 | — | {note} | {first} |")
            continue
        first = "—" if r.get("first_ms") is None else f"{r['first_ms']:.0f}"
        cpu = (
            "—"
            if r["portal_cpu_ms"] is None
            else f"{r['portal_cpu_ms']:.1f} + {r['database_cpu_ms']:.1f}"
        )
        lines.append(
            f"| {r['label']} | `{r['path']}` | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['rps'] / r.get('paired_baseline_rps', baseline):.2f} | "
            f"{cpu} | {r['errors']} | {first} |"
        )
    return "\n".join(lines)


def cpu_model():
    lscpu = shutil.which("lscpu")
    if lscpu:
        output = subprocess.run([lscpu], capture_output=True, text=True).stdout  # noqa: S603
        for line in output.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        fail("wrk is not installed; on Debian or Ubuntu: apt-get install -y wrk")
    if urlsplit(args.database_url).hostname not in LOOPBACK:
        fail("the benchmark runs against a scratch database on 127.0.0.1 only.")
    if urlsplit(args.redis_url).hostname not in LOOPBACK:
        fail("the benchmark uses Redis on 127.0.0.1 only.")

    total, published = dataset_size(args.database_url)
    MEASURED_DATABASE.append(urlsplit(args.database_url).path.lstrip("/"))
    chosen = [
        target
        for target in targets(args)
        if target[0] == BASELINE or not args.only or any(o in target[0] for o in args.only)
    ]
    scratch = Path(tempfile.mkdtemp(prefix="wsis-bench-"))
    env = server_environment(args, scratch / "static")
    clear_cache(args.redis_url, env["CACHE_KEY_PREFIX"])
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = open(scratch / "gunicorn.log", "w")  # noqa: SIM115 - closed in finally
    server = subprocess.Popen(  # noqa: S603 - our own argument list, no shell
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wsis_portal.wsgi",
            f"--bind={HOST}:{args.port}",
            f"--workers={args.workers}",
            f"--threads={args.worker_threads}",
            # As behind the compose stack's nginx, which opens a connection per request: with
            # wrk's few keep-alive connections held by whichever workers accepted them, two
            # workers served everything while the others idled, and each of the two was held
            # to one core by its threads' shared interpreter lock.
            "--keep-alive=0",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    # A Celery worker, as in production: the search page leaves broad facet counts to it.
    worker_log = open(scratch / "celery.log", "w")  # noqa: SIM115 - closed in finally
    worker = subprocess.Popen(  # noqa: S603 - our own argument list, no shell
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wsis_portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://{HOST}:{args.port}"
    results = []
    load_before = os.getloadavg()[0]
    try:
        wait_until_up(base, server)
        wait_until_ready(worker, scratch / "celery.log")
        # Every worker imported and connected before anything is timed: a worker still
        # starting costs the first endpoint its CPU (seconds each on a busy machine).
        warm = argparse.Namespace(
            **{**vars(args), "connections": args.workers * args.worker_threads}
        )
        wrk(base, chosen[0][1], warm, max(5, 2 * args.warmup))
        for label, path in chosen:
            if args.paired and label != BASELINE:
                # The baseline again, just before: both see the same load on the machine.
                print(f"measuring {BASELINE} before {label} …", file=sys.stderr, flush=True)
                before = measure(base, BASELINE, chosen[0][1], args, server.pid)
            print(f"measuring {label} …", file=sys.stderr, flush=True)
            results.append(measure(base, label, path, args, server.pid))
            if args.paired and label != BASELINE:
                results[-1]["paired_baseline_rps"] = before["rps"]
        if args.exports:
            print(f"measuring the SDG list beside {args.exports} exports …", file=sys.stderr)
            results += measure_beside_exports(base, args, server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # workers stuck in a slow request
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        os.killpg(worker.pid, signal.SIGKILL)  # a count may be running: not worth waiting for
        worker.wait()
        worker_log.close()
        log.close()
        if server.returncode not in (0, -signal.SIGTERM):
            print((scratch / "gunicorn.log").read_text()[-3000:], file=sys.stderr)
        shutil.rmtree(scratch, ignore_errors=True)

    database = urlsplit(args.database_url).path.lstrip("/")
    # Other work on the machine skews every figure: the load average says how quiet it was.
    print(
        f"\nDatabase {database}: {total:,} entries, {published:,} published. "
        f"gunicorn: {args.workers} workers × {args.worker_threads} threads; "
        f"wrk: {args.connections} connections, "
        f"{min(args.threads, args.connections)} threads, {args.warmup} s warm-up + "
        f"{args.duration} s per endpoint; {os.cpu_count()} × {cpu_model()}; "
        f"1-minute load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after."
        + (" × baseline: against the baseline measured just before each." if args.paired else "")
        + "\n"
    )
    print(table(results))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "database": database,
                    "entries": total,
                    "published": published,
                    "results": results,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
