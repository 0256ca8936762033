namespace Aggregator.Domain.UnitYears;

/// <summary>What a <see cref="UnitYear"/> decided: <see cref="UnitYearAccepted"/> or <see cref="UnitYearRejected"/>.</summary>
public abstract record UnitYearOutcome;
