package io.firefly.operator.api;

/** Typed reasons of the FireflyStack conditions: what happened, machine-readable. */
public enum ConditionReason {
    StackReady,
    Suspended,
    WaitingForDependencies,
    DependenciesReady,
    DependencyCycle,
    InputMissing,
    InvalidInput,
    ChangeSetPending,
    ChangeSetExecuting,
    StackInProgress,
    CleaningUp,
    TemplateInvalid,
    MissingCapabilities,
    ChangeSetFailed,
    CreateFailed,
    UpdateFailed,
    ImportFailed,
    ImportRefused,
    StackOwnedByAnother,
    RollbackFailed,
    UpdateRollbackFailed,
    StackDeleteFailed,
    Throttled,
    AwsError,
    DeletionBlocked,
    Deleting,
    DeleteFailed,
    UnknownFieldsIgnored,
    Unreadable
}
