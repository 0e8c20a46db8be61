-- New leases: POST /v1/leases/<resource>/acquire, a resource never leased before on every request (a new lease grain,
-- its state read and its first compare-and-swap written before the grant).
-- wrk -t1 -c64 -d10s -s bench/wrk/new-lease.lua http://127.0.0.1:PORT -- <run id>
local counter = 0
local run = "run"

function init(args)
  run = args[1] or tostring(os.time())
  wrk.method = "POST"
  wrk.body = '{"holder":"wrk","ttlMs":60000}'
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  return wrk.format(nil, "/v1/leases/wrk-" .. run .. "-" .. counter .. "/acquire")
end

function response(status)
  if status ~= 200 then
    print("unexpected status " .. status)
    wrk.thread:stop()
  end
end
