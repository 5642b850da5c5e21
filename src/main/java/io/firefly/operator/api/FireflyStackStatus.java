package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the operator observed; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class FireflyStackStatus {
    private Long observedGeneration;
    private Phase phase;
    private String account;
    private String stackId;
    private String stackStatus;
    private String stackStatusReason;
    private ChangeSetStatus changeSet;
    private Map<String, String> outputs = new LinkedHashMap<>();
    private List<String> importedResources = new ArrayList<>();
    private List<String> waitingFor = new ArrayList<>();
    private List<String> blockedBy = new ArrayList<>();
    private List<FailedResource> failedResources = new ArrayList<>();
    private DriftStatus drift;
    private String message;
    private List<Condition> conditions = new ArrayList<>();

    @JsonIgnore
    public Optional<Condition> condition(ConditionType type) {
        return conditions.stream().filter(c -> type.name().equals(c.getType())).findFirst();
    }

    @JsonIgnore
    public boolean isTrue(ConditionType type) {
        return condition(type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public Phase getPhase() { return phase; }
    public void setPhase(Phase phase) { this.phase = phase; }
    /** The FireflyAccount the stack was deployed through; absent for the operator's own identity. */
    public String getAccount() { return account; }
    public void setAccount(String account) { this.account = account; }
    public String getStackId() { return stackId; }
    public void setStackId(String stackId) { this.stackId = stackId; }
    public String getStackStatus() { return stackStatus; }
    public void setStackStatus(String stackStatus) { this.stackStatus = stackStatus; }
    public String getStackStatusReason() { return stackStatusReason; }
    public void setStackStatusReason(String stackStatusReason) { this.stackStatusReason = stackStatusReason; }
    public ChangeSetStatus getChangeSet() { return changeSet; }
    public void setChangeSet(ChangeSetStatus changeSet) { this.changeSet = changeSet; }
    public Map<String, String> getOutputs() { return outputs; }
    public void setOutputs(Map<String, String> outputs) { this.outputs = outputs == null ? new LinkedHashMap<>() : outputs; }
    public List<String> getImportedResources() { return importedResources; }
    public void setImportedResources(List<String> importedResources) { this.importedResources = importedResources == null ? new ArrayList<>() : importedResources; }
    public List<String> getWaitingFor() { return waitingFor; }
    public void setWaitingFor(List<String> waitingFor) { this.waitingFor = waitingFor == null ? new ArrayList<>() : waitingFor; }
    public List<String> getBlockedBy() { return blockedBy; }
    public void setBlockedBy(List<String> blockedBy) { this.blockedBy = blockedBy == null ? new ArrayList<>() : blockedBy; }
    public List<FailedResource> getFailedResources() { return failedResources; }
    public void setFailedResources(List<FailedResource> failedResources) { this.failedResources = failedResources == null ? new ArrayList<>() : failedResources; }
    public DriftStatus getDrift() { return drift; }
    public void setDrift(DriftStatus drift) { this.drift = drift; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions == null ? new ArrayList<>() : conditions; }
}
