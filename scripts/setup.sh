#!/usr/bin/env bash
# Set up a checkout so that `make run` / `make test` work on a fresh Debian/Ubuntu machine:
#   1. Qt's system libraries (apt-get when root, else print the exact sudo line and stop);
#   2. a virtual environment in .venv (an existing one, or a symlink to one, is kept);
#   3. the package, editable, with the requested extras, only when pyproject.toml changed
#      since the last install (a stamp file), so a repeated `make test` starts at once;
#   4. the compiled translations (.mo files are not committed).
#
# Usage: scripts/setup.sh [run|test|build]
#   run   also installs the X11 libraries Qt needs to show a window on a desktop;
#   test  installs the package with its test extras;
#   build installs the package with PyInstaller (the build extras).
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

if ((${#missing[@]})); then
    if ! command -v apt-get >/dev/null 2>&1; then
        say "Qt needs these system libraries, and this is not a Debian/Ubuntu system: ${missing[*]}"
        say "install their equivalents with your package manager, then run this again."
        exit 1
    fi
    if [[ "$(id -u)" -eq 0 ]]; then
        say "installing Qt's system libraries: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        say "Qt needs system libraries that are not installed. Run this line, then run make again:"
        printf '\n    sudo apt-get update && sudo apt-get install -y %s\n\n' "${missing[*]}" >&2
        exit 1
    fi
fi

# --- 2. the virtual environment -------------------------------------------------------------
if [[ -L "$venv" && ! -e "$venv" ]]; then
    rm -f "$venv"  # a link to an environment that is gone (another machine's)
fi
if [[ ! -x "$venv/bin/python" ]]; then
    say "creating .venv"
    if ! "$python_bin" -m venv "$venv" 2>/dev/null; then
        rm -rf "$venv"
        if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
            say "installing python3-venv"
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq python3-venv >/dev/null
            "$python_bin" -m venv "$venv"
        else
            say "Python cannot create a virtual environment. Run this line, then run make again:"
            printf '\n    sudo apt-get update && sudo apt-get install -y python3-venv\n\n' >&2
            exit 1
        fi
    fi
fi

# --- 3. the package ------------------------------------------------------------------------
case "$mode" in
    test) extras="test" ;;
    build) extras="build" ;;
    *) extras="" ;;
esac
stamp="$venv/.borderdesk-setup"
# The stamp holds "HASH:EXTRAS" lines; HASH covers pyproject's content and this checkout's
# path, so an edited pyproject (or a venv moved to another checkout) installs again.
want="$( { cat pyproject.toml; echo "root=$root"; } | sha256sum | cut -d' ' -f1)"
installed=false
if [[ -f "$stamp" ]] && grep -q "^$want:" "$stamp"; then
    if [[ -z "$extras" ]] || grep -qx "$want:$extras" "$stamp"; then
        installed=true
    fi
fi

if [[ -L "$root/.venv" ]] && [[ -z "${BORDERDESK_FORCE_INSTALL:-}" ]]; then
    # A symlinked .venv is shared with other checkouts (a developer's worktrees): installing
    # this checkout editable would re-point the others. Tests import the package from the
    # checkout itself (cwd first on sys.path), so only check that the dependencies are there.
    if ! "$venv/bin/python" -c "import peewee, babel, PySide6, reportlab" 2>/dev/null; then
        say ".venv is a shared symlink and lacks dependencies: set BORDERDESK_FORCE_INSTALL=1 to install into it"
        exit 1
    fi
elif [[ "$installed" != true ]]; then
    spec="."
    [[ -n "$extras" ]] && spec=".[$extras]"
    say "installing BorderDesk and its dependencies into .venv ($spec); this takes a few minutes the first time"
    "$venv/bin/python" -m pip install --disable-pip-version-check -q -e "$spec"
    if [[ -f "$stamp" ]] && grep -q "^$want:" "$stamp"; then
        echo "$want:$extras" >>"$stamp"
    else
        echo "$want:$extras" >"$stamp"
    fi
fi

# --- 4. translations -----------------------------------------------------------------------
"$venv/bin/python" scripts/i18n.py compile --quiet
