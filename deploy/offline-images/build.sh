#!/usr/bin/env bash
# Builds stand-ins for the four public images docker-compose.yml and the Dockerfile start from
# (python:3.11-slim, postgres:15, redis:7, nginx:1.27-alpine) out of Debian 12's own packages,
# and tags them with those names, for a machine that reaches Debian's mirror but not Docker
# Hub. Debian 12 carries Python 3.11, PostgreSQL 15 and Redis 7, the versions the stack asks
# for; its nginx is 1.22. Needs root, a running Docker engine and debootstrap.
# Used by deploy/check-stack.sh; never needed where `docker pull` works.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if ! docker image inspect wsis-offline/debian:bookworm >/dev/null 2>&1; then
  rootfs=$(mktemp -d)
  echo "debootstrap: a minimal Debian 12 from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import - wsis-offline/debian:bookworm >/dev/null
  rm -rf "$rootfs"
fi

# pip inside the python stand-in trusts what this machine trusts (a TLS-inspecting proxy).
cp /etc/ssl/certs/ca-certificates.crt python/ca-certificates.crt
trap 'rm -f python/ca-certificates.crt' EXIT
for pair in python=python:3.11-slim postgres=postgres:15 redis=redis:7 nginx=nginx:1.27-alpine; do
  name=${pair%%=*}
  docker build --quiet --tag "wsis-offline/$name" "$name" >/dev/null
  docker tag "wsis-offline/$name" "${pair#*=}"
  echo "built ${pair#*=} (stand-in, wsis-offline/$name)"
done
