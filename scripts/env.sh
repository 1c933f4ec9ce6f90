# Sourced by the scripts: puts the project's tools first on PATH (wasm-opt from npm's
# binaryen; never Debian's binaryen 108, whose output fails to load in Chromium).
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
# Debian's postgresql package keeps initdb and pg_ctl off PATH.
for pg_bin in /usr/lib/postgresql/*/bin; do
  if [ -x "$pg_bin/initdb" ]; then export PATH="$PATH:$pg_bin"; fi
done
