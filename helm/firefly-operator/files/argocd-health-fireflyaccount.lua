-- Argo CD health check for firefly.io/FireflyAccount.
-- Healthy once the operator has assumed the account's role; Degraded, with STS's answer, when it
-- cannot (a trust policy that does not trust the operator, a wrong external ID).
local hs = {}

local function findCondition(status, conditionType)
  if status == nil or status.conditions == nil then
    return nil
  end
  for _, condition in ipairs(status.conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local status = obj.status
local generation = obj.metadata.generation
if status == nil or (generation ~= nil and status.observedGeneration ~= generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to assume the account's role"
  return hs
end

local ready = findCondition(status, "Ready")
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end

hs.message = ready.message
if ready.status == "True" then
  hs.status = "Healthy"
else
  hs.status = "Degraded"
end
return hs
