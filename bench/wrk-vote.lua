-- The workshop vote under load: each request is one of 30 phones (a session and a CSRF secret
-- each, from BENCH_SESSIONS as "sessionid:csrfsecret ..."), posting the points in BENCH_BODY.
-- Reports like wrk-report.lua.

local phones = {}
for pair in string.gmatch(os.getenv("BENCH_SESSIONS") or "", "%S+") do
  local session, secret = string.match(pair, "([^:]+):([^:]+)")
  table.insert(phones, { session = session, secret = secret })
end
local body = os.getenv("BENCH_BODY") or ""
local turn = 0

request = function()
  turn = turn % #phones + 1
  local phone = phones[turn]
  return wrk.format("POST", nil, {
    ["Cookie"] = "sessionid=" .. phone.session .. "; csrftoken=" .. phone.secret,
    ["X-CSRFToken"] = phone.secret,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Referer"] = "http://127.0.0.1/",
  }, body)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format(
    "RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration, errors,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
