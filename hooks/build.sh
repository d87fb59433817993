#!/usr/bin/env bash
# ASK CLI custom build flow: `ask deploy` runs this as hooks/build.sh BUILD_FILE DEBUG.
# It ships the tested, reproducible dist/lambda.zip instead of zipping the code folder itself.
set -euo pipefail
build_file="$1"
cd "$(dirname "$0")/.."
make --no-print-directory package
cp dist/lambda.zip "$build_file"
