#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry (make vendor).
# Versions are pinned here; change them, run this, review the diff, run make test.
set -euo pipefail
DS_CSS_VERSION="1.22.0"     # @digdir/designsystemet-css (carries the default theme)
HTMX_VERSION="2.0.11"        # htmx.org
AXE_VERSION="4.11.4"         # axe-core (test-only: the accessibility check)

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@digdir/designsystemet-css@${DS_CSS_VERSION}" "htmx.org@${HTMX_VERSION}" \
  "axe-core@${AXE_VERSION}" >/dev/null
for tarball in *.tgz; do mkdir -p "${tarball%.tgz}"; tar xzf "$tarball" -C "${tarball%.tgz}"; done

ds="$root/samplan/static/vendor/designsystemet"
rm -rf "$ds"; mkdir -p "$ds"
cp digdir-designsystemet-css-*/package/dist/src/index.css "$ds/designsystemet.css"
cp digdir-designsystemet-css-*/package/dist/theme/designsystemet.css "$ds/theme.css"
cp digdir-designsystemet-css-*/package/LICENSE "$ds/LICENSE"
printf '@digdir/designsystemet-css %s (npm), files dist/src/index.css and dist/theme/designsystemet.css, MIT licence (LICENSE)\n' "$DS_CSS_VERSION" > "$ds/VERSION"

hx="$root/samplan/static/vendor/htmx"
rm -rf "$hx"; mkdir -p "$hx"
cp htmx.org-*/package/dist/htmx.min.js "$hx/htmx.min.js"
cp htmx.org-*/package/LICENSE "$hx/LICENSE"
printf 'htmx.org %s (npm), file dist/htmx.min.js, BSD Zero Clause licence (LICENSE)\n' "$HTMX_VERSION" > "$hx/VERSION"

axe="$root/tests/browser/vendor/axe-core"
rm -rf "$axe"; mkdir -p "$axe"
cp axe-core-*/package/axe.min.js "$axe/axe.min.js"
cp axe-core-*/package/LICENSE "$axe/LICENSE"
printf 'axe-core %s (npm), file axe.min.js, MPL-2.0 licence (LICENSE); used only by the tests\n' "$AXE_VERSION" > "$axe/VERSION"
echo "vendored: designsystemet-css $DS_CSS_VERSION, htmx $HTMX_VERSION, axe-core $AXE_VERSION"
