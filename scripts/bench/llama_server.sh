#!/usr/bin/env bash
# Builds llama.cpp's own server and batched-bench (the C++ programs, not the
# Python binding) from the llama.cpp sources that the PyPI sdist of
# llama-cpp-python carries, so the version matches the test teacher's.
# Portable AVX2 build (see scripts/test.sh). Cached: rebuilt only when missing.
# Usage: scripts/bench/llama_server.sh DIR   -> DIR/bin/llama-server, DIR/bin/llama-batched-bench
set -euo pipefail
DIR="${1:?usage: llama_server.sh DIR}"
VERSION="${LLAMA_CPP_PYTHON_VERSION:-0.3.36}"
if [ -x "$DIR/bin/llama-server" ] && [ -x "$DIR/bin/llama-batched-bench" ]; then
    echo "reusing $DIR/bin (llama-cpp-python $VERSION sources)"
    exit 0
fi
mkdir -p "$DIR"
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore cmake ninja
SRC="$DIR/src"
if [ ! -d "$SRC/vendor/llama.cpp" ]; then
    # The sdist's address from PyPI's simple index (pip download would build metadata).
    url=$(python3 - "$VERSION" <<'PY'
import re, sys, urllib.request
v = sys.argv[1]
page = urllib.request.urlopen("https://pypi.org/simple/llama-cpp-python/").read().decode()
print(re.search(r'href="([^"#]*/llama_cpp_python-' + re.escape(v) + r'\.tar\.gz)', page).group(1))
PY
)
    echo "fetching $url"
    python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' "$url" "$DIR/sdist.tar.gz"
    rm -rf "$SRC" && mkdir -p "$SRC"
    tar -xzf "$DIR/sdist.tar.gz" -C "$SRC" --strip-components=1
fi
cmake -S "$SRC/vendor/llama.cpp" -B "$DIR/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
    -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_OPENMP=OFF \
    -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=ON \
    -DLLAMA_BUILD_SERVER=ON -DLLAMA_BUILD_TOOLS=ON -DBUILD_SHARED_LIBS=OFF > "$DIR/configure.log"
cmake --build "$DIR/build" --target llama-server llama-batched-bench -j "${JOBS:-2}"
mkdir -p "$DIR/bin"
cp "$DIR/build/bin/llama-server" "$DIR/build/bin/llama-batched-bench" "$DIR/bin/"
echo "built $DIR/bin"
