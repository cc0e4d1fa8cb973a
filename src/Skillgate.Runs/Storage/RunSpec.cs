namespace Skillgate.Runs.Storage;

/// <summary>What a run was created with; stored as JSON so <c>--resume</c> needs nothing but the run id.</summary>
internal sealed record RunSpec(
    string Id,
    string Template,
    string Input,
    string Output,
    string Model,
    int MaxTokens,
    RunMode Mode,
    DateTimeOffset CreatedAt,
    DateTimeOffset DeadlineAt,
    int Concurrency,
    int BatchSize,
    TimeSpan BatchPollInterval,
    TimeSpan BatchPollMaxInterval,
    IReadOnlyList<string> Problems);
