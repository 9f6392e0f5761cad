"""Audit the locked dependencies for known vulnerabilities (pip-audit); run by .ci/run through
scripts/audit-dependencies.

Fails (exit 1) on a known vulnerability for which a fixed version exists, naming the package,
the advisory and the versions that fix it; a vulnerability without a fix is printed and passes
(nothing to upgrade to). Every pin of the lock is audited as pinned, hashes required, without
installing anything.

pip-audit asks a vulnerability database over the network: PyPI's JSON API, else OSV. A database
that cannot be reached would make the audit either fail for a reason that is not the code's or,
worse, pass having audited nothing (a PyPI mirror answers without vulnerability data, and
pip-audit then skips every package and says "No known vulnerabilities found"). So each database
is first asked about a release with published, fixed advisories (the canary); one that reports
none for it is not used. When none answers, the audit says so and is skipped (exit 0), unless
``AUDIT_REQUIRED=1``, which makes that a failure.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-test.lock"
#: Django 3.2.0 has dozens of advisories, every one fixed in a later release.
CANARY = "django==3.2"
SERVICES = ("pypi", "osv")
#: Seconds pip-audit waits on one answer of the database.
TIMEOUT = 20


def pip_audit(service: str, requirements: Path, *options: str) -> dict | None:
    """pip-audit's JSON report for ``requirements`` from ``service``, or None if it did not
    produce one (the database could not be reached, an error)."""
    command = [sys.executable, "-m", "pip_audit", "-r", str(requirements), "--disable-pip"]
    command += ["-s", service, "-f", "json", "--progress-spinner", "off"]
    command += ["--timeout", str(TIMEOUT), *options]
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            command, capture_output=True, text=True, timeout=10 * TIMEOUT, check=False
        )
        return json.loads(result.stdout) if result.returncode in (0, 1) else None
    except (subprocess.TimeoutExpired, ValueError):
        return None


def answers(report: dict | None) -> bool:
    """Whether a report on the canary shows a database that knows its advisories."""
    return bool(report) and any(
        dependency.get("vulns") for dependency in report.get("dependencies", [])
    )


def findings(report: dict) -> tuple[list[str], list[str], list[str]]:
    """(fixable, unfixable, not audited): one line each, from a pip-audit JSON report."""
    fixable, unfixable, skipped = [], [], []
    for dependency in report.get("dependencies", []):
        name = f"{dependency.get('name')} {dependency.get('version', '')}".strip()
        if "skip_reason" in dependency:
            skipped.append(f"{name}: {dependency['skip_reason']}")
        for vuln in dependency.get("vulns", []):
            advisory = " / ".join([vuln["id"], *vuln.get("aliases", [])])
            if vuln.get("fix_versions"):
                fixable.append(f"{name}: {advisory} (fixed in {', '.join(vuln['fix_versions'])})")
            else:
                unfixable.append(f"{name}: {advisory} (no fixed version yet)")
    return fixable, unfixable, skipped


def main() -> int:
    tried, service = [], None
    with tempfile.TemporaryDirectory() as scratch:
        canary = Path(scratch) / "canary.txt"
        canary.write_text(CANARY + "\n")
        for name in SERVICES:
            report = pip_audit(name, canary, "--no-deps")
            if answers(report):
                service = name
                break
            tried.append(f"{name}: {'no advisory for ' + CANARY if report else 'no answer'}")
    if service is None:
        print(
            "Could not reach a vulnerability database, dependency audit skipped "
            f"({'; '.join(tried)})."
        )
        return 1 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    report = pip_audit(service, LOCK, "--require-hashes")
    if report is None:
        print(f"Dependency audit failed: {service} stopped answering during the audit.")
        return 1
    fixable, unfixable, skipped = findings(report)
    for line in skipped:
        print(f"not audited: {line}")
    for line in unfixable:
        print(f"known vulnerability, no fix yet: {line}")
    for line in fixable:
        print(f"VULNERABLE, upgrade: {line}")
    audited = len(report.get("dependencies", [])) - len(skipped)
    print(
        f"Dependency audit ({service}): {audited} locked packages audited, "
        f"{len(fixable)} with a fixed vulnerability, {len(unfixable)} without a fix yet."
    )
    return 1 if fixable else 0


if __name__ == "__main__":
    sys.exit(main())
