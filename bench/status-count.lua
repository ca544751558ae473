-- SPDX-License-Identifier: GPL-2.0-or-later
-- wrk script: request the paths of a file in rotation and count the
-- answers by status.
--
--   wrk -t2 -c4 -d60s -s bench/status-count.lua http://HOST:PORT -- PATHS
--
-- PATHS holds one request path (with its query string) a line.  At the
-- end it prints a line "STATUS CODE COUNT" for each status seen, over
-- all threads; a 503 without Retry-After is counted as
-- "503-without-Retry-After".  Used by bench/load.py and
-- tests/faults/search-during-reindex.sh.

local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  codes = {}
  paths = {}
  i = 0
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
end

request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

response = function(status, headers, body)
  local k = tostring(status)
  if status == 503 and headers["Retry-After"] == nil then
    k = "503-without-Retry-After"
  end
  codes[k] = (codes[k] or 0) + 1
end

done = function(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    local c = t:get("codes")
    for k, v in pairs(c) do
      all[k] = (all[k] or 0) + v
    end
  end
  for k, v in pairs(all) do
    io.write("STATUS " .. k .. " " .. v .. "\n")
  end
end
