# Sourced first by the commands the README names (run.sh, test.sh, bench.sh), as
# `source "$(dirname "$0")/lib/command.sh"`: strict mode, the repository's root as the working
# folder, whatever is missing installed (scripts/setup.sh, the one place that installs), and
# the project's tools first on PATH (scripts/env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
