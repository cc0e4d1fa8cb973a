using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Redaction;

namespace Skillgate.AI;

/// <summary>Adds Skillgate's layers to any <see cref="ChatClientBuilder"/> pipeline.</summary>
public static class SkillgateChatClientBuilderExtensions
{
    /// <summary>
    /// Adds the redaction layer: outgoing messages are pseudonymized (or redacted) and the answer restored, streaming
    /// included; a failure of redaction throws <see cref="RedactionFailedException"/> and nothing is sent. The mode
    /// comes from the pseudonymizer's options, or per call from <see cref="SkillgateChatOptions.RedactionMode"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="pseudonymizer">The pseudonymizer to use; null resolves it from the services (<c>AddSkillgate</c> registers one).</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseSkillgateRedaction(this ChatClientBuilder builder, Pseudonymizer? pseudonymizer = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
            new RedactingChatClient(inner, pseudonymizer ?? services.GetRequiredService<Pseudonymizer>()));
    }
}
