-- Argo CD health check for firefly.io/FireflyStack.
-- Without it Argo CD calls a FireflyStack healthy as soon as it exists, long before its
-- CloudFormation stack is; with it, syncs and sync waves wait for the stack.
local hs = {}

local function findCondition(status, conditionType)
  if status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(status.conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function isTrue(status, conditionType)
  local condition = findCondition(status, conditionType)
  return condition ~= nil and condition.status == "True"
end

local function messageOr(status, fallback)
  if status.message ~= nil and status.message ~= "" then
    return status.message
  end
  return fallback
end

local progressingPhases = {
  Pending = true,
  WaitingForDependencies = true,
  Creating = true,
  Importing = true,
  Updating = true,
  Deleting = true,
  DeletionBlocked = true,
}

local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator"
  return hs
end

local phase = status.phase
local deleting = obj.metadata.deletionTimestamp ~= nil
local generation = obj.metadata.generation

-- A status written for an older generation says nothing about the current spec. Deletion is the
-- exception: the API server raises the generation when it marks the object for deletion, and
-- from then on the status describes the deletion, whatever generation it names.
if not deleting and generation ~= nil and status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = string.format("Waiting for the operator to observe generation %d", generation)
  return hs
end

-- A person must act: deletion protection, a failed rollback, a bad template.
if isTrue(status, "Stalled") or phase == "Failed" or phase == "DeleteFailed" then
  local stalled = findCondition(status, "Stalled")
  local fallback = "Phase " .. tostring(phase)
  if stalled ~= nil and stalled.message ~= nil and stalled.message ~= "" then
    fallback = stalled.message
  end
  hs.status = "Degraded"
  hs.message = messageOr(status, fallback)
  return hs
end

if deleting or isTrue(status, "Reconciling") or (phase ~= nil and progressingPhases[phase]) then
  hs.status = "Progressing"
  hs.message = messageOr(status, "Phase " .. tostring(phase))
  return hs
end

if isTrue(status, "Ready") then
  hs.status = "Healthy"
  hs.message = messageOr(status, "Stack " .. tostring(status.stackStatus))
  return hs
end

hs.status = "Progressing"
hs.message = messageOr(status, "Waiting for the Ready condition")
return hs
