#!/usr/bin/env bash
# Set up a checkout so that every make target works on a fresh Debian/Ubuntu machine:
#   1. check everything first: Python >= 3.11, python3-venv, Qt's system libraries (and for
#      `run` the X11 ones a window needs); then install all that is missing in ONE apt-get
#      call (root), or print one line with all of it (sudo or su -c) and stop;
#   2. a virtual environment in .venv (an existing one, or a symlink to one, is kept);
#   3. every runtime, test and build dependency from requirements.lock (pinned, with hashes;
#      refused when pyproject.toml changed without `make lock`), then the package itself,
#      editable, only when the lock changed since the last install (a stamp file);
#   4. the compiled translations (.mo files are not committed).
#
# Usage: scripts/setup.sh [run|test|build]  (run also needs the X11 libraries; one
# environment serves every target, so `make smoke` or `make bench` stand alone too.)
set -euo pipefail

mode="${1:-run}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
venv="$root/.venv"
python_bin="${PYTHON:-python3}"

say() { printf 'setup: %s\n' "$*" >&2; }

# --- 1. Qt's system libraries -------------------------------------------------------------
# Checked by shared-object name (ldconfig) rather than package name: Ubuntu 24.04 renamed
# some packages (libglib2.0-0t64) but the libraries are the same. "soname package" pairs.
qt_libs=(
    "libGL.so.1 libgl1"
    "libEGL.so.1 libegl1"
    "libxkbcommon.so.0 libxkbcommon0"
    "libfontconfig.so.1 libfontconfig1"
    "libdbus-1.so.3 libdbus-1-3"
    "libglib-2.0.so.0 libglib2.0-0"
    "libbrotlidec.so.1 libbrotli1"
)
# Showing a real window (xcb platform plugin) needs these as well; tests run offscreen.
x11_libs=(
    "libxcb-cursor.so.0 libxcb-cursor0"
    "libxkbcommon-x11.so.0 libxkbcommon-x11-0"
    "libxcb-icccm.so.4 libxcb-icccm4"
    "libxcb-keysyms.so.1 libxcb-keysyms1"
    "libxcb-shape.so.0 libxcb-shape0"
    "libxcb-render-util.so.0 libxcb-render-util0"
    "libxcb-image.so.0 libxcb-image0"
    "libxcb-randr.so.0 libxcb-randr0"
    "libxcb-xkb.so.1 libxcb-xkb1"
    "libX11-xcb.so.1 libx11-xcb1"
)

# Read once into a variable: `ldconfig -p | grep -q` under pipefail fails at random (SIGPIPE).
ld_cache="$(ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true)"

have_lib() {
    local soname="$1" pkg="$2" p status
    if [[ "$ld_cache" == *[[:space:]]"$soname "* ]]; then
        return 0
    fi
    # ldconfig's cache can be stale inside containers: ask dpkg too.
    if command -v dpkg-query >/dev/null 2>&1; then
        for p in "$pkg" "${pkg}t64"; do
            status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
            [[ "$status" == "install ok installed" ]] && return 0
        done
    fi
    return 1
}

wanted=("${qt_libs[@]}")
if [[ "$mode" == "run" ]]; then
    wanted+=("${x11_libs[@]}")
fi
missing=()
for pair in "${wanted[@]}"; do
    read -r soname pkg <<<"$pair"
    have_lib "$soname" "$pkg" || missing+=("$pkg")
done

# Python itself: 3.11 or newer, able to make a virtual environment (Debian splits venv out);
# pip needs the certificate authorities to reach PyPI (a minimal Debian has none).
python_ok() { "$python_bin" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }
if ! command -v "$python_bin" >/dev/null 2>&1; then
    missing+=("python3" "python3-venv")
elif ! python_ok; then
    say "BorderDesk needs Python 3.11 or newer; $python_bin is $("$python_bin" -V 2>&1). Set PYTHON=/path/to/python3.11 and run make again."
    exit 1
elif [[ ! -x "$venv/bin/python" ]] && ! "$python_bin" -c 'import ensurepip, venv' 2>/dev/null; then
    missing+=("python3-venv")
fi
if [[ ! -x "$venv/bin/python" ]] && [[ ! -s /etc/ssl/certs/ca-certificates.crt ]] && command -v dpkg-query >/dev/null 2>&1; then
    missing+=("ca-certificates")
fi

# The tests start a PostgreSQL server of their own (a headquarters' database, tests/pg_cluster.py):
# its binaries (initdb, pg_ctl; unaccent comes with them). postgresql-15 where apt knows it, else
# the distribution's default (Debian 12: 15). Without them the PostgreSQL tests skip; CI=true fails.
# They are optional: without root the line to install them is printed and the set-up goes on.
have_postgres() { command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
if [[ "$mode" == "test" ]] && ! have_postgres && command -v apt-get >/dev/null 2>&1; then
    pg_pkg=postgresql
    if command -v apt-cache >/dev/null 2>&1 && apt-cache show postgresql-15 >/dev/null 2>&1; then
        pg_pkg=postgresql-15
    fi
    if [[ "$(id -u)" -eq 0 ]]; then
        missing+=("$pg_pkg")
    else
        say "PostgreSQL is not installed: its tests will be skipped. To run them: sudo apt-get install -y $pg_pkg"
    fi
fi

if ((${#missing[@]})); then
    if ! command -v apt-get >/dev/null 2>&1; then
        say "missing, and this is not a Debian/Ubuntu system: ${missing[*]}"
        say "install their equivalents with your package manager, then run make again."
        exit 1
    fi
    line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    if [[ "$(id -u)" -eq 0 ]]; then
        say "installing: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        if ! python_ok; then
            say "BorderDesk needs Python 3.11 or newer; $python_bin is $("$python_bin" -V 2>&1)."
            exit 1
        fi
    else
        say "these system packages are missing: ${missing[*]}. Install them as root, then run make again:"
        if command -v sudo >/dev/null 2>&1; then
            printf '\n    sudo sh -c '"'"'%s'"'"'\n\n' "$line" >&2
        else
            printf '\n    su -c '"'"'%s'"'"'\n\n' "$line" >&2
        fi
        exit 1
    fi
fi

# --- 2. the virtual environment -------------------------------------------------------------
if [[ -L "$venv" && ! -e "$venv" ]]; then
    rm -f "$venv"  # a link to an environment that is gone (another machine's)
fi
if [[ ! -x "$venv/bin/python" ]]; then
    say "creating .venv"
    "$python_bin" -m venv "$venv"
fi

# --- 3. the dependencies, from the lock, then the package ----------------------------------
if ! "$venv/bin/python" scripts/lock.py check; then
    exit 1
fi
stamp="$venv/.borderdesk-setup"
# The stamp covers the lock's content, this checkout's path and the interpreter, so a new lock
# (or a venv moved to another checkout) installs again and an unchanged one starts at once.
want="$( { cat requirements.lock; echo "root=$root"; "$venv/bin/python" -V; } | sha256sum | cut -d' ' -f1)"
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)

if [[ -L "$root/.venv" ]] && [[ -z "${BORDERDESK_FORCE_INSTALL:-}" ]]; then
    # A symlinked .venv is shared with other checkouts (a developer's worktrees): installing
    # this checkout editable would re-point the others. Tests import the package from the
    # checkout itself (cwd first on sys.path), so only check that the dependencies are there.
    if ! "$venv/bin/python" -c "import peewee, babel, PySide6, reportlab, sqlcipher3" 2>/dev/null; then
        say ".venv is a shared symlink and lacks dependencies: set BORDERDESK_FORCE_INSTALL=1 to install into it"
        exit 1
    fi
elif [[ ! -f "$stamp" ]] || [[ "$(cat "$stamp")" != "$want" ]]; then
    say "installing the locked dependencies into .venv (requirements.lock); a few minutes the first time"
    # What an older lock installed and this one does not name goes first (pip would otherwise leave
    # it, and two distributions would own the same files).
    mapfile -t stale < <("$venv/bin/python" scripts/lock.py stale)
    if ((${#stale[@]})); then
        "${pip[@]}" uninstall -y "${stale[@]}"
    fi
    "${pip[@]}" install --require-hashes -r requirements.lock
    # The package itself (its build step compiles the catalogs); no build isolation, so the
    # build uses the locked setuptools and Babel instead of fetching whatever is newest.
    "${pip[@]}" install --no-deps --no-build-isolation -e .
    echo "$want" >"$stamp"
fi

# --- 4. translations -----------------------------------------------------------------------
"$venv/bin/python" scripts/i18n.py compile --quiet
