# Shared by the national benchmarks (benches/postgis.sh, benches/tiles.sh,
# scripts/bench-residents.sh, scripts/bench-serve.sh): source it, do not run it.
#   national_import DB [LABEL]   the national set (every commune file and every places file of
#                                ../shared/data) into DB (a file or a postgres:// URL); with LABEL,
#                                each import is timed and the lines are prefixed with [LABEL]
#   throwaway_postgis WORK       a PostgreSQL cluster with PostGIS on a unix socket in WORK/pg
#                                (as the `postgres` user when run as root, Debian's default
#                                settings, fsync on); sets PG_URL to its `national` database and
#                                stops it with `stop_throwaway_postgis WORK` (port: $PG_PORT,
#                                5432 unless set)
#   bench_workdir_with_postgis T  WORK from the mktemp template T, a throwaway PostGIS in it, and
#                                an exit trap that stops the servers in PIDS, the cluster and WORK
# Paths are relative to the repository root, which the caller has made the current directory.

NATIONAL_DATA=${NATIONAL_DATA:-$PWD/../shared/data}
MAILLAGE_BIN=${MAILLAGE_BIN:-$PWD/target/release/maillage}

national_import() { # $1: --db value, $2: optional label (time each import)
    local db=$1 label=${2:-}
    one() {
        local s e
        s=$(date +%s.%N)
        "$MAILLAGE_BIN" --db "$db" "$@" >/dev/null
        e=$(date +%s.%N)
        [ -z "$label" ] || echo "[$label]   import $2: $(echo "$e - $s" | bc) s"
    }
    local t0 t1
    t0=$(date +%s.%N)
    one import population "$NATIONAL_DATA/population/communes-cog2026-population.csv"
    one import communes "$NATIONAL_DATA/communes/communes-france-simplifiees.geojson.gz"
    one import epci "$NATIONAL_DATA/population/epci.json"
    one import mairies "$NATIONAL_DATA/addresses/mairies-france.csv"
    one import places "$NATIONAL_DATA"/places/france-services-20240801.csv \
        "$NATIONAL_DATA"/places/cnfs-lieux-2022.json \
        "$NATIONAL_DATA"/places/data-inclusion-lieux-mediation-2023.json \
        "$NATIONAL_DATA"/places/hinaura-aura-lieux.json \
        "$NATIONAL_DATA"/places/hub-du-sud-paca-2023.json
    t1=$(date +%s.%N)
    [ -z "$label" ] || echo "[$label] import of the national set (5 commands): $(echo "$t1 - $t0" | bc) s"
}

PG_PORT=${PG_PORT:-5432}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

throwaway_postgis() { # $1: a work folder (the cluster goes in $1/pg)
    local work=$1
    chmod 755 "$work"
    mkdir "$work/pg" && { [ "$(id -u)" != 0 ] || chown postgres "$work/pg"; }
    as_pg "$PGBIN/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w \
        -o "-k $work/pg -p $PG_PORT -c listen_addresses=" start >/dev/null
    "$PGBIN/psql" -h "$work/pg" -p "$PG_PORT" -U postgres -q -c "CREATE DATABASE national"
    "$PGBIN/psql" -h "$work/pg" -p "$PG_PORT" -U postgres -q -d national -c "CREATE EXTENSION postgis"
    PG_URL="postgres://postgres@localhost:$PG_PORT/national?host=$work/pg"
}

stop_throwaway_postgis() { # $1: the work folder given to throwaway_postgis
    as_pg "$PGBIN/pg_ctl" -D "$1/pg" -m immediate stop >/dev/null 2>&1 || true
}

# A temporary work folder with a throwaway PostGIS in it, both removed at exit along with the
# servers whose pids the caller appends to PIDS. Sets WORK, PIDS and PG_URL.
bench_workdir_with_postgis() { # $1: mktemp template, e.g. /tmp/maillage-bench-XXXXXX
    WORK=$(mktemp -d "$1")
    PIDS=()
    trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
          stop_throwaway_postgis "$WORK"; rm -rf "$WORK"' EXIT
    throwaway_postgis "$WORK"
}
