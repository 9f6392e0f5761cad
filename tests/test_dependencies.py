"""Issue 16, layer 18: CI and production install the same locked versions, and CI audits them
for known vulnerabilities (scripts/audit-dependencies, run by .ci/run)."""

import importlib.util
import re
import subprocess
import sys
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.test_setup import ROOT, clean_env

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def pins(lock: str) -> dict[str, str]:
    return {canonicalize_name(name): version for name, version in PIN.findall(lock)}


def read_lock(name):
    return (ROOT / name).read_text()


def declared(extra=None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(
    ("lock", "extra"), [("requirements.lock", None), ("requirements-test.lock", "test")]
)
def test_every_dependency_of_pyproject_is_pinned_in_the_lock_within_its_range(lock, extra):
    """A dependency added to pyproject.toml, or a range changed, without `make lock` fails
    here: the lock must pin it, at a version its range allows."""
    locked = pins(read_lock(lock))
    wrong = []
    for requirement in declared(extra):
        version = locked.get(canonicalize_name(requirement.name))
        if version is None or not requirement.specifier.contains(version, prereleases=True):
            wrong.append(f"{requirement} locked at {version}")
    assert wrong == [], f"{lock} is out of step with pyproject.toml (run `make lock`): {wrong}"


def test_ci_tests_the_versions_production_runs():
    production, ci = pins(read_lock("requirements.lock")), pins(read_lock("requirements-test.lock"))
    differ = {name: (version, ci.get(name)) for name, version in production.items()}
    assert {name: v for name, v in differ.items() if v[0] != v[1]} == {}


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-test.lock"])
def test_every_pin_carries_its_hashes(lock):
    entries = re.split(r"\n(?=[A-Za-z0-9])", read_lock(lock).split("\n", 2)[2])
    unhashed = [entry.split()[0] for entry in entries if "--hash=sha256:" not in entry]
    assert unhashed == []


def test_production_and_the_scripts_install_from_the_locks():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "pip install --no-deps ." in dockerfile
    env = (ROOT / "scripts" / "_env.sh").read_text()
    assert "--require-hashes -r requirements-test.lock" in env
    # Installed again whenever the lock changes, not only pyproject.toml.
    assert "cat pyproject.toml requirements-test.lock | sha1sum" in env
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.index("scripts/audit-dependencies") < ci.index("exec scripts/test")


# --- the audit ---------------------------------------------------------------------------------


def load_audit():
    spec = importlib.util.spec_from_file_location(
        "audit_dependencies", ROOT / "scripts" / "audit_dependencies.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: pip-audit's JSON report, as it writes it (shortened).
REPORT = {
    "dependencies": [
        {"name": "django", "version": "5.2.1", "vulns": []},
        {
            "name": "jinja2",
            "version": "3.1.4",
            "vulns": [
                {
                    "id": "GHSA-q2x7-8rv6-6q7h",
                    "fix_versions": ["3.1.5"],
                    "aliases": ["CVE-2024-56201"],
                    "description": "…",
                }
            ],
        },
        {
            "name": "ecdsa",
            "version": "0.19.0",
            "vulns": [{"id": "GHSA-wj6h-64fc-37mp", "fix_versions": [], "aliases": []}],
        },
        {"name": "private-thing", "skip_reason": "Dependency not found on PyPI"},
    ],
    "fixes": [],
}


def test_the_audit_sorts_findings_into_fixable_unfixable_and_not_audited():
    fixable, unfixable, skipped = load_audit().findings(REPORT)
    assert fixable == ["jinja2 3.1.4: GHSA-q2x7-8rv6-6q7h / CVE-2024-56201 (fixed in 3.1.5)"]
    assert unfixable == ["ecdsa 0.19.0: GHSA-wj6h-64fc-37mp (no fixed version yet)"]
    assert skipped == ["private-thing: Dependency not found on PyPI"]


def test_a_database_that_answers_without_advisories_is_not_trusted():
    """A PyPI mirror answers every package without vulnerability data: pip-audit then skips
    them all and reports "No known vulnerabilities found". The canary tells that apart."""
    answers = load_audit().answers
    mirror = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    assert not answers(mirror)
    assert not answers(None)
    assert not answers({"dependencies": [{"name": "django", "version": "3.2", "vulns": []}]})
    assert answers(REPORT)


@pytest.mark.parametrize(("required", "status"), [(None, 0), ("1", 1)])
def test_without_a_reachable_database_the_audit_says_it_was_skipped(required, status):
    """Where no database answers (here: every request through a proxy that is not there), CI
    is not broken for want of network, but says plainly that nothing was audited;
    AUDIT_REQUIRED=1 makes it fail instead."""
    env = clean_env(HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9")
    for name in ("AUDIT_REQUIRED", "NO_PROXY", "no_proxy", "https_proxy", "http_proxy"):
        env.pop(name, None)
    if required:
        env["AUDIT_REQUIRED"] = required
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "scripts" / "audit_dependencies.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == status, result.stdout + result.stderr
    assert "Could not reach a vulnerability database, dependency audit skipped" in result.stdout
    assert "pypi: no answer" in result.stdout and "osv: no answer" in result.stdout
