using Microsoft.Extensions.AI;
using Skillgate.Redaction;
using Skillgate.Upstream;

namespace Skillgate.AI;

/// <summary>Reads the per-call settings of <see cref="SkillgateChatOptions"/> from <see cref="ChatOptions.AdditionalProperties"/>.</summary>
internal static class ChatAdmission
{
    /// <summary>The admission facts of a call (tenant, priority, deadline); defaults when the call sets none.</summary>
    public static ChatAdmissionFacts FactsFor(ChatOptions? options, TimeProvider timeProvider)
    {
        if (options?.AdditionalProperties is not { Count: > 0 } properties)
        {
            return default;
        }

        var tenant = properties.TryGetValue(SkillgateChatOptions.Tenant, out var t) ? t?.ToString() : null;
        var priority = properties.TryGetValue(SkillgateChatOptions.Priority, out var p) ? ParsePriority(p) : (RequestPriority?)null;
        var deadline = properties.TryGetValue(SkillgateChatOptions.Deadline, out var d) ? ParseDeadline(d) : null;
        if (properties.TryGetValue(SkillgateChatOptions.MaxQueueWait, out var w))
        {
            var relative = timeProvider.GetUtcNow() + ParseTimeSpan(w, SkillgateChatOptions.MaxQueueWait);
            deadline = deadline is { } absolute && absolute < relative ? absolute : relative;
        }

        return new ChatAdmissionFacts(tenant, priority ?? RequestPriority.Interactive, deadline);
    }

    /// <summary>The redaction mode the call asks for, or null for the default.</summary>
    public static RedactionMode? RedactionModeFor(ChatOptions? options)
    {
        if (options?.AdditionalProperties is not { Count: > 0 } properties || !properties.TryGetValue(SkillgateChatOptions.RedactionMode, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            RedactionMode mode when Enum.IsDefined(mode) => mode,
            string text when Enum.TryParse<RedactionMode>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) => parsed,
            _ => throw Invalid(SkillgateChatOptions.RedactionMode, "off, redact or pseudonymize"),
        };
    }

    private static RequestPriority ParsePriority(object? value) => value switch
    {
        RequestPriority priority when Enum.IsDefined(priority) => priority,
        string text when Enum.TryParse<RequestPriority>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) => parsed,
        _ => throw Invalid(SkillgateChatOptions.Priority, "interactive or batch"),
    };

    private static DateTimeOffset? ParseDeadline(object? value) => value switch
    {
        null => null,
        DateTimeOffset deadline => deadline,
        DateTime time => new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time),
        _ => throw Invalid(SkillgateChatOptions.Deadline, "a DateTimeOffset"),
    };

    private static TimeSpan ParseTimeSpan(object? value, string key) => value switch
    {
        TimeSpan span when span >= TimeSpan.Zero => span,
        _ => throw Invalid(key, "a non-negative TimeSpan"),
    };

    private static ArgumentException Invalid(string key, string expected) =>
        new($"ChatOptions.AdditionalProperties[\"{key}\"] must be {expected}.", "options");
}
