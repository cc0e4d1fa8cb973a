using Skillgate.Protocol;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using Skillgate.Skills;

namespace Skillgate.Server.SkillRuns;

/// <summary>The skills of <c>Skillgate:Skills:Directory</c>, loaded and validated on first use and kept.</summary>
internal sealed class SkillRunCatalog(GatewayOptions options)
{
    private readonly Lazy<PortableSkillRuntime> _runtime = new(() => new PortableSkillRuntime(SkillSet.Load(options.Skills.Directory!)));

    /// <summary>The runtime over the configured skills.</summary>
    /// <exception cref="GatewayException">No directory is configured, or its skills are invalid.</exception>
    public PortableSkillRuntime Runtime
    {
        get
        {
            if (string.IsNullOrWhiteSpace(options.Skills.Directory))
            {
                throw new GatewayException(404, AnthropicErrorTypes.NotFound, "Skill runs are not enabled on this gateway: set Skillgate:Skills:Directory to a folder of skills.");
            }

            try
            {
                return _runtime.Value;
            }
            catch (SkillRunException ex)
            {
                throw new GatewayException(500, AnthropicErrorTypes.Api, "The gateway's skills directory is invalid: " + ex.Message);
            }
        }
    }
}
