-- Fenced writes: PUT /v1/objects/<key> with one lease's Fencing-Token, spread over 1,024 keys of that lease's resource.
-- wrk -t1 -c64 -d10s -s bench/wrk/fenced-write.lua http://127.0.0.1:PORT -- <token> <run id>   (bench/wrk/run.sh takes the lease)
-- A key is bound to the resource of the first write to it, so each run writes keys of its own.
local counter = 0
local run = "run"
local body = string.rep("x", 64)

function init(args)
  wrk.method = "PUT"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/octet-stream"
  wrk.headers["Fencing-Token"] = args[1]
  run = args[2] or run
end

function request()
  counter = counter + 1
  return wrk.format(nil, "/v1/objects/wrk-" .. run .. "-" .. (counter % 1024) .. ".obj")
end

function response(status)
  if status ~= 200 then
    print("unexpected status " .. status)
    wrk.thread:stop()
  end
end
