namespace Skillgate.Scheduling;

/// <summary>One upstream (an Anthropic-compatible endpoint) and the keys the scheduler may use on it.</summary>
public sealed class SchedulerUpstreamOptions
{
    /// <summary>The upstream's name, as the transport knows it. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>The upstream's keys. At least one.</summary>
    public IList<SchedulerKeyOptions> Keys { get; set; } = new List<SchedulerKeyOptions>();

    /// <summary>Adaptive concurrency for this upstream.</summary>
    public ConcurrencyOptions Concurrency { get; set; } = new();

    /// <summary>Returns the upstream's name.</summary>
    public override string ToString() => $"upstream {Name}";

    internal void Validate(string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add($"{path}:Name is required.");
        }

        if (Keys is null || Keys.Count == 0)
        {
            errors.Add($"{path}:Keys must list at least one key (upstream '{Name}').");
        }
        else
        {
            for (var i = 0; i < Keys.Count; i++)
            {
                Keys[i].Validate($"{path}:Keys:{i}", errors);
            }
        }

        if (Concurrency is null)
        {
            errors.Add($"{path}:Concurrency is required.");
        }
        else
        {
            Concurrency.Validate($"{path}:Concurrency", errors);
        }
    }
}
