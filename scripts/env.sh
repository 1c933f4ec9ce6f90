# Sourced by the scripts: puts the project's tools first on PATH (wasm-opt from npm's
# binaryen; never Debian's binaryen 108, whose output fails to load in Chromium).
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
