// The files of a Gradescope autograder (https://gradescope-autograders.readthedocs.io/en/latest/specs/):
// setup.sh runs once when Gradescope builds the image, run_autograder once per submission, both
// as root in /autograder, where source/ holds the unzipped autograder, submission/ the student's
// files, and results/results.json is what Gradescope reads. AUTOGRADER_ROOT moves that root
// elsewhere, so a test (or an instructor) can run the same script on a mock layout.

/** Where in harness/ the autograder command writes the harness bundled into one file. */
export const HARNESS_BUNDLE = 'conformance/dist/harness.mjs';

export const SETUP_SH = `#!/usr/bin/env bash
# Written by \`npm run conformance -- autograder\`. Gradescope runs this once, as root, when it
# builds the autograder image (Ubuntu): Node.js 20 or newer and the harness's dependencies.
set -euo pipefail
SOURCE="\${AUTOGRADER_ROOT:-/autograder}/source"

if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  apt-get update
  apt-get install -y ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  apt-get install -y nodejs
fi
# The submissions' language: Python here, as the start command uses it; add what yours need.
command -v python3 >/dev/null 2>&1 || apt-get install -y python3

cd "$SOURCE/harness"
npm ci --omit=dev --no-audit --no-fund
`;

export const RUN_AUTOGRADER = `#!/usr/bin/env bash
# Written by \`npm run conformance -- autograder\`. Gradescope runs this once per submission, as
# root: it starts the student's server from submission/ with the start command in config.sh, runs
# the selected cases against it, and writes results/results.json. Whatever happens (a server that
# never starts, a harness that cannot run), results.json is written: score 0 and the reason,
# shown to the student, never an autograder error.
set -uo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
HARNESS="$SOURCE/harness"
RESULTS="$ROOT/results"
SUBMISSION="$ROOT/submission"
mkdir -p "$RESULTS"
rm -f "$RESULTS/results.json"

# shellcheck source=/dev/null
. "$SOURCE/config.sh"

# A zip of one folder unpacks to submission/<folder>/: start the server inside that folder.
entries=("$SUBMISSION"/*)
if [ "\${#entries[@]}" -eq 1 ] && [ -d "\${entries[0]}" ]; then SUBMISSION="\${entries[0]}"; fi

export CONFORMANCE_GRADESCOPE_WEIGHTS="$SOURCE/weights.json"
cd "$HARNESS" || exit 0
# INIT_CWD: the directory the server command runs in, as under npm run. The harness runs from the
# bundle written with this autograder (edited conformance/src? write the autograder again).
INIT_CWD="$SUBMISSION" node ${HARNESS_BUNDLE} \\
  --server "$START" --reporter gradescope --out "$RESULTS" --quiet "\${ARGS[@]}" 2>&1 | tee "$RESULTS/harness.log"
status=\${PIPESTATUS[0]}

if [ ! -s "$RESULTS/results.json" ]; then
  # The harness itself could not run (no Node.js, a broken install): say so, with its last words.
  node -e '
    const fs = require("fs");
    const [file, log, status] = process.argv.slice(1);
    const tail = fs.existsSync(log) ? fs.readFileSync(log, "utf8").slice(-2000) : "";
    const output = "**0 points: the autograder could not test the server** (exit status " + status + ").\\n\\n" + "\`\`\`\`text\\n" + tail + "\\n\`\`\`\`";
    fs.writeFileSync(file, JSON.stringify({ score: 0, execution_time: 0, output, output_format: "md", visibility: "visible", stdout_visibility: "visible", tests: [] }, null, 2) + "\\n");
  ' "$RESULTS/results.json" "$RESULTS/harness.log" "$status" 2>/dev/null ||
    printf '{"score": 0, "output": "0 points: the autograder could not run (exit status %s); see the autograder output.", "visibility": "visible", "stdout_visibility": "visible", "tests": []}\\n' "$status" >"$RESULTS/results.json"
fi
exit 0
`;
