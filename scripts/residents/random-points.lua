-- wrk script: every request a new point, so that no answer is served from the answer cache.
-- Points are drawn uniformly in a box (WRK_BOX="lon_min,lat_min,lon_max,lat_max") and sent to
-- WRK_PATH (default /api/places/nearest) with WRK_QUERY appended (filters, open_at…).
local box = {}
for v in string.gmatch(os.getenv("WRK_BOX") or "1.2,44.9,2.5,45.7", "[^,]+") do
  box[#box + 1] = tonumber(v)
end
local path = os.getenv("WRK_PATH") or "/api/places/nearest"
local extra = os.getenv("WRK_QUERY") or "limit=10"

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or os.time())
end

function request()
  local lon = box[1] + math.random() * (box[3] - box[1])
  local lat = box[2] + math.random() * (box[4] - box[2])
  return wrk.format("GET", string.format("%s?lat=%.6f&lon=%.6f&%s", path, lat, lon, extra))
end
