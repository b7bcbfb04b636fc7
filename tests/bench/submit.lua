-- wrk script: POST a 300-row roster with a fresh Idempotency-Key per request.
--   TOKEN=… wrk -t2 -c32 -d30s -s tests/bench/submit.lua --latency http://127.0.0.1:PORT/api/v1/submissions
local counter = 0
local rows = {}
for i = 1, 300 do
  local eh = 60 + ((i - 1) * 7) % 70
  rows[#rows + 1] = string.format(
    '{"row":%d,"cells":{"seq":%d,"id":"000%06d","name":"张伟","gender":"男","birth":"1980-05","hire":"2003-09",' ..
    '"school_hours":60,"school_credits":6,"external_hours":%d,"external_credits":%g,"public_course":"合格",' ..
    '"total_hours":%d,"total_credits":%g,"verdict":"%s"}}',
    4 + i, i, (i - 1) * 3 + 1, eh, eh / 10, 60 + eh, 6 + eh / 10, (eh >= 70 and 60 + eh >= 120) and "合格" or "不合格")
end
local body = '{"year":2023,"rows":[' .. table.concat(rows, ",") .. ']}'
local token = os.getenv("TOKEN")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function request()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = string.format("wrk-%d-%d-%d", tid, os.time(), counter),
  }
  return wrk.format("POST", nil, headers, body)
end
