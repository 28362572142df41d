#!/usr/bin/env bash
# Installs code-server 4.100.3 (the real VS Code 1.100 workbench and extension host; the last release that runs on
# Node 20) into a cache folder outside the clone, for the end-to-end tests. Follows the recipe verified on these
# machines (../shared/notes/real-vscode-here.md): npm 11 blocks dependency install scripts, so code-server is
# installed with --ignore-scripts and its postinstall is run with exactly the native packages it needs approved.
# Prints the code-server executable's path on its last line.
set -euo pipefail
version=4.100.3
cache="${PW_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dbt-product-warehouse}"
root="$cache/code-server-$version"
bin="$root/node_modules/code-server/out/node/entry.js"
if [ -f "$root/.complete" ]; then echo "$bin"; exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  need=()
  for p in libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config ripgrep chromium; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${need[*]}" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi
command -v rg >/dev/null || { echo "ripgrep is needed (Debian: apt-get install ripgrep)" >&2; exit 1; }

rm -rf "$root" && mkdir -p "$root"
cd "$root"
echo '{"name":"code-server-host","private":true}' > package.json
echo "Installing code-server $version into $root (a few minutes)..." >&2
npm install --no-audit --no-fund --ignore-scripts "code-server@$version" >&2

pkg="$root/node_modules/code-server"
allow="allow-scripts=@parcel/watcher,@vscode/deviceid,@vscode/ripgrep,@vscode/spdlog,kerberos,native-watchdog,node-pty"
for d in "$pkg/lib/vscode" "$pkg/lib/vscode/extensions"; do printf '%s\nyes=true\n' "$allow" > "$d/.npmrc"; done

# @vscode/ripgrep downloads rg from GitHub unless its cache holds the tarball: give it Debian's rg.
tmp="${TMPDIR:-/tmp}"
rgcache="$tmp/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rgcache" "$tmp/rg-pack"
cp "$(command -v rg)" "$tmp/rg-pack/rg"
tar -czf "$rgcache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp/rg-pack" rg

(
  cd "$pkg"
  export npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" npm_config_unsafe_perm=true npm_config_nodedir=/usr npm_config_yes=true
  sh ./postinstall.sh >&2
)

# argon2 (loaded at start even with --auth none) wants a GitHub prebuilt: build it from source instead.
argon="$pkg/node_modules/argon2"; [ -d "$argon" ] || argon="$root/node_modules/argon2"
if [ -d "$argon" ] && [ ! -f "$argon/lib/binding/napi-v3/argon2.node" ]; then
  gyp="$(dirname "$(dirname "$(command -v npm)")")/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$gyp" ] || gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
  (cd "$argon" && node "$gyp" rebuild --nodedir=/usr --module_path=lib/binding/napi-v3 --module_name=argon2 --napi_build_version=3 >&2)
  # node-gyp resolves module_path against build/: put the binary where argon2 loads it.
  mkdir -p "$argon/lib/binding/napi-v3"
  cp "$argon/build/Release/argon2.node" "$argon/lib/binding/napi-v3/argon2.node"
fi
touch "$root/.complete"
echo "$bin"
