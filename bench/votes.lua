-- wrk script for bench/votes.sh: every request is a new signed-out reader (a fresh
-- browser token) who either votes in the story's poll or reacts to it. Counts the
-- answers that say the action was stored, so the shell script can compare them with
-- the database afterwards.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + id * 7919)
  voted, reacted, other = 0, 0, 0
  sent_votes, sent_reactions = 0, 0
  slug = os.getenv("WKLY_BENCH_SLUG")
  option = os.getenv("WKLY_BENCH_OPTION")
  origin = os.getenv("WKLY_BENCH_ORIGIN")
end

local function token()
  local t = {}
  for i = 1, 64 do t[i] = string.format("%x", math.random(0, 15)) end
  return table.concat(t)
end

request = function()
  local path, body
  if math.random() < 0.5 then
    path, body = "/s/" .. slug .. "/vote", "option=" .. option
    sent_votes = sent_votes + 1
  else
    path, body = "/s/" .. slug .. "/react", "kind=useful"
    sent_reactions = sent_reactions + 1
  end
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
    ["Cookie"] = "wkly_browser=" .. token(),
  }, body)
end

response = function(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  if status == 303 and location:find("n=voted", 1, true) then
    voted = voted + 1
  elseif status == 303 and location:find("n=reacted", 1, true) then
    reacted = reacted + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local v, r, o, sv, sr = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    v = v + t:get("voted")
    r = r + t:get("reacted")
    o = o + t:get("other")
    sv = sv + t:get("sent_votes")
    sr = sr + t:get("sent_reactions")
  end
  io.write(string.format("ANSWERS voted=%d reacted=%d other=%d\n", v, r, o))
  io.write(string.format("SENT votes=%d reactions=%d\n", sv, sr))
end
