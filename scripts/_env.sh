# Shared by scripts/serve and scripts/test: creates .venv with Python 3.11+ and installs the
# locked dependencies (requirements-test.lock: the production pins of requirements.lock plus the
# test tools, every file checked against its hash) and the project, again whenever
# pyproject.toml or the lock has changed since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml requirements-test.lock | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements-test.lock
  .venv/bin/python -m pip install --quiet --no-deps -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
