using Skillgate.Server.Hosting;

namespace Skillgate.Server.Conversations;

/// <summary>Checks <see cref="GatewayConversationOptions"/> at start-up, naming the key at fault.</summary>
internal static class ConversationOptionsValidation
{
    private const string S = GatewayOptions.SectionName + ":Conversations";

    public static void Validate(GatewayConversationOptions? options, List<string> failures)
    {
        if (options is null)
        {
            failures.Add($"{S} is required.");
            return;
        }

        if (string.IsNullOrWhiteSpace(options.Store) || options.Store.Trim() is ConversationServices.RedisPrefix or ConversationServices.SqlitePrefix)
        {
            failures.Add($"{S}:Store must be a SQLite file path or 'redis:' followed by a Redis configuration string.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultModel))
        {
            failures.Add($"{S}:DefaultModel is required.");
        }

        if (options.DefaultContextWindow < 1024)
        {
            failures.Add($"{S}:DefaultContextWindow must be at least 1024 (was {options.DefaultContextWindow}).");
        }

        if (options.DefaultMaxTokens < 1 || options.DefaultMaxTokens >= options.DefaultContextWindow)
        {
            failures.Add($"{S}:DefaultMaxTokens must be positive and below DefaultContextWindow (was {options.DefaultMaxTokens}).");
        }

        if (options.CacheBytes <= 0)
        {
            failures.Add($"{S}:CacheBytes must be positive (was {options.CacheBytes}).");
        }
    }
}
