-- wrk script of benchmarks/soak.py: mixed GETs over a list of paths, optionally at a fixed rate.
--
--   wrk -t2 -c8 -d60s -s benchmarks/soak.lua http://127.0.0.1:8000 -- PATHS_FILE [INTERVAL_MS]
--
-- PATHS_FILE holds one path a line, repeated as often as it should be asked (the mix). Each thread
-- starts at its own place in the list and walks it in turn. With INTERVAL_MS > 0 each thread sends
-- at most one request per INTERVAL_MS (a token bucket over the thread's connections: wrk itself
-- has no rate control, unlike wrk2); with 0 it sends as fast as the server answers (capacity).
-- `done` prints one line of JSON for soak.py: counts, errors and latency percentiles (µs).

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
int clock_gettime(int clock_id, soak_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("soak_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("number", counter)
  table.insert(threads, thread)
end

local paths = {}
local position = 1
local interval = 0
local next_slot = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  interval = tonumber(args[2] or "0") or 0
  -- Threads start spread over the list, so that they do not all ask for the same URL.
  position = ((number or 1) - 1) * math.floor(#paths / 7) % #paths + 1
end

function request()
  local path = paths[position]
  position = position % #paths + 1
  local headers = {}
  if path:sub(1, 5) == "/api/" then
    headers["Accept"] = "application/json"
  end
  return wrk.format("GET", path, headers)
end

function delay()
  if interval <= 0 then
    return 0
  end
  local now = now_ms()
  local slot = math.max(next_slot, now)
  next_slot = slot + interval
  return math.floor(slot - now)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
      .. '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout, latency:percentile(50), latency:percentile(99), latency.max
  ))
end
