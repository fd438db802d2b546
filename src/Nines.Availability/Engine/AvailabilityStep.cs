using Nines.Availability.Model;
using Nines.Availability.Redundancy;

namespace Nines.Availability.Engine;

/// <summary>
/// One thing the applier must do, in outcome order: a demotion is always published before the promotion
/// that follows it. <see cref="HaState"/> is set for <see cref="StepKind.SetHaState"/> (null: the
/// assignment is removed).
/// </summary>
public sealed record AvailabilityStep(
    StepKind Kind,
    string Group,
    string Reason,
    string? Unit = null,
    string? Host = null,
    string? Instance = null,
    HaState? HaState = null,
    InstantiationRequest? Request = null);
