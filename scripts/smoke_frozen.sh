#!/usr/bin/env bash
# Smoke test of the frozen app (after `make build`): run it as an officer's laptop would,
# offscreen, from a folder whose name has Vietnamese letters and spaces.
#   1. create a post's encrypted database, lock and unlock it (a wrong password refused, the right one
#      and the recovery key open it); 2. record a hotline call (import of a one-row CSV);
#   3. print minutes and a quarterly report to PDF (`report`); 4. render the screens
#   (once `screenshots` exists). Exits non-zero at the first thing that fails.
# Usage: scripts/smoke_frozen.sh [dist/BorderDesk]
set -euo pipefail

dist="${1:-dist/BorderDesk}"
cli="$dist/borderdesk-cli"
[[ -x "$cli" ]] || cli="$dist/borderdesk-cli.exe"
[[ -x "$cli" ]] || { echo "smoke: no frozen program in $dist (run make build)" >&2; exit 1; }
for lang in vi zh_CN; do
    [[ -f "$dist/_internal/translations/$lang/LC_MESSAGES/borderdesk.mo" ]] ||
        { echo "smoke: the $lang catalog is not in the bundle" >&2; exit 1; }
done

export QT_QPA_PLATFORM=offscreen
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
folder="$work/Đồn biên phòng Pha Long"
mkdir -p "$folder"
db="$folder/dữ liệu.sqlite"

bd() {
    echo "+ borderdesk $*" >&2
    "$cli" --db "$db" --lang vi "$@"
}
has_command() { "$cli" --help | grep -qE "^ +$1 "; }

# Encrypted by default (SQLCipher in the bundle): the first administrator's password unlocks it.
export BORDERDESK_USER=chihuy BORDERDESK_PASSWORD="núi rừng biên cương"
BORDERDESK_NEW_PASSWORD="$BORDERDESK_PASSWORD" bd init --code PL --name "Đồn Biên phòng Pha Long" \
    --name-zh "帕龙边防站" >"$work/init.txt"
recovery="$(tail -1 "$work/init.txt")"
[[ "$recovery" =~ ^[0-9]{4}(-[0-9]{4}){23}$ ]] || { echo "smoke: init printed no recovery key" >&2; exit 1; }
if head -c 16 "$db" | grep -qa "SQLite format 3"; then echo "smoke: the database is not encrypted" >&2; exit 1; fi
[[ -f "$db.keys" ]] || { echo "smoke: no key file beside the database" >&2; exit 1; }
if BORDERDESK_PASSWORD="wrong password" "$cli" --db "$db" list --kind case >/dev/null 2>"$work/err.txt"; then
    echo "smoke: a wrong password opened the database" >&2; exit 1
fi
echo "smoke: locked: $(cat "$work/err.txt")"
bd check
BORDERDESK_RECOVERY_KEY="$recovery" BORDERDESK_NEW_PASSWORD="$BORDERDESK_PASSWORD" bd passphrase --recovery
echo "smoke: the encrypted database unlocks with the password and with the recovery key"

is_pdf() { head -c 5 "$1" | grep -q '%PDF-' || { echo "smoke: $1 is not a PDF" >&2; exit 1; }; }
report_has() { has_command report && "$cli" report --help 2>/dev/null | grep -qE "^ +$1 "; }
first_id() { grep -o '"id": *"[^"]*"' "$1" | head -1 | sed 's/.*"\([^"]*\)"$/\1/'; }

if has_command import; then
    csv="$folder/cuộc gọi.csv"
    printf 'date,direction,counterpart,subject\n2025-03-14,incoming,Trạm Kiểm soát Biên phòng Hà Khẩu,Trao đổi tình hình biên giới\n' >"$csv"
    bd import "$csv" --kind hotline_call
    bd list --kind hotline_call --json >"$work/calls.json"
    calls="$(grep -o '"id"' "$work/calls.json" | wc -l)"
    [[ "$calls" -eq 1 ]] || { echo "smoke: expected 1 call after the import, found $calls" >&2; exit 1; }
    echo "smoke: recorded call $(first_id "$work/calls.json")"

    if report_has minutes; then
        # Minutes are printed for talks (and meetings on the border).
        csv="$folder/hội đàm.csv"
        # With both heads of delegation: minutes without them are refused (signed by both heads).
        printf '%s\n' 'date,counterpart,members,delegation' \
            '2025-03-20,Trạm Kiểm soát Biên phòng Hà Khẩu,6,"[{""side"":""vn"",""is_head"":true,""name_vi"":""Nguyễn Văn An"",""name_zh"":""阮文安""},{""side"":""cn"",""is_head"":true,""name_vi"":""Vương Kiến Quốc"",""name_zh"":""王建国""}]"' \
            >"$csv"
        bd import "$csv" --kind talks
        bd list --kind talks --json >"$work/talks.json"
        pdf="$folder/biên bản hội đàm.pdf"
        bd report minutes "$(first_id "$work/talks.json")" --out "$pdf" --allow-missing
        is_pdf "$pdf"
        echo "smoke: minutes printed ($(wc -c <"$pdf") bytes)"
        # Read the frozen app's PDF back with the checkout's glyph check: every character
        # drawn by an embedded font that has its glyph.
        if [[ -x .venv/bin/python ]]; then
            .venv/bin/python -c 'import sys; from borderdesk.documents.glyphcheck import assert_every_glyph_drawn; assert_every_glyph_drawn(sys.argv[1])' "$pdf"
            echo "smoke: every glyph of the minutes is drawn by an embedded font"
        fi
    fi
else
    echo "smoke: no 'import' command yet; skipped recording a call"
fi

if report_has summary; then
    pdf="$folder/báo cáo quý 1.pdf"
    bd report summary --from 2025-01-01 --to 2025-03-31 --out "$pdf"
    is_pdf "$pdf"
    echo "smoke: quarterly report printed ($(wc -c <"$pdf") bytes)"
fi

bd stats --from 2025-01-01 --to 2025-12-31 --json
# The readable table goes through Babel's locale data (trimmed in the spec) in each language.
for lang in vi zh en; do
    "$cli" --db "$db" --lang "$lang" stats --from 2025-01-01 --to 2025-12-31 >/dev/null
done

if has_command screenshots; then
    bd screenshots "$work/screens"
    shots="$(find "$work/screens" -name '*.png' | wc -l)"
    [[ "$shots" -gt 0 ]] || { echo "smoke: screenshots rendered nothing" >&2; exit 1; }
    echo "smoke: $shots screens rendered"
fi

echo "smoke: the frozen app works"
