-- bench/http.lua - the wrk script of bench/http: cycles through a file of
-- request paths (one a line, already percent-encoded; lw_http_inproc urls
-- writes them), each wrk thread starting at its own place in the list, and
-- at the end prints the run's figures as one line for bench/http to read:
--
--   wrk -t2 -c64 -d30s --latency -s bench/http.lua http://127.0.0.1:PORT -- PATHS.txt 2
--
-- The arguments after "--": the file of paths and wrk's thread count (-t).
-- No response() callback: wrk then neither parses bodies nor slows down;
-- it counts non-2xx/3xx answers by itself (summary.errors.status).

local threads = 0

function setup(thread)
	thread:set("id", threads)
	threads = threads + 1
end

local reqs = {}
local at = 1

function init(args)
	local file = args[1]
	local nthreads = tonumber(args[2] or "1")
	if not file then
		error("bench/http.lua: no file of request paths (wrk ... -- PATHS.txt THREADS)")
	end
	local f = assert(io.open(file, "r"))
	for line in f:lines() do
		if line ~= "" then
			reqs[#reqs + 1] = wrk.format("GET", line)
		end
	end
	f:close()
	if #reqs == 0 then
		error("bench/http.lua: no request paths in " .. file)
	end
	-- Thread t starts t/n of the way through the list.
	at = math.floor((id or 0) * #reqs / nthreads) % #reqs + 1
end

function request()
	local r = reqs[at]
	at = at + 1
	if at > #reqs then
		at = 1
	end
	return r
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		"wrk-result requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d " ..
		"status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f\n",
		summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
		e.status, e.timeout, latency:percentile(50), latency:percentile(90),
		latency:percentile(99), latency.max, latency.mean))
end
