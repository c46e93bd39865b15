-- wrk script: a mix of cheap reads of the public API (scripts/soak-serve.sh).
local paths = {
  "/healthz",
  "/api/places/nearest?lat=45.77&lon=3.08&limit=5",
  "/api/places/nearest?lat=48.85&lon=2.35&limit=10",
  "/api/places?departement=19&limit=50",
  "/api/communes/search?q=tulle",
  "/api/communes/19272",
  "/api/route?from=44.84,-0.58&to=44.90,-0.50",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
