-- The workshop vote under load: each request is one of 30 phones (a session and a CSRF secret
-- each, from BENCH_SESSIONS as "sessionid:csrfsecret ..."), posting the points in BENCH_BODY.
-- Reports with wrk-report.lua's `done`.

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

-- `done` (the report line bench/run.py reads) comes from wrk-report.lua.
dofile(os.getenv("BENCH_REPORT"))
