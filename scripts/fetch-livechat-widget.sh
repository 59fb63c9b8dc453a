#!/usr/bin/env bash
# Fetches Rocket.Chat's published livechat widget (@rocket.chat/livechat, built files only) from the npm registry
# and unpacks it into DIR (default: target/livechat), for the host's --livechat-dir. The widget is not ours and is
# never committed. Skips the download when DIR already holds this version. Needs npm (no Node build step).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="1.13.3"
DIR="${1:-target/livechat}"

if [[ -f "$DIR/index.html" && "$(cat "$DIR/.widget-version" 2>/dev/null)" == "$VERSION" ]]; then
  echo "livechat widget $VERSION already in $DIR"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to fetch the livechat widget (apt-get install npm)" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# npm checks the tarball against the registry's integrity hash.
(cd "$work" && npm pack --silent "@rocket.chat/livechat@$VERSION" >/dev/null)
tar -xzf "$work"/rocket.chat-livechat-"$VERSION".tgz -C "$work"
# The package's demo page points at a developer's localhost; the host serves only the widget.
rm -f "$work/package/build/widget-demo.html"
echo "$VERSION" > "$work/package/build/.widget-version"

mkdir -p "$(dirname "$DIR")"
rm -rf "$DIR"
mv "$work/package/build" "$DIR"
echo "livechat widget $VERSION unpacked into $DIR"
