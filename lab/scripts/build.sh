#!/usr/bin/env bash
# Builds every module without running tests (the fabric command line and the lab's classes).
# Offline first, so a machine with a filled Maven repository needs no network.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$REPO_ROOT"
say "build: mvn package (tests skipped)"
if ! mvn -B -q -o -DskipTests package >/dev/null 2>&1; then
  mvn -B -q -DskipTests package
fi
