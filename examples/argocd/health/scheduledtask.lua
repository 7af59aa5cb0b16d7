-- Argo CD health check for slipway.dev/ScheduledTask (Lua 5.1, as Argo CD runs it).
-- Argo CD sets the global obj to the live resource; this chunk returns hs = {status, message}.
-- Source of truth: examples/argocd/argocd-cm.yaml embeds this exact text (a test checks it).
-- shared: begin (the same text in every health script, which Argo CD runs standalone; a test
-- keeps the copies equal)
local hs = {}

local function condition(status, kind)
  if type(status.conditions) ~= "table" then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if type(c) == "table" and c.type == kind then
      return c
    end
  end
  return nil
end

local function nonEmpty(s)
  return type(s) == "string" and s ~= ""
end

-- "<reason>: <message>", leaving out whatever is missing.
local function describe(reason, message, fallback)
  if nonEmpty(reason) and nonEmpty(message) then
    return reason .. ": " .. message
  elseif nonEmpty(message) then
    return message
  elseif nonEmpty(reason) then
    return reason
  end
  return fallback
end

local function number(n)
  if type(n) == "number" then
    return string.format("%d", n)
  end
  return tostring(n)
end

local status = obj.status
local generation = nil
local deleting = false
if type(obj.metadata) == "table" then
  generation = obj.metadata.generation
  deleting = obj.metadata.deletionTimestamp ~= nil
end

if type(status) ~= "table" then
  hs.status = "Progressing"
  if generation ~= nil then
    hs.message = "Waiting for the operator to observe generation " .. number(generation)
  else
    hs.message = "Waiting for the operator to report a status"
  end
  return hs
end

local ready = condition(status, "Ready") or {}
local degraded = condition(status, "Degraded") or {}

-- A pass that threw keeps the old phase and says why only in the Degraded condition: an
-- unexpected error, or a database or AWS that does not answer (retried with backoff).
local retrying = {
  ReconcileError = true,
  DatabaseUnavailable = true,
  DatabaseError = true,
  AwsUnavailable = true,
  KubernetesApiError = true
}
if degraded.status == "True" and retrying[degraded.reason] then
  hs.status = "Degraded"
  hs.message = describe(degraded.reason, degraded.message, "the operator's last pass failed")
  return hs
end

-- Deletion bumps the generation without a new spec: report it before staleness. A teardown
-- step that cannot proceed needs a person (or the abandon annotation).
if deleting or status.phase == "Deleting" then
  if degraded.status == "True" and degraded.reason == "TeardownBlocked" then
    hs.status = "Degraded"
    hs.message = describe("TeardownBlocked", status.message, "TeardownBlocked")
  else
    hs.status = "Progressing"
    hs.message = describe("Deleting", status.message, "Deleting")
  end
  return hs
end

if type(generation) == "number" and (type(status.observedGeneration) ~= "number"
    or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. number(generation)
  return hs
end

local phase = status.phase
local message = status.message
if not nonEmpty(message) then
  message = ready.message
end
-- shared: end

-- Health is whether the schedule is what the spec asks for, not how the latest run went: a
-- failed run stays Healthy (its result in the message) because no sync can fix it, and the
-- alerts SlipwayScheduledTaskNoSuccess and SlipwayScheduledTaskRunsFailing watch the runs
-- (see docs/argocd.md).
if phase == "Scheduled" then
  hs.status = "Healthy"
  hs.message = describe(nil, message, "Scheduled")
  local result = status.lastResult
  if nonEmpty(result) and result ~= "Succeeded" then
    local since = "no success yet"
    if nonEmpty(status.lastSuccessTime) then
      since = "last success " .. status.lastSuccessTime
    end
    hs.message = hs.message .. "; last run " .. result .. " (" .. since .. ")"
  end
elseif phase == "Pending" then
  -- Waiting for its release to complete a rollout (reason WaitingForRelease).
  hs.status = "Progressing"
  hs.message = describe(ready.reason, message, phase)
elseif phase == "Suspended" or phase == "Sleeping" then
  -- spec.suspend, or its release sleeps with its environment: no run starts.
  hs.status = "Suspended"
  hs.message = describe(nil, message, phase)
elseif phase == "Invalid" or phase == "Failed" then
  -- Invalid: the spec cannot run. Failed: a schedule that is not Slipway's holds the name
  -- (ScheduleConflict), the wrong AWS account (WrongAccount), or AWS refused the schedule.
  hs.status = "Degraded"
  hs.message = describe(ready.reason or phase, message, phase)
elseif phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a phase"
else
  hs.status = "Progressing"
  hs.message = describe("Unknown phase " .. tostring(phase), message, nil)
end
return hs
