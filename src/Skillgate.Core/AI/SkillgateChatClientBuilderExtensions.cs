using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Redaction;
using Skillgate.Skills;

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

    /// <summary>
    /// Adds portable skills (progressive disclosure by Skillgate, over plain Messages): every skill's name and description
    /// in the instructions, <c>load_skill</c> and <c>read_skill_file</c> as tools that this layer runs itself, calling the
    /// inner client again until the model answers without them. Bundled scripts are never executed.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="directory">A skill folder, or a folder of skill folders; loaded and validated now.</param>
    /// <param name="options">The limits; default <see cref="PortableSkillOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="SkillRunException">The folder holds no valid skill set (every error listed).</exception>
    public static ChatClientBuilder UseSkills(this ChatClientBuilder builder, string directory, PortableSkillOptions? options = null) =>
        builder.UseSkills(SkillSet.Load(directory), options);

    /// <summary>Adds portable skills over <paramref name="skills"/>; see <see cref="UseSkills(ChatClientBuilder, string, PortableSkillOptions?)"/>.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="skills">The skills offered to the model.</param>
    /// <param name="options">The limits; default <see cref="PortableSkillOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static ChatClientBuilder UseSkills(this ChatClientBuilder builder, SkillSet skills, PortableSkillOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var runtime = new PortableSkillRuntime(skills, options);
        return builder.Use(inner => new SkillsChatClient(inner, runtime));
    }
}
